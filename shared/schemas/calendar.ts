import * as z from 'zod';

/** What the calendar feed routes accept (docs/calendar-feeds.md). */

/** `GET /calendar/{token}`: a token of any other shape is a 404 like an unknown one, never a 400 that tells them apart. */
export const calendarFeedParams = z.object({ token: z.string().max(200) });
