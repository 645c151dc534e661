/**
 * Every error the API answers with. Each class carries its HTTP status, a stable `code` and whether its
 * message may be shown to the caller. Anything that is not an HttpError becomes a generic 500.
 */
import type { ProblemReason } from '../domain/guest-problems/reasons.ts';

/**
 * One invalid field. `reason` (a guest's answer's problems) is the stable code the guest's pages translate
 * by; it is never answered: the problem document's `errors` hold `path` and `message` only.
 */
export type FieldProblem = { path: string; message: string; reason?: ProblemReason };

/** Where a caller stands against the daily sending quota, answered with 429 sending_quota_exceeded. */
export type SendingQuotaState = { limit: number; sent: number; remaining: number; requested: number; resets_at: string };

export class HttpError extends Error {
  readonly expose: boolean = true;
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly title: string,
    message: string,
    /** `quota`: an RFC 9457 extension member of a sending-quota refusal (shared/api-contract/problem.ts documents it). */
    readonly extra: { errors?: FieldProblem[]; headers?: Record<string, string>; quota?: SendingQuotaState; cap?: CollectionCapState } = {},
  ) {
    super(message);
  }
}

/** A body of thousands of wrong fields must not make an answer of thousands of problems. */
export const MAX_LISTED_PROBLEMS = 100;

export class ValidationError extends HttpError {
  constructor(errors: FieldProblem[], message = 'The request has invalid fields.') {
    const listed = errors.slice(0, MAX_LISTED_PROBLEMS);
    const detail = errors.length > listed.length ? `${message} ${errors.length} problems; the first ${listed.length} are listed.` : message;
    super(400, 'validation_error', 'Invalid request', detail, { errors: listed });
  }
}

/** A body that uses `__proto__`, `constructor` or `prototype` as a key (shared/http/body/prototype-keys.ts). */
export class ReservedFieldNameError extends HttpError {
  constructor(errors: FieldProblem[]) {
    super(400, 'reserved_field_name', 'Reserved field name', 'The body uses __proto__, constructor or prototype as a field name; no field of this API is named so.', {
      errors: errors.slice(0, MAX_LISTED_PROBLEMS),
    });
  }
}

export class MalformedJsonError extends HttpError {
  constructor() {
    super(400, 'malformed_json', 'Malformed JSON', 'The request body is not valid JSON.');
  }
}

export class BadRequestError extends HttpError {
  constructor(code: string, message: string) {
    super(400, code, 'Bad request', message);
  }
}

export class UnauthorizedError extends HttpError {
  /** `code` narrows the reason where the caller can act on it (`invalid_credentials`, `refresh_token_reused`). */
  constructor(message = 'Missing or invalid credentials.', code = 'unauthorized') {
    super(401, code, 'Unauthorized', message, { headers: { 'WWW-Authenticate': 'Bearer' } });
  }
}

export class ForbiddenError extends HttpError {
  /** `code` narrows the reason where the caller can act on it (`wrong_password`, `email_not_verified`, `invitation_expired`). */
  constructor(message = 'Your role does not allow this.', code = 'forbidden') {
    super(403, code, 'Forbidden', message);
  }
}

export class NotFoundError extends HttpError {
  constructor(what = 'resource') {
    super(404, 'not_found', 'Not found', `The ${what} does not exist.`);
  }
}

export class ConflictError extends HttpError {
  constructor(code: string, message: string) {
    super(409, code, 'Conflict', message);
  }
}

/** 409 capacity_exceeded for sub-events without a seat: their titles kept for the guest's pages, which say it in the guest's language. */
export class SubEventsFullError extends ConflictError {
  constructor(readonly subEventTitles: string[]) {
    super('capacity_exceeded', `${subEventTitles.join(', ')}: full; there is no seat for this answer.`);
  }
}

/** A conflict about several named things at once, each a problem of its own (the events an account deletion needs a choice for). */
export class ConflictListError extends HttpError {
  constructor(code: string, message: string, errors: FieldProblem[]) {
    const listed = errors.slice(0, MAX_LISTED_PROBLEMS);
    super(409, code, 'Conflict', errors.length > listed.length ? `${message} ${errors.length} in all; the first ${listed.length} are listed.` : message, { errors: listed });
  }
}

/** Adding guests past MAX_GUESTS_PER_EVENT (shared/domain/guests/guest-limit.ts says how much room is left). */
export class GuestLimitExceededError extends ConflictError {
  constructor(detail: string) {
    super('guest_limit_exceeded', detail);
  }
}

/** A capped collection of an event and its cap, answered with 409 collection_full (shared/domain/collections/caps.ts). */
export type CollectionCapState = { collection: string; max: number };

/** Adding to a collection answered whole past its cap. */
export class CollectionFullError extends HttpError {
  constructor(detail: string, cap: CollectionCapState) {
    super(409, 'collection_full', 'Collection full', detail, { cap });
  }
}

export class VersionConflictError extends ConflictError {
  constructor() {
    super('version_conflict', 'The resource changed since you read it; fetch it again and retry.');
  }
}

export class PayloadTooLargeError extends HttpError {
  constructor(limit: number) {
    super(413, 'payload_too_large', 'Payload too large', `The request body exceeds ${limit} bytes.`);
  }
}

export class UnsupportedMediaTypeError extends HttpError {
  constructor(expected = 'application/json') {
    super(415, 'unsupported_media_type', 'Unsupported media type', `The request body must be ${expected}.`);
  }
}

export class RateLimitedError extends HttpError {
  constructor(retryAfterSeconds: number, message = 'Too many attempts; try again later.') {
    super(429, 'rate_limited', 'Too many requests', message, {
      headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
    });
  }
}

/** Sending to guests (or custom invitation text) from an account whose email address is not verified. */
export class EmailVerificationRequiredError extends HttpError {
  constructor(message = 'Verify your email address before sending emails to guests.') {
    super(403, 'email_verification_required', 'Email verification required', message);
  }
}

/** More emails to guests than the caller's daily quota has left (shared/domain/accounts/sending-quota.ts). */
export class SendingQuotaExceededError extends HttpError {
  constructor(detail: string, quota: SendingQuotaState, retryAfterSeconds: number) {
    super(429, 'sending_quota_exceeded', 'Sending quota exceeded', detail, { headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) }, quota });
  }
}

/** A link in custom invitation text that is not https (shared/domain/invitations/template-links.ts). */
export class UnsafeLinkError extends HttpError {
  constructor(errors: FieldProblem[]) {
    super(400, 'unsafe_link', 'Unsafe link', `Links in invitation text must use https: ${errors.map((problem) => problem.message).join('; ')}`, { errors });
  }
}

export class ServiceUnavailableError extends HttpError {
  constructor(retryAfterSeconds = 1) {
    super(503, 'service_unavailable', 'Service unavailable', 'The service is busy; retry shortly.', {
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
  }
}
