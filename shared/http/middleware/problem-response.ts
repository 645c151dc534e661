import type middy from '@middy/core';
import { isTransientAwsFailure, retryAfterSeconds } from '../../aws/transient-errors.ts';
import { HttpError, ServiceUnavailableError } from '../errors.ts';
import type { HttpEvent, HttpRequestContext, HttpResult } from '../types.ts';

/**
 * The one error handler: every failure becomes an RFC 9457 problem document. HttpErrors show their own
 * message; an AWS failure that time cures (throttling, a timeout, a 5xx that outlasted the SDK's retries)
 * is a 503 with Retry-After, since the request was fine; anything else is a 500 with the request id and
 * nothing from the error itself.
 */
export function problemResponse(): middy.MiddlewareObj<HttpEvent, HttpResult, Error, HttpRequestContext> {
  return {
    onError: (request) => {
      const { error, context } = request;
      if (error instanceof HttpError) {
        request.response = httpErrorProblem(error, context.requestId);
        return;
      }
      if (isTransientAwsFailure(error)) {
        context.log.warn('AWS busy or unreachable after retries: answered 503', { name: error?.name });
        request.response = httpErrorProblem(new ServiceUnavailableError(retryAfterSeconds(error)), context.requestId);
        return;
      }
      context.log.error('unhandled error', {
        name: error?.name,
        message: error?.message,
        stack: error?.stack,
      });
      request.response = internalErrorProblem(context.requestId);
    },
  };
}

/** The answer for an HttpError. Exported so the local gateway's own refusals look the same. */
export function httpErrorProblem(error: HttpError, requestId: string): HttpResult {
  return problem(error.statusCode, {
    type: `https://errors.event-planning.dev/${error.code}`,
    title: error.title,
    detail: error.message,
    code: error.code,
    ...(error.extra.errors ? { errors: error.extra.errors.map(({ path, message }) => ({ path, message })) } : {}),
    ...(error.extra.quota ? { quota: error.extra.quota } : {}),
    ...(error.extra.cap ? { cap: error.extra.cap } : {}),
  }, requestId, error.extra.headers);
}

/** The answer for anything unexpected: the request id, nothing from the error itself. */
export function internalErrorProblem(requestId: string): HttpResult {
  return problem(500, {
    type: 'https://errors.event-planning.dev/internal_error',
    title: 'Internal server error',
    detail: 'Something went wrong on our side. Quote the request id if you contact support.',
    code: 'internal_error',
  }, requestId);
}

export function problem(
  status: number,
  body: Record<string, unknown>,
  requestId: string,
  headers: Record<string, string> = {},
): HttpResult {
  return {
    statusCode: status,
    headers: { 'Content-Type': 'application/problem+json', ...headers },
    body: JSON.stringify({ ...body, status, request_id: requestId }),
  };
}
