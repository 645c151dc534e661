import { utcDay } from './events/rules.ts';
/**
 * What the reminders job owes, decided from what the per-day index holds and the clock (injected, never
 * read here). Each reminder has a key naming what it is about; the job records the key with the notice,
 * so a rerun or a retry never sends the same reminder twice.
 *
 * - Due soon: an unfinished timeline or checklist item due within the next 24 hours, once per due date.
 * - Overdue: an unfinished item whose due time passed within the last 24 hours, once per due date. (The
 *   job runs every 15 minutes; the 24-hour look-back covers missed runs. An item created already overdue
 *   by more than a day is not reminded of: the planner just saw it.)
 * - Weekly digest: on Mondays (UTC), each event with something due in the coming 7 days gets one digest
 *   for its organizer: the items and payments due that week and the RSVPs still pending. Once per ISO week.
 * The recipient is the assignee when the item is assigned to a member still on the team, else the organizer.
 */
export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;
export const DIGEST_DAYS = 7;

export type TaskKind = 'timeline' | 'checklist';

export type DueTask = { kind: TaskKind; id: string; event_id: string; title: string; due_date: string; done: boolean; assigned_to?: string };

export type TaskReminder = { type: 'due_soon' | 'overdue'; key: string; task: DueTask };


/** Calendar days (UTC) whose items may owe a reminder now: yesterday (overdue look-back), today, tomorrow. */
export const reminderDays = (now: Date): string[] => [-1, 0, 1].map((offset) => utcDay(new Date(now.getTime() + offset * DAY_MS).toISOString()));

export function reminderFor(task: DueTask, now: Date): TaskReminder | null {
  if (task.done) return null;
  const due = Date.parse(task.due_date);
  const at = now.getTime();
  const type = due > at && due <= at + DAY_MS ? 'due_soon' : due <= at && due > at - DAY_MS ? 'overdue' : null;
  return type ? { type, key: `${task.kind}#${task.id}#${type}#${task.due_date}`, task } : null;
}

/** The assignee if still on the team and allowed to read the task's area (timeline or checklist), else the organizer. */
export function reminderRecipient(task: DueTask, organizerId: string, isTeamMember: (userId: string) => boolean): string {
  return task.assigned_to && isTeamMember(task.assigned_to) ? task.assigned_to : organizerId;
}

export const isDigestDay = (now: Date): boolean => now.getUTCDay() === 1;

/** The days a digest sent on `now` covers: today and the 6 after it. */
export const digestDays = (now: Date): string[] =>
  Array.from({ length: DIGEST_DAYS }, (_, offset) => utcDay(new Date(now.getTime() + offset * DAY_MS).toISOString()));

/** ISO 8601 week of a day (`2027-W18`), the digest's once-per key. */
export function isoWeek(now: Date): string {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / DAY_MS + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export type DigestEntry = { kind: TaskKind | 'payment'; id: string; title: string; due_date: string };

export type Digest = { event_id: string; week: string; key: string; items_due: DigestEntry[]; payments_due: DigestEntry[]; rsvp_pending: number };

export function digestFor(eventId: string, week: string, entries: DigestEntry[], rsvpPending: number): Digest {
  const byDue = (a: DigestEntry, b: DigestEntry) => a.due_date.localeCompare(b.due_date);
  return {
    event_id: eventId,
    week,
    key: `digest#${week}`,
    items_due: entries.filter((entry) => entry.kind !== 'payment').sort(byDue),
    payments_due: entries.filter((entry) => entry.kind === 'payment').sort(byDue),
    rsvp_pending: rsvpPending,
  };
}
