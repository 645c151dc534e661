import ical, { ICalEventStatus } from 'ical-generator';
import type { EventRecord } from '../events/rules.ts';
import { eventEndsAt } from '../guests/privacy.ts';
import type { GuestRecord } from '../guests/rules.ts';
import { attendedSubEvents, subEventCalendarUid, subEventEndsAt, type SubEventInvitation, type SubEventRecord } from './rules.ts';

/**
 * A guest's own calendar (RFC 5545, written by ical-generator, docs/sub-events.md): one VEVENT per
 * sub-event the guest attends, and the event itself while their answer to it is yes. Sub-events they are
 * not invited to, or declined, or wait for, are not in it. UIDs are stable per guest and entry, so a
 * calendar that imports the file again updates the entries in place.
 */
const UID_DOMAIN = 'event-planning';

export function guestCalendar(event: EventRecord, guest: GuestRecord, subEvents: SubEventRecord[], invitations: SubEventInvitation[]): string {
  const calendar = ical({ name: event.name, prodId: { company: 'event-planning', product: 'guest-calendar', language: 'EN' } });
  const place = (parts: (string | undefined)[]) => parts.filter(Boolean).join(', ') || null;
  if (guest.rsvp_status === 'yes') {
    calendar.createEvent({
      id: `event-${event.id}-${guest.id}@${UID_DOMAIN}`,
      stamp: new Date(event.updated_at),
      start: new Date(event.event_date),
      end: new Date(eventEndsAt(event)),
      summary: event.name,
      location: place([event.location_name, event.location_address]),
      status: event.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  for (const subEvent of attendedSubEvents(subEvents, invitations)) {
    calendar.createEvent({
      id: subEventCalendarUid(subEvent.id, guest.id),
      stamp: new Date(subEvent.updated_at),
      sequence: Math.max(0, subEvent.version - 1),
      start: new Date(subEvent.starts_at),
      end: new Date(subEventEndsAt(subEvent)),
      summary: `${subEvent.title} (${event.name})`,
      description: subEvent.description ?? null,
      location: place([subEvent.location_name, subEvent.location_address]),
      status: event.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  // RFC 5545 3.1 ends every content line with CRLF, the last one too; ical-generator leaves the last one bare.
  const written = calendar.toString();
  return written.endsWith('\r\n') ? written : `${written}\r\n`;
}
