import * as z from 'zod';
import {
  CollectionFullError, ConflictError, EmailVerificationRequiredError, ForbiddenError, GuestLimitExceededError, HttpError, ReservedFieldNameError, SendingQuotaExceededError, UnsafeLinkError, MalformedJsonError, NotFoundError, PayloadTooLargeError, RateLimitedError, ServiceUnavailableError,
  UnauthorizedError, UnsupportedMediaTypeError, ValidationError, VersionConflictError,
} from '../http/errors.ts';
import { collectionFullDetail } from '../domain/collections/caps.ts';
import { guestLimitDetail } from '../domain/guests/guest-limit.ts';
import { MAX_BODY_BYTES } from '../http/middleware/json-body.ts';
import { httpErrorProblem, internalErrorProblem } from '../http/middleware/problem-response.ts';

/** RFC 9457 problem details as every 4xx/5xx of the API answers them (shared/http/middleware/problem-response.ts). */
export const problemSchema = z
  .strictObject({
    type: z.string().meta({ description: 'A URI naming the problem type', example: 'https://errors.event-planning.dev/validation_error' }),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string(),
    code: z.string().regex(/^[a-z][a-z0-9_]*$/).meta({ description: 'Stable snake_case word to branch on (validation_error, not_found, version_conflict, ...)' }),
    errors: z
      .array(z.strictObject({ path: z.string(), message: z.string() }))
      .optional()
      .meta({ description: 'Every invalid field at once (400 validation_error)' }),
    quota: z
      .strictObject({
        limit: z.number().int().meta({ description: 'Emails to guests this account may send per UTC day' }),
        sent: z.number().int().meta({ description: 'Already sent (queued) today' }),
        remaining: z.number().int(),
        requested: z.number().int().meta({ description: 'Emails this request would have sent' }),
        resets_at: z.string().meta({ description: 'When the day\'s count starts again (the next UTC midnight)' }),
      })
      .optional()
      .meta({ description: 'Where the account stands against its daily sending quota (429 sending_quota_exceeded)' }),
    cap: z
      .strictObject({
        collection: z.string().meta({ description: 'The capped collection: timeline, checklist or budget_items' }),
        max: z.number().int().meta({ description: 'Most items the collection may hold per event' }),
      })
      .optional()
      .meta({ description: 'The cap a refused add would pass (409 collection_full)' }),
    request_id: z.string().meta({ description: 'Quote it when reporting a problem' }),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details, served as application/problem+json' });
export type Problem = z.infer<typeof problemSchema>;

export const problemStatuses = [400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 503] as const;
export type ProblemStatus = (typeof problemStatuses)[number];

export const problemDescriptions: Record<ProblemStatus, string> = {
  400: 'Malformed JSON or invalid fields (all of them listed in `errors`)',
  401: 'No, bad or expired credentials, or an ended session',
  403: 'Signed in, but your role on this event does not allow it (or the event requires a second factor you have not set up: mfa_required)',
  404: 'No such resource, or one you may not see',
  409: 'A version conflict, a duplicate, or the same Idempotency-Key still running',
  413: `The body is larger than ${MAX_BODY_BYTES} bytes`,
  415: 'The body is not of the media type this route reads',
  422: 'Well-formed, but what it refers to does not match (an uploaded file unlike its declaration)',
  429: 'Too many attempts; wait for Retry-After seconds',
  500: 'Unexpected failure; quote request_id',
  503: 'A dependency is not ready; retry after Retry-After seconds',
};

const REQUEST_ID = 'c0a8012e-5f0b-4c1d-9d7e-2b6f1a3e4d5c';
const bodyOf = (error: HttpError): Problem => JSON.parse(httpErrorProblem(error, REQUEST_ID).body as string) as Problem;

/** One real answer per status, made by the same error classes and problem builder the handlers use. */
export const problemExamples: Record<ProblemStatus, Problem> = {
  400: bodyOf(new ValidationError([{ path: 'event_date', message: 'Required (event_date, or date with an optional time)' }, { path: 'capacity', message: 'Too small: expected number to be >=1' }])),
  401: bodyOf(new UnauthorizedError()),
  403: bodyOf(new ForbiddenError()),
  404: bodyOf(new NotFoundError('event')),
  409: bodyOf(new VersionConflictError()),
  413: bodyOf(new PayloadTooLargeError(MAX_BODY_BYTES)),
  415: bodyOf(new UnsupportedMediaTypeError()),
  422: bodyOf(new HttpError(422, 'upload_mismatch', 'Upload does not match', 'The uploaded file differs from what was declared for this version.', {
    errors: [{ path: 'size', message: 'Declared 482113 bytes, uploaded 1024' }],
  })),
  429: bodyOf(new RateLimitedError(60)),
  500: JSON.parse(internalErrorProblem(REQUEST_ID).body as string) as Problem,
  503: bodyOf(new ServiceUnavailableError(1)),
};

/** Further named examples where one status has several common causes. */
export const extraProblemExamples: Partial<Record<ProblemStatus, Record<string, Problem>>> = {
  400: {
    malformed_json: bodyOf(new MalformedJsonError()),
    unsafe_link: bodyOf(new UnsafeLinkError([{ path: 'invitation_template.body', message: '"http://photos.example.com" is not an https link' }])),
    reserved_field_name: bodyOf(new ReservedFieldNameError([{ path: 'allocations.constructor', message: '"constructor" is not accepted as a field name' }])),
  },
  403: {
    email_verification_required: bodyOf(new EmailVerificationRequiredError()),
    email_not_verified: bodyOf(new ForbiddenError('Verify your email address first, or open the link in the invitation email.', 'email_not_verified')),
    invitation_expired: bodyOf(new ForbiddenError('This invitation has expired; ask the team for a new one.', 'invitation_expired')),
    mfa_required: bodyOf(new ForbiddenError("This event's team must sign in with a second factor: set up an authenticator app in your account first.", 'mfa_required')),
  },
  429: {
    sending_quota_exceeded: bodyOf(new SendingQuotaExceededError(
      'Your account may send 200 emails to guests per day (UTC); 12 remain today and this request sends 40. The count resets at 2026-12-06T00:00:00.000Z. Send to fewer guests now (guest_ids or audience) or the rest after the reset.',
      { limit: 200, sent: 188, remaining: 12, requested: 40, resets_at: '2026-12-06T00:00:00.000Z' },
      3600,
    )),
  },
  409: {
    conflict: bodyOf(new ConflictError('username_taken', 'This username is already taken.')),
    invitation_taken: bodyOf(new ConflictError('invitation_taken', 'This invitation was already accepted.')),
    guest_limit_exceeded: bodyOf(new GuestLimitExceededError(guestLimitDetail(10_000, 9_990, 25))),
    collection_full: bodyOf(new CollectionFullError(collectionFullDetail('timeline', 500, 1), { collection: 'timeline', max: 500 })),
  },
};
