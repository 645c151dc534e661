import * as z from 'zod';
import { announcementSegments } from '../domain/announcements/audience.ts';
import { sendAnnouncementBody } from '../schemas/announcements.ts';
import { idParam } from '../schemas/common.ts';
import { id, many, one, timestamp } from './envelopes.ts';
import type { GroupContract } from './operation-contract.ts';

/** How the API shows an announcement (functions/invitations/announcements.ts; docs/announcements.md). */
const count = z.number().int().min(0);
const announcementSchema = z
  .strictObject({
    id,
    event_id: id,
    subject: z.string(),
    message: z.string(),
    segment: z.enum(announcementSegments),
    party_id: id.nullable(),
    status: z.enum(['pending', 'sent', 'failed']).meta({ description: 'pending until every recipient is sent, skipped or failed' }),
    recipient_count: count.meta({ description: 'Guests of the segment with an email, one email each' }),
    skipped_no_email: count.meta({ description: 'Guests of the segment without an email (not sent)' }),
    sent_count: count,
    failed_count: count,
    skipped_count: count.meta({ description: 'Addresses suppressed after a bounce or complaint' }),
    pending_count: count,
    delivered_count: count.meta({ description: "Emails SES reported delivered (its Delivery events)" }),
    opened_count: count.meta({ description: 'Recipients who opened it (first open each)' }),
    bounced_count: count,
    complained_count: count,
    created_by: id,
    created_at: timestamp,
  })
  .meta({ id: 'Announcement' });

/** The announcement routes, answered by the invitations group's Lambda. */
export const announcementsContract: GroupContract = {
  sendAnnouncement: {
    params: idParam,
    body: {
      schema: sendAnnouncementBody,
      example: { subject: 'Shuttle times', message: 'The shuttle leaves the station at 15:00.\n\nSee you there!', segment: 'attending' },
      description: 'segment: all, attending (answered yes), not_answered (pending) or party (with party_id); the message is plain text, paragraphs split by a blank line',
    },
    responses: { 202: { description: 'Recorded; the outbox sender emails each recipient once within a minute', schema: one(announcementSchema) } },
    problems: [429],
  },
  listEventAnnouncements: {
    params: idParam,
    responses: { 200: { description: 'Every announcement, newest first, with its delivery counts (not paged)', schema: many(announcementSchema) } },
  },
};
