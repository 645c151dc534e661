import { type ThrottleDecision, windowAt, type ThrottleWindow } from '../accounts/login-throttle.ts';

/**
 * The public RSVP routes are limited per source address, in fixed windows like sign-in throttling. The
 * limit is generous: a household or a venue's Wi-Fi shares one address, and a code cannot be guessed
 * anyway (256 bits); the limit is there to stop hammering, not guessing.
 */
export const RSVP_RATE_LIMIT = { requests: 300, windowSeconds: 10 * 60, scope: 'rsvp-ip' } as const;

export const rsvpRateWindow = (now: Date): ThrottleWindow => windowAt(now, RSVP_RATE_LIMIT.windowSeconds);

export function rsvpRateDecision(requestsSoFar: number, window: ThrottleWindow, now: Date): ThrottleDecision {
  if (requestsSoFar <= RSVP_RATE_LIMIT.requests) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, window.end - Math.floor(now.getTime() / 1000)) };
}
