import type middy from '@middy/core';
import { config } from '../../config.ts';
import { addToWindow } from '../../data/rate-limits.ts';
import { combine, type ThrottleDecision, windowAt } from '../../domain/accounts/login-throttle.ts';
import { type RequestThrottleRule, takeToken, THROTTLE_WINDOW_SECONDS, throttleRule, type TokenBucket } from '../../domain/request-throttle.ts';
import { RateLimitedError } from '../errors.ts';
import type { HttpEvent, HttpRequestContext, HttpResult } from '../types.ts';

/**
 * Protected routes: each request counts against its user and its source address
 * (shared/domain/request-throttle.ts says how). Runs after authentication, so a caller is known; a refusal
 * is 429 `rate_limited` with Retry-After, which the request context logs as a `rate_limited` security
 * event like every 429.
 */
type SubjectState = { bucket?: TokenBucket; windowStart: number; pending: number; heldUntil: number; seenAtMs: number };

/** This container's view of each subject; bounded, so a spread of addresses cannot grow it without end. */
const subjects = new Map<string, SubjectState>();
const MAX_SUBJECTS = 10_000;

function stateOf(key: string, nowMs: number, windowStart: number): SubjectState {
  const known = subjects.get(key);
  if (known) return known;
  if (subjects.size >= MAX_SUBJECTS) {
    // Subjects idle for a window have nothing left to hold against them but a full bucket.
    for (const [name, state] of subjects) if (state.seenAtMs < nowMs - THROTTLE_WINDOW_SECONDS * 1000) subjects.delete(name);
    if (subjects.size >= MAX_SUBJECTS) subjects.clear();
  }
  const fresh: SubjectState = { windowStart, pending: 0, heldUntil: 0, seenAtMs: nowMs };
  subjects.set(key, fresh);
  return fresh;
}

async function decide(rule: RequestThrottleRule, subject: string, now: Date): Promise<ThrottleDecision> {
  const nowMs = now.getTime();
  const nowSeconds = Math.floor(nowMs / 1000);
  const window = windowAt(now, THROTTLE_WINDOW_SECONDS);
  const state = stateOf(`${rule.scope}#${subject}`, nowMs, window.start);
  state.seenAtMs = nowMs;
  if (state.heldUntil > nowSeconds) return { allowed: false, retryAfterSeconds: state.heldUntil - nowSeconds };
  const taken = takeToken(state.bucket, rule, nowMs);
  state.bucket = taken.bucket;
  if (!taken.decision.allowed) return taken.decision;
  if (state.windowStart !== window.start) {
    state.windowStart = window.start;
    state.pending = 0;
  }
  state.pending += 1;
  if (state.pending < rule.flushEvery) return { allowed: true };
  const batch = state.pending;
  state.pending = 0;
  const total = await addToWindow(rule.scope, subject, window, batch);
  if (total <= rule.perMinute) return { allowed: true };
  state.heldUntil = window.end;
  return { allowed: false, retryAfterSeconds: Math.max(1, window.end - nowSeconds) };
}

export function throttle(): middy.MiddlewareObj<HttpEvent, HttpResult, Error, HttpRequestContext> {
  return {
    before: async (request) => {
      const { caller, access } = request.context;
      if (access !== 'protected' || !caller) return;
      const now = new Date();
      const { USER_REQUESTS_PER_MINUTE, SOURCE_REQUESTS_PER_MINUTE } = config();
      const decision = combine(
        await Promise.all([
          decide(throttleRule('api-user', USER_REQUESTS_PER_MINUTE), caller.userId, now),
          decide(throttleRule('api-source', SOURCE_REQUESTS_PER_MINUTE), request.event.requestContext.http.sourceIp, now),
        ]),
      );
      if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds, 'Too many requests; wait for Retry-After seconds.');
    },
  };
}
