import type middy from '@middy/core';
import { randomUUID } from 'node:crypto';
import { config } from '../../config.ts';
import { createLogger } from '../../logger.ts';
import { countServiceUnavailableGiven } from '../../observability/metrics.ts';
import { securityEvent } from '../../security/events.ts';
import type { HttpEvent, HttpRequestContext, HttpResult } from '../types.ts';

/** Gives each request an id (API Gateway's when present) and a logger that stamps it on every line. */
export function requestContext(group: string): middy.MiddlewareObj<HttpEvent, HttpResult, Error, HttpRequestContext> {
  return {
    before: (request) => {
      const requestId = request.event.requestContext?.requestId || randomUUID();
      request.context.requestId = requestId;
      request.context.log = createLogger(
        { requestId, group, route: request.event.routeKey },
        config().LOG_LEVEL,
      );
      request.context.startedAt = Date.now();
    },
    after: (request) => finish(request),
    onError: (request) => finish(request),
  };
}

function finish(request: middy.Request<HttpEvent, HttpResult, Error, HttpRequestContext>): void {
  if (!request.response) return;
  request.response.headers = { ...request.response.headers, 'X-Request-Id': request.context.requestId };
  request.context.log.info('request', {
    status: request.response.statusCode,
    durationMs: Date.now() - request.context.startedAt,
    userId: request.context.caller?.userId,
  });
  if (request.response.statusCode === 503) countServiceUnavailableGiven();
  const refusal = refusalKind(request.response.statusCode, request.context.access);
  if (refusal) {
    securityEvent(refusal, {
      route: request.event.routeKey,
      status: request.response.statusCode,
      code: problemCode(request.response.body),
      user_id: request.context.caller?.userId,
      session_id: request.context.caller?.sessionId,
      source_ip: request.event.requestContext?.http?.sourceIp,
      request_id: request.context.requestId,
    });
  }
}

type RefusalKind = 'rate_limited' | 'access.refused' | 'input.refused' | 'rule.refused';

// Refused input on any route: a burst of these is someone probing the validation (ASVS 16.3.3).
const inputRefusals = new Set([400, 413, 415]);
// Business rules refused (a full event, a state that does not allow the change, a duplicate): a burst is
// someone trying to get around the rules. Edit races (412, 428) are ordinary and left out.
const ruleRefusals = new Set([409, 422]);

/**
 * Which answers are security events: every 429, every refused input and business rule, and on protected
 * routes every 401, 403 and 404 (a 404 is also the answer for what the caller may not see). Public routes'
 * 401s and 403s are logged where they are decided (a failed sign-in, a reused refresh token), with what
 * they mean.
 */
function refusalKind(status: number, access: 'public' | 'protected' | undefined): RefusalKind | null {
  if (status === 429) return 'rate_limited';
  if (inputRefusals.has(status)) return 'input.refused';
  if (ruleRefusals.has(status)) return 'rule.refused';
  return access === 'protected' && (status === 401 || status === 403 || status === 404) ? 'access.refused' : null;
}

const problemCode = (body: unknown): string | undefined => {
  if (typeof body !== 'string' || !body.startsWith('{')) return undefined;
  try {
    const code = (JSON.parse(body) as { code?: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
};
