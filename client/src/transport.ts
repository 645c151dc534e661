import { retryAfterSeconds } from './problem.ts';
import type { SessionKeeper } from './session.ts';

/**
 * The fetch function under the typed client. Every request goes through it, so what every caller would
 * otherwise hand-write happens once, here:
 * - the session's access token as `Authorization: Bearer` (refreshed ahead of expiry, and once more when
 *   the server refuses it, then the request is sent again);
 * - an `Idempotency-Key` on every POST, generated once and sent again on each retry, so a retried POST
 *   never creates twice;
 * - bounded retries: 429 and 503 after their `Retry-After`, 409 `request_in_progress` (the same key is
 *   still running), and a network failure where sending again is safe (a GET, or a signed-in POST whose
 *   key the server stores).
 */
export type FetchLike = (request: Request) => Promise<Response>;

export type RetryPolicy = {
  /** Retries after the first attempt (default 3). */
  maxRetries?: number;
  /** A Retry-After longer than this is not waited for: the error goes to the caller (default 10 s). */
  maxDelayMs?: number;
  /** Wait when the server gave no Retry-After, doubled per retry (default 500 ms). */
  baseDelayMs?: number;
};

export type TransportOptions = {
  fetch: FetchLike;
  /** Absent for the refresh exchange itself, which must never carry or refresh a token. */
  session?: SessionKeeper;
  retry?: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
  newIdempotencyKey?: () => string;
};

const IDEMPOTENCY_KEY = 'idempotency-key';
const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A refused token: the API's 401, or API Gateway's Lambda authorizer answering 403 `{"message":
 * "Forbidden"}` (plain JSON, never a problem document) for an expired token.
 */
const refusesToken = (response: Response): boolean =>
  response.status === 401 || (response.status === 403 && !(response.headers.get('content-type') ?? '').includes('problem+json'));

async function isStillRunning(response: Response): Promise<boolean> {
  if (response.status !== 409) return false;
  const body = (await response.clone().json().catch(() => null)) as { code?: unknown } | null;
  return body?.code === 'request_in_progress';
}

export function createTransport(options: TransportOptions): FetchLike {
  const maxRetries = options.retry?.maxRetries ?? 3;
  const maxDelayMs = options.retry?.maxDelayMs ?? 10_000;
  const baseDelayMs = options.retry?.baseDelayMs ?? 500;
  const sleep = options.sleep ?? sleepFor;
  const newKey = options.newIdempotencyKey ?? (() => crypto.randomUUID());
  const backoff = (retry: number) => baseDelayMs * 2 ** retry;

  /** How long to wait before sending again, or null when this answer is final. */
  async function retryDelay(response: Response, retry: number): Promise<number | null> {
    if (response.status === 429 || response.status === 503) {
      const seconds = retryAfterSeconds(response.headers);
      const delay = seconds === null ? backoff(retry) : seconds * 1000;
      return delay <= maxDelayMs ? delay : null;
    }
    return (await isStillRunning(response)) ? backoff(retry) : null;
  }

  return async function send(request: Request): Promise<Response> {
    // Read once: a Request's body is a stream that one fetch consumes, and every retry sends it again.
    const body = request.body ? await request.arrayBuffer() : undefined;
    const headers = new Headers(request.headers);
    if (request.method === 'POST' && !headers.has(IDEMPOTENCY_KEY)) headers.set(IDEMPOTENCY_KEY, newKey());
    const ownAuthorization = headers.has('authorization');
    let refreshedOnce = false;

    for (let retry = 0; ; retry += 1) {
      const token = ownAuthorization || !options.session ? null : await options.session.accessToken();
      const attemptHeaders = new Headers(headers);
      if (token) attemptHeaders.set('authorization', `Bearer ${token}`);
      const attempt = new Request(request.url, { method: request.method, headers: attemptHeaders, body, signal: request.signal });

      let response: Response;
      try {
        response = await options.fetch(attempt);
      } catch (error) {
        const safeToResend = request.method === 'GET' || (request.method === 'POST' && token !== null);
        if (!safeToResend || retry >= maxRetries || request.signal.aborted) throw error;
        await sleep(backoff(retry));
        continue;
      }

      if (token && !refreshedOnce && refusesToken(response) && options.session) {
        refreshedOnce = true;
        const fresh = await options.session.replaceRefused(token);
        if (fresh) {
          await response.body?.cancel();
          retry -= 1; // sending with the new token is not a retry of a failure
          continue;
        }
        return response;
      }

      const delay = retry < maxRetries ? await retryDelay(response, retry) : null;
      if (delay === null) return response;
      await response.body?.cancel();
      await sleep(delay);
    }
  };
}
