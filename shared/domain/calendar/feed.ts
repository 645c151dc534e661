import ical, { ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import { DateTime } from 'luxon';
import type { ChecklistItem } from '../checklist/rules.ts';
import type { EventRecord } from '../events/rules.ts';
import { eventEndsAt } from '../guests/privacy.ts';
import { type SubEventRecord, subEventEndsAt } from '../sub-events/rules.ts';
import type { TimelineItem } from '../timeline/plan.ts';

/**
 * A member's calendar feed as an iCalendar object (RFC 5545; docs/calendar-feeds.md), written by
 * ical-generator, which escapes text and folds lines at 75 octets. What goes in is decided by the caller
 * from the member's permissions: the event itself always, the timeline's due dates only with read on the
 * timeline, the checklist's only with read on the checklist, the sub-events only with read on the guests
 * (null: left out).
 *
 * Each entry's UID is `<kind>-<id>@event-planning` (stable across fetches, so a client updates it in
 * place), its DTSTAMP and LAST-MODIFIED the item's `updated_at` (RFC 5545 3.8.7.2: without METHOD, DTSTAMP
 * is when the information was last revised; so an unchanged feed is byte-identical), SEQUENCE its version
 * less one. A due date the planner gave as a day (stored as midnight in the event's zone) is an all-day
 * entry on that day; a due time is an entry at that instant, in UTC. Due dates are TRANSPARENT: they do
 * not make the member look busy.
 */
export type CalendarFeedSources = {
  event: EventRecord;
  timeline: readonly TimelineItem[] | null;
  checklist: readonly ChecklistItem[] | null;
  subEvents: readonly SubEventRecord[] | null;
};

const UID_DOMAIN = 'event-planning';
/** How often a client should fetch again (REFRESH-INTERVAL and X-PUBLISHED-TTL). */
export const CALENDAR_FEED_REFRESH_SECONDS = 60 * 60;

const uid = (kind: 'event' | 'timeline' | 'checklist' | 'sub-event', id: string) => `${kind}-${id}@${UID_DOMAIN}`;

/** A day in the event's zone when the instant is that day's midnight there, else the instant itself. */
function when(instant: string, timezone: string): { allDay: true; start: DateTime } | { allDay: false; start: Date } {
  const local = DateTime.fromISO(instant, { zone: 'utc' }).setZone(timezone);
  if (local.isValid && local.hour === 0 && local.minute === 0 && local.second === 0) return { allDay: true, start: local.startOf('day') };
  return { allDay: false, start: new Date(instant) };
}

const revision = (item: { created_at: string; updated_at: string; version: number }) => ({
  stamp: new Date(item.updated_at),
  lastModified: new Date(item.updated_at),
  created: new Date(item.created_at),
  sequence: Math.max(0, item.version - 1),
});

const lines = (...parts: (string | undefined | false)[]) => parts.filter((part): part is string => typeof part === 'string' && part.length > 0).join('\n');

const timelineStatusLabels: Record<TimelineItem['status'], string> = { pending: 'pending', in_progress: 'in progress', completed: 'completed' };

export function calendarFeed({ event, timeline, checklist, subEvents }: CalendarFeedSources): string {
  const calendar = ical({
    name: event.name,
    description: `Planning dates of ${event.name}`,
    prodId: { company: 'event-planning', product: 'calendar-feed', language: 'EN' },
    ttl: CALENDAR_FEED_REFRESH_SECONDS,
  });

  const eventStart = when(event.event_date, event.timezone);
  calendar.createEvent({
    id: uid('event', event.id),
    ...revision(event),
    ...(eventStart.allDay ? { allDay: true, start: eventStart.start } : { start: eventStart.start, end: new Date(eventEndsAt(event)) }),
    summary: event.name,
    description: event.description ?? null,
    location: [event.location_name, event.location_address].filter(Boolean).join(', ') || null,
    status: event.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });

  for (const item of timeline ?? []) {
    const due = when(item.due_date, event.timezone);
    const done = item.status === 'completed';
    calendar.createEvent({
      id: uid('timeline', item.id),
      ...revision(item),
      ...due,
      summary: `${done ? '✓ ' : ''}${item.title}`,
      description: lines(`Timeline of ${event.name}: ${timelineStatusLabels[item.status]}`, item.description),
      categories: [{ name: 'Timeline' }],
      transparency: ICalEventTransparency.TRANSPARENT,
    });
  }

  for (const item of checklist ?? []) {
    if (!item.due_date) continue;
    const due = when(item.due_date, event.timezone);
    calendar.createEvent({
      id: uid('checklist', item.id),
      ...revision(item),
      ...due,
      summary: `${item.completed ? '✓ ' : ''}${item.task}`,
      description: lines(`Checklist (${item.category}) of ${event.name}: ${item.completed ? 'done' : 'open'}`, item.notes),
      categories: [{ name: 'Checklist' }],
      transparency: ICalEventTransparency.TRANSPARENT,
    });
  }

  // A sub-event is time the member spends there: OPAQUE (busy), at its own instants, cancelled with the event.
  for (const subEvent of subEvents ?? []) {
    calendar.createEvent({
      id: uid('sub-event', subEvent.id),
      ...revision(subEvent),
      start: new Date(subEvent.starts_at),
      end: new Date(subEventEndsAt(subEvent)),
      summary: `${subEvent.title} (${event.name})`,
      description: subEvent.description ?? null,
      location: [subEvent.location_name, subEvent.location_address].filter(Boolean).join(', ') || null,
      status: event.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      categories: [{ name: 'Sub-event' }],
    });
  }

  // RFC 5545 3.1 ends every content line with CRLF, the last one too; ical-generator leaves the last one bare.
  const written = calendar.toString();
  return written.endsWith('\r\n') ? written : `${written}\r\n`;
}
