import { config } from '#shared/config.ts';
import type { EventSnapshot } from '#shared/data/notices.ts';
import { buildIcs } from '#shared/email/ics.ts';
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
  calendar?: { eventId: string; event: EventSnapshot; url?: string; cancelled?: boolean; at: Date };
  tags: Record<string, string>;
};

/** Hours an event is shown for in calendars: events store a start only. */
const CALENDAR_EVENT_HOURS = 3;
const SEQUENCE_EPOCH = Date.UTC(2020, 0, 1);

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
    ...(calendar
      ? {
          calendar: {
            filename: 'invitation.ics',
            content: buildIcs({
              uid: `${calendar.eventId}@event-planning-api`,
              // Later copies of the same event must carry a higher SEQUENCE to replace earlier ones.
              sequence: Math.floor((calendar.at.getTime() - SEQUENCE_EPOCH) / 60_000),
              startUtc: calendar.event.event_date,
              durationHours: CALENDAR_EVENT_HOURS,
              timezone: calendar.event.timezone,
              summary: calendar.event.name,
              location: [calendar.event.location_name, calendar.event.location_address].filter(Boolean).join(', ') || undefined,
              url: calendar.url,
              cancelled: calendar.cancelled,
              stampedAt: calendar.at,
            }),
          },
        }
      : {}),
  });
  return sendRawEmail({ from: config().SES_FROM_ADDRESS, to: delivery.to.address, raw, tags: delivery.tags });
}
