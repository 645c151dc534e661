import { type RequestThrottleRule, windowRule } from '../request-throttle.ts';

/**
 * The public RSVP routes are limited per source address (RSVP_REQUESTS_PER_SOURCE_PER_10_MINUTES, 300 by
 * default), like the signed-in routes: a token bucket in each container and a shared count per 10-minute
 * window reached only in batches (shared/domain/request-throttle.ts). The limit is generous: a household or
 * a venue's Wi-Fi shares one address, and a code cannot be guessed anyway (256 bits); the limit is there to
 * stop hammering, not guessing.
 */
export const RSVP_RATE_WINDOW_SECONDS = 10 * 60;

export const rsvpRateRule = (perWindow: number): RequestThrottleRule => windowRule('rsvp-ip', perWindow, RSVP_RATE_WINDOW_SECONDS);
