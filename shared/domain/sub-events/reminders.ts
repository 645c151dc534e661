import { shiftLocalDays } from '../events/rules.ts';
import type { SubEventRecord } from './rules.ts';

/**
 * A sub-event's day-before reminder (docs/sub-events.md): to the guests attending it, one calendar day
 * before it starts in the event's time zone (18:00 stays 18:00 across a DST change), only while it is
 * ahead. Its key names the sub-event and its start, so a moved sub-event owes a new reminder and a rerun
 * never sends the same one twice. A cancelled or completed event owes none (checked when it is sent).
 */
export type SubEventReminder = {
  event_id: string;
  sub_event_id: string;
  /** When it is due (UTC instant): what the per-day index files it under. */
  remind_at: string;
  /** After this instant it is pointless: the sub-event began. */
  until: string;
  /** The once-only key of the reminder record. */
  key: string;
};

export const subEventDayBefore = (subEvent: Pick<SubEventRecord, 'id' | 'event_id' | 'starts_at'>, timezone: string): SubEventReminder => ({
  event_id: subEvent.event_id,
  sub_event_id: subEvent.id,
  remind_at: shiftLocalDays(subEvent.starts_at, timezone, -1),
  until: subEvent.starts_at,
  key: `sub_event_day_before#${subEvent.id}#${subEvent.starts_at}`,
});
