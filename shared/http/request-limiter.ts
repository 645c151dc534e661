import { addToWindow } from '../data/rate-limits.ts';
import { type ThrottleDecision, type ThrottleWindow, windowAt } from '../domain/accounts/login-throttle.ts';
import { type RequestThrottleRule, takeToken, type TokenBucket } from '../domain/request-throttle.ts';

/**
 * A container's request limiter (rules in shared/domain/request-throttle.ts): the token bucket of each
 * subject in memory, and the shared count in DynamoDB reached only in batches, so a subject that stays
 * well within its allowance is answered with no call at all. One per container: the signed-in routes'
 * throttle middleware and the public routes each keep one; tests make two to play two containers.
 */
type SubjectState = { bucket?: TokenBucket; windowStart: number; pending: number; heldUntil: number; seenAtMs: number };

/** Adds a batch to a subject's shared count of the window and answers the total (shared/data/rate-limits.ts). */
export type SharedCount = (scope: string, subject: string, window: ThrottleWindow, delta: number) => Promise<number>;

/** Bounded, so a spread of addresses cannot grow a container's memory without end. */
const MAX_SUBJECTS = 10_000;

export class RequestLimiter {
  private readonly subjects = new Map<string, SubjectState>();

  constructor(private readonly sharedCount: SharedCount = addToWindow) {}

  /** Takes one request of `subject` under `rule` at `now`: allowed, or refused with the wait. */
  async take(rule: RequestThrottleRule, subject: string, now: Date): Promise<ThrottleDecision> {
    const nowMs = now.getTime();
    const nowSeconds = Math.floor(nowMs / 1000);
    const window = windowAt(now, rule.windowSeconds);
    const state = this.stateOf(`${rule.scope}#${subject}`, nowMs, window.start, rule.windowSeconds);
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
    const total = await this.sharedCount(rule.scope, subject, window, batch);
    if (total <= rule.perWindow) return { allowed: true };
    state.heldUntil = window.end;
    return { allowed: false, retryAfterSeconds: Math.max(1, window.end - nowSeconds) };
  }

  private stateOf(key: string, nowMs: number, windowStart: number, windowSeconds: number): SubjectState {
    const known = this.subjects.get(key);
    if (known) return known;
    if (this.subjects.size >= MAX_SUBJECTS) {
      // Subjects idle for a window have nothing left to hold against them but a full bucket.
      for (const [name, state] of this.subjects) if (state.seenAtMs < nowMs - windowSeconds * 1000) this.subjects.delete(name);
      if (this.subjects.size >= MAX_SUBJECTS) this.subjects.clear();
    }
    const fresh: SubjectState = { windowStart, pending: 0, heldUntil: 0, seenAtMs: nowMs };
    this.subjects.set(key, fresh);
    return fresh;
  }
}
