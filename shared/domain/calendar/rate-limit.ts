import { type RequestThrottleRule, windowRule } from '../request-throttle.ts';

/**
 * `GET /calendar/{token}` is limited per source address like the public RSVP routes (a token bucket per
 * container and a shared count per window, shared/domain/request-throttle.ts): calendar apps fetch a
 * subscription every few minutes to hours, so 120 per 10 minutes leaves room for a whole office behind one
 * address while a script hammering the route meets the limit within seconds. A token cannot be guessed
 * (256 bits); the limit is there to stop load, not guessing.
 */
export const CALENDAR_FEED_RATE_WINDOW_SECONDS = 10 * 60;
export const CALENDAR_FEED_REQUESTS_PER_WINDOW = 120;

export const calendarFeedRateRule = (): RequestThrottleRule => windowRule('calendar-ip', CALENDAR_FEED_REQUESTS_PER_WINDOW, CALENDAR_FEED_RATE_WINDOW_SECONDS);
