import type middy from '@middy/core';
import { config } from '../../config.ts';
import { combine } from '../../domain/accounts/login-throttle.ts';
import { throttleRule } from '../../domain/request-throttle.ts';
import { RateLimitedError } from '../errors.ts';
import { RequestLimiter } from '../request-limiter.ts';
import type { HttpEvent, HttpRequestContext, HttpResult } from '../types.ts';

/**
 * Protected routes: each request counts against its user and its source address
 * (shared/domain/request-throttle.ts says how, shared/http/request-limiter.ts keeps the count). Runs after
 * authentication, so a caller is known; a refusal is 429 `rate_limited` with Retry-After, which the request
 * context logs as a `rate_limited` security event like every 429.
 */
const limiter = new RequestLimiter();

export function throttle(): middy.MiddlewareObj<HttpEvent, HttpResult, Error, HttpRequestContext> {
  return {
    before: async (request) => {
      const { caller, access } = request.context;
      if (access !== 'protected' || !caller) return;
      const now = new Date();
      const { USER_REQUESTS_PER_MINUTE, SOURCE_REQUESTS_PER_MINUTE } = config();
      const decision = combine(
        await Promise.all([
          limiter.take(throttleRule('api-user', USER_REQUESTS_PER_MINUTE), caller.userId, now),
          limiter.take(throttleRule('api-source', SOURCE_REQUESTS_PER_MINUTE), request.event.requestContext.http.sourceIp, now),
        ]),
      );
      if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds, 'Too many requests; wait for Retry-After seconds.');
    },
  };
}
