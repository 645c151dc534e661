import type { EventRecord } from './rules.ts';
import { shiftLocalDays } from './rules.ts';
import { rsvpClosesAt } from '../rsvp/deadline.ts';

/**
 * The two reminders an event owes its guests, decided from the event alone (no clock here):
 * - `rsvp_reminder`: to guests who have not answered, `leadDays` days before answering closes (the
 *   deadline, an instant or a span before the event: rsvp/deadline.ts). Only while the deadline is ahead.
 * - `day_before`: to attending guests, with the event's details, one day before it starts. Only while
 *   the event is ahead.
 * "Days before" are calendar days in the event's time zone (18:00 stays 18:00 across a DST change).
 * A cancelled or completed event owes neither. Each reminder's key names the deadline or date it is
 * about, so a moved date owes a new reminder and a rerun never sends the same one twice.
 */
export const eventReminderTypes = ['rsvp_reminder', 'day_before'] as const;
export type EventReminderType = (typeof eventReminderTypes)[number];

export type EventReminder = {
  reminder: EventReminderType;
  event_id: string;
  /** When it is due (UTC instant): what the per-day index files it under. */
  remind_at: string;
  /** After this instant it is pointless (answering closed, the event began). */
  until: string;
  /** The once-only key of the reminder record. */
  key: string;
};

export function eventReminders(event: Pick<EventRecord, 'id' | 'event_date' | 'timezone' | 'rsvp_deadline' | 'status'>, leadDays: number): EventReminder[] {
  if (event.status === 'cancelled' || event.status === 'completed') return [];
  const dayBefore: EventReminder = {
    reminder: 'day_before',
    event_id: event.id,
    remind_at: shiftLocalDays(event.event_date, event.timezone, -1),
    until: event.event_date,
    key: `day_before#${event.event_date}`,
  };
  const closesAt = rsvpClosesAt(event);
  if (!closesAt) return [dayBefore];
  return [
    { reminder: 'rsvp_reminder', event_id: event.id, remind_at: shiftLocalDays(closesAt, event.timezone, -leadDays), until: closesAt, key: `rsvp_reminder#${closesAt}` },
    dayBefore,
  ];
}

/** Owed now: its moment has come and it is not yet pointless. */
export const isEventReminderOwed = (reminder: Pick<EventReminder, 'remind_at' | 'until'>, now: Date): boolean =>
  Date.parse(reminder.remind_at) <= now.getTime() && now.getTime() < Date.parse(reminder.until);

/** The event fields whose change can move or cancel its reminders (an update rewrites them only then). */
export const eventReminderFields: readonly string[] = ['event_date', 'timezone', 'rsvp_deadline', 'status'];
