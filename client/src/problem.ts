import type { components } from './generated/api.ts';

/** The API's error body (RFC 9457 problem details), as the OpenAPI document defines it. */
export type Problem = components['schemas']['Problem'];

/**
 * The stable codes of CONVENTIONS §1 and the ones routes add, for autocompletion; any other snake_case
 * word the server answers is still a valid `code` (the `string & {}` keeps the literals suggested).
 */
export type ProblemCode =
  | 'validation_error' | 'malformed_json' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'version_conflict'
  | 'capacity_exceeded' | 'rate_limited' | 'payload_too_large' | 'unsupported_media_type' | 'service_unavailable'
  | 'request_in_progress' | 'idempotency_key_reused' | 'invalid_credentials' | 'refresh_token_reused' | 'internal_error'
  | (string & {});

/** Codes for answers that are not problem documents (API Gateway's own refusals, a proxy's error page). */
const codeByStatus: Record<number, ProblemCode> = {
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  429: 'rate_limited',
  503: 'service_unavailable',
};

const isProblem = (body: unknown): body is Problem =>
  typeof body === 'object' && body !== null && typeof (body as Problem).code === 'string' && typeof (body as Problem).status === 'number';

/** Seconds from a Retry-After header (delta-seconds or an HTTP date), or null without one. */
export function retryAfterSeconds(headers: Headers, now = Date.now()): number | null {
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * A refused request as an error to catch and branch on by `code`. Built from the problem document, or
 * for a body that is not one, from the status (so `code` is always there).
 */
export class ApiProblem extends Error {
  override readonly name = 'ApiProblem';
  readonly status: number;
  readonly code: ProblemCode;
  readonly title: string;
  readonly detail: string;
  /** Every invalid field at once, for 400 validation_error. */
  readonly errors: { path: string; message: string }[];
  readonly requestId: string | undefined;
  /** Seconds the server asked to wait (429, 503), when it said. */
  readonly retryAfter: number | null;

  constructor(status: number, problem: Partial<Problem> & { code: ProblemCode }, retryAfter: number | null = null) {
    super(problem.detail ?? problem.title ?? problem.code);
    this.status = status;
    this.code = problem.code;
    this.title = problem.title ?? problem.code;
    this.detail = problem.detail ?? this.title;
    this.errors = problem.errors ?? [];
    this.requestId = problem.request_id;
    this.retryAfter = retryAfter;
  }

  /** The error for a response that was not a success; `body` is its parsed JSON, or its text. */
  static fromResponse(response: Response, body: unknown): ApiProblem {
    const retryAfter = retryAfterSeconds(response.headers);
    if (isProblem(body)) return new ApiProblem(response.status, body, retryAfter);
    const message = typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string'
      ? (body as { message: string }).message
      : response.statusText || `HTTP ${response.status}`;
    const code = codeByStatus[response.status] ?? (response.status >= 500 ? 'internal_error' : `http_${response.status}`);
    return new ApiProblem(response.status, { code, title: message, detail: message }, retryAfter);
  }
}
