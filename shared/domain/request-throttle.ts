import type { ThrottleDecision } from './accounts/login-throttle.ts';

/**
 * Per-subject request limits (docs/abuse-limits.md): per user and per source address on the signed-in
 * routes, per source address on the public RSVP routes. Two layers, both decided here and kept by
 * shared/http/request-limiter.ts:
 *
 * - a token bucket per subject in each container (no I/O): `burst` requests at once, refilled at
 *   `perWindow / windowSeconds` a second. A page that loads a dozen things at once and a person clicking
 *   around stay far below it; a script hammering the API meets it within a second.
 * - a coarse shared count per subject and window in DynamoDB, so that many containers (Lambda scales out)
 *   cannot each grant the full rate: a container adds its count in batches of `flushEvery` (one UpdateItem
 *   per batch, none at all for a subject that makes fewer requests a window), and a subject past
 *   `perWindow` is held in that container until the window ends. The shared count may run over by up to
 *   `flushEvery - 1` per container: it bounds a flood, it is not an exact quota.
 */
export type RequestThrottleRule = {
  /** The window counter's scope (`RATE#<scope>#<subject>`). */
  scope: string;
  perWindow: number;
  windowSeconds: number;
  burst: number;
  flushEvery: number;
};

/**
 * The rule for a limit of `perWindow` requests a window: a burst of a tenth of it, counted in batches of
 * half that (so a subject below a twentieth of its allowance in a container never causes a write).
 */
export function windowRule(scope: string, perWindow: number, windowSeconds: number): RequestThrottleRule {
  const burst = Math.max(1, Math.ceil(perWindow / 10));
  return { scope, perWindow, windowSeconds, burst, flushEvery: Math.max(1, Math.ceil(burst / 2)) };
}

/**
 * The rule for a small limit on a public route that acts (registration, the forgotten-password mail): the
 * window's whole allowance at once, so a burst in one container meets the limit exactly as the fixed window
 * did (the tenth of windowRule would refuse the second of three allowed requests), refilled evenly; the
 * shared count reached every half allowance and never on a caller's first request, so a person who
 * registers or asks for a reset once causes no rate-limit write at all.
 */
export function allowanceRule(scope: string, perWindow: number, windowSeconds: number): RequestThrottleRule {
  return { scope, perWindow, windowSeconds, burst: perWindow, flushEvery: Math.max(2, Math.ceil(perWindow / 2)) };
}

/** The rule for a limit of `perMinute`: a burst of six seconds' worth. */
export const throttleRule = (scope: string, perMinute: number): RequestThrottleRule => windowRule(scope, perMinute, 60);

/** A token bucket: tokens left as of `atMs`. */
export type TokenBucket = { tokens: number; atMs: number };

/**
 * Takes one token for a request at `nowMs` (a bucket not seen yet is full). Refused when less than one
 * is left; the wait is until one has come back.
 */
export function takeToken(bucket: TokenBucket | undefined, rule: Pick<RequestThrottleRule, 'perWindow' | 'windowSeconds' | 'burst'>, nowMs: number): { bucket: TokenBucket; decision: ThrottleDecision } {
  const perMs = rule.perWindow / (rule.windowSeconds * 1000);
  const refilled = bucket ? Math.min(rule.burst, bucket.tokens + Math.max(0, nowMs - bucket.atMs) * perMs) : rule.burst;
  if (refilled >= 1) return { bucket: { tokens: refilled - 1, atMs: nowMs }, decision: { allowed: true } };
  return { bucket: { tokens: refilled, atMs: nowMs }, decision: { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - refilled) / perMs / 1000)) } };
}
