import { config } from '#shared/config.ts';
import type { EventSnapshot } from '#shared/data/notices.ts';
import { buildIcsCalendar, type CalendarEntry, eventCalendarEntry } from '#shared/email/ics.ts';
import { subEventCalendarUid, subEventEndsAt, type SubEventRecord } from '#shared/domain/sub-events/rules.ts';
import { type EmailContent, renderEmail } from '#shared/email/layout.ts';
import { composeRawEmail } from '#shared/email/mime.ts';
import { sendRawEmail } from '#shared/email/ses.ts';

/**
 * One email out: the content rendered as text and HTML, the calendar file when asked for, the raw MIME
 * message, and SES's SendEmail with tags naming what was sent (SES events carry them back).
 */
export type Delivery = {
  to: { name?: string; address: string };
  content: EmailContent;
  calendar?: {
    eventId: string; event: EventSnapshot; url?: string; cancelled?: boolean; at: Date;
    /** Whether the event's own VEVENT is in the file (a guest who declined it may still attend sub-events); default true. */
    withEvent?: boolean;
    /** The sub-events the guest attends, each its own VEVENT (docs/sub-events.md), and whose guest they are. */
    subEvents?: { guestId: string; attending: SubEventRecord[] };
  };
  tags: Record<string, string>;
};

/** Hours an event is shown for in calendars: events store a start only. */
const CALENDAR_EVENT_HOURS = 3;
const SEQUENCE_EPOCH = Date.UTC(2020, 0, 1);

/** The email's calendar file: the event (unless left out) and each sub-event the guest attends, in the event's time zone. */
function calendarFile(calendar: NonNullable<Delivery['calendar']>): string {
  const place = (parts: (string | undefined)[]) => parts.filter(Boolean).join(', ') || undefined;
  const entries: CalendarEntry[] = [];
  if (calendar.withEvent !== false) {
    entries.push(eventCalendarEntry({
      uid: `${calendar.eventId}@event-planning-api`,
      // Later copies of the same event must carry a higher SEQUENCE to replace earlier ones.
      sequence: Math.floor((calendar.at.getTime() - SEQUENCE_EPOCH) / 60_000),
      startUtc: calendar.event.event_date,
      durationHours: CALENDAR_EVENT_HOURS,
      timezone: calendar.event.timezone,
      summary: calendar.event.name,
      location: place([calendar.event.location_name, calendar.event.location_address]),
      url: calendar.url,
      cancelled: calendar.cancelled,
      stampedAt: calendar.at,
    }));
  }
  const cancelled = calendar.cancelled || calendar.event.status === 'cancelled';
  for (const subEvent of calendar.subEvents?.attending ?? []) {
    entries.push({
      // The UID and SEQUENCE of the page's calendar file (shared/domain/sub-events/calendar.ts): one entry per guest and sub-event.
      uid: subEventCalendarUid(subEvent.id, calendar.subEvents?.guestId ?? ''),
      sequence: Math.max(0, subEvent.version - 1),
      startUtc: subEvent.starts_at,
      endUtc: subEventEndsAt(subEvent),
      summary: `${subEvent.title} (${calendar.event.name})`,
      description: subEvent.description,
      location: place([subEvent.location_name, subEvent.location_address]),
      url: calendar.url,
      cancelled,
      stampedAt: calendar.at,
    });
  }
  return buildIcsCalendar(calendar.event.timezone, entries);
}

export async function deliver(delivery: Delivery): Promise<string> {
  const rendered = renderEmail(delivery.content);
  const calendar = delivery.calendar;
  const raw = await composeRawEmail({
    from: config().SES_FROM_ADDRESS,
    to: delivery.to,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    ...(delivery.content.image ? { inlineImages: [{ contentId: delivery.content.image.contentId, filename: 'check-in.png', png: delivery.content.image.png }] } : {}),
    ...(calendar ? { calendar: { filename: 'invitation.ics', content: calendarFile(calendar) } } : {}),
  });
  return sendRawEmail({ from: config().SES_FROM_ADDRESS, to: delivery.to.address, raw, tags: delivery.tags });
}
