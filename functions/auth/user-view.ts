import type { UserRecord } from '#shared/data/users.ts';
import { isEmailVerified } from '#shared/domain/accounts/verification.ts';

/** What the API shows of a user: never the password hash, nor internal counters and versions. */
export type PublicUser = {
  id: string;
  username: string;
  email: string;
  full_name: string;
  phone: string | null;
  /** Whether the owner of `email` has followed the verification link (docs/email-verification.md). */
  email_verified: boolean;
  created_at: string;
  updated_at: string;
};

export const publicUser = (user: UserRecord): PublicUser => ({
  id: user.id,
  username: user.username,
  email: user.email,
  full_name: user.full_name,
  phone: user.phone ?? null,
  email_verified: isEmailVerified(user),
  created_at: user.created_at,
  updated_at: user.updated_at,
});

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 3600 * 1000;

/** An event has passed once its start time is behind us; a date alone, once that whole day (UTC) is over. */
export function eventHasPassed(eventDate: string, now: Date): boolean {
  const start = Date.parse(DATE_ONLY.test(eventDate) ? `${eventDate}T00:00:00Z` : eventDate);
  if (Number.isNaN(start)) return false;
  return (DATE_ONLY.test(eventDate) ? start + DAY_MS : start) <= now.getTime();
}

/** Events attended: those that took place (passed and not cancelled) among the ones answered yes. */
export const countAttended = (events: { event_date?: string; status?: string }[], now: Date): number =>
  events.filter((event) => event.status !== 'cancelled' && typeof event.event_date === 'string' && eventHasPassed(event.event_date, now))
    .length;
