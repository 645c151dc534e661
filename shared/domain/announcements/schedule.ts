import type { FieldProblem } from '../../http/errors.ts';
import { sendInstant } from '../invitations/send-date.ts';

/**
 * An announcement's `send_at` (docs/announcements.md, "Scheduled"): read as an invitation batch's
 * `send_date` is (an instant with an offset, or a local date-time in the event's zone), in the future and
 * at most a year ahead (the sending quota is charged when it is scheduled; a year bounds what waits).
 */
export const MAX_SCHEDULE_AHEAD_MS = 365 * 24 * 3600 * 1000;

export function announcementSendAt(value: string, timezone: string, now: Date): { instant: string } | { problem: FieldProblem } {
  const resolved = sendInstant(value, timezone, now);
  if ('problem' in resolved) return { problem: { path: 'send_at', message: resolved.problem.message.replace('send_date', 'send_at') } };
  if (Date.parse(resolved.instant) > now.getTime() + MAX_SCHEDULE_AHEAD_MS) return { problem: { path: 'send_at', message: 'send_at must be at most a year ahead' } };
  // One format for every instant (the outbox's due keys compare as strings).
  return { instant: new Date(resolved.instant).toISOString() };
}

/** A scheduled announcement may be cancelled until its sending starts (the sender marks it `pending` first). */
export const announcementStatuses = ['scheduled', 'pending', 'sent', 'failed', 'cancelled'] as const;
export type AnnouncementStatus = (typeof announcementStatuses)[number];

/** Why an announcement was cancelled: by a planner, or by the sender because its event was deleted while it waited. */
export const announcementCancelReasons = ['planner', 'event_deleted'] as const;
export type AnnouncementCancelReason = (typeof announcementCancelReasons)[number];
