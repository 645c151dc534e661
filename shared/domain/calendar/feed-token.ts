import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The token of a member's calendar feed (docs/calendar-feeds.md): the event's id, the member's user id and
 * 256 bits from the CSPRNG (base64url, 43 characters), 95 characters in all, the path of
 * `GET /calendar/{token}`. The ids let the feed find its item in the event's collection directly (as a
 * child id names its event); the secret makes the URL unguessable. The table keeps its SHA-256 only, so
 * a copy of the table opens no feed; a new token (rotation) or none (revocation) ends the old URL.
 */
const ID = '[0-9A-HJKMNP-TV-Z]{26}';
const TOKEN_SHAPE = new RegExp(`^(${ID})(${ID})[A-Za-z0-9_-]{43}$`);

export type CalendarFeedToken = { token: string; hash: string };

export const hashCalendarFeedToken = (token: string): string => createHash('sha256').update(token).digest('base64url');

export function newCalendarFeedToken(eventId: string, userId: string): CalendarFeedToken {
  const token = `${eventId}${userId}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashCalendarFeedToken(token) };
}

/** The event and member a token names, or null when it does not have a token's shape (never looked up). */
export function parseCalendarFeedToken(token: string): { eventId: string; userId: string } | null {
  const match = TOKEN_SHAPE.exec(token);
  return match ? { eventId: match[1] as string, userId: match[2] as string } : null;
}

/** Whether the presented token is the one whose hash is stored (compared in constant time). */
export function matchesCalendarFeedToken(token: string, storedHash: string): boolean {
  const presented = Buffer.from(hashCalendarFeedToken(token));
  const stored = Buffer.from(storedHash);
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
