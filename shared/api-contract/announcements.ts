import * as z from 'zod';
import { announcementSegments } from '../domain/announcements/audience.ts';
import { announcementCancelReasons, announcementStatuses } from '../domain/announcements/schedule.ts';
import { announcementPageQuery, announcementParams, sendAnnouncementBody, updateAnnouncementBody } from '../schemas/announcements.ts';
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
    sub_event_id: id.nullable(),
    attending_only: z.boolean().nullable().meta({ description: 'sub_event segment: only those attending it (null for other segments)' }),
    table_id: id.nullable(),
    status: z.enum(announcementStatuses).meta({ description: 'scheduled until send_at (may be cancelled until its sending starts); pending until every recipient is sent, skipped or failed; cancelled' }),
    send_at: timestamp.nullable().meta({ description: 'When a scheduled announcement goes out (null: sent right away)' }),
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
    version: z.number().int().min(1).meta({ description: 'Each edit of a scheduled announcement adds one (If-Match on PUT)' }),
    updated_at: timestamp.nullable().meta({ description: 'Its last edit (null: never edited)' }),
    cancelled_at: timestamp.nullable(),
    cancel_reason: z.enum(announcementCancelReasons).nullable().meta({ description: 'Why a cancelled announcement was cancelled: planner (POST .../cancel) or event_deleted (its event was deleted while it waited; the quota charge is not given back); null unless cancelled' }),
  })
  .meta({ id: 'Announcement' });

/** One recipient of an announcement, as recorded when it was sent (functions/invitations/announcements.ts). */
const recipientSchema = z
  .strictObject({
    guest_id: id,
    guest_name: z.string().nullable().optional().meta({ description: 'Absent without read on guests' }),
    email: z.string().nullable().optional().meta({ description: 'The address it was sent to; absent without read on guests' }),
    status: z.enum(['scheduled', 'cancelled', 'pending', 'sending', 'sent', 'failed', 'skipped']).meta({ description: 'sending: handed to SES, not yet recorded; skipped: a suppressed address' }),
    sent_at: timestamp.nullable(),
    delivered_at: timestamp.nullable(),
    opened_at: timestamp.nullable(),
    clicked_at: timestamp.nullable(),
    bounced_at: timestamp.nullable(),
    complained_at: timestamp.nullable(),
    failure_reason: z.string().nullable(),
  })
  .meta({ id: 'AnnouncementRecipient' });

/** The announcement routes, answered by the invitations group's Lambda. */
export const announcementsContract: GroupContract = {
  sendAnnouncement: {
    params: idParam,
    body: {
      schema: sendAnnouncementBody,
      example: { subject: 'Shuttle times', message: 'The shuttle leaves the station at 15:00.\n\nSee you there!', segment: 'attending' },
      description: 'segment: all, attending (answered yes), not_answered (pending), party (with party_id), sub_event (with sub_event_id; attending_only for those attending it) or table (with table_id: the guests seated there); the message is plain text, paragraphs split by a blank line; send_at schedules it',
    },
    responses: { 202: { description: 'Recorded; the outbox sender emails each recipient once within a minute (or at send_at)', schema: one(announcementSchema) } },
    problems: [404, 429],
  },
  listEventAnnouncements: {
    params: idParam,
    query: announcementPageQuery,
    responses: { 200: { description: 'A page of the announcements, newest first, with their delivery counts (one Query per page)', schema: many(announcementSchema) } },
  },
  cancelAnnouncement: {
    params: announcementParams,
    responses: { 200: { description: 'Cancelled (or already cancelled): nothing is sent, the quota charge is given back', schema: one(announcementSchema) } },
    problems: [409],
    problemCodes: { 409: { announcement_started: 'its sending has started, or it was not scheduled' } },
  },
  updateAnnouncement: {
    params: announcementParams,
    ifMatch: true,
    body: {
      schema: updateAnnouncementBody,
      example: { subject: 'Shuttle times (updated)', send_at: '2027-06-19T09:00:00Z' },
      description: 'Any of subject, message and send_at, while it is scheduled; the segment is not editable (cancel it and send another); its recipients and quota charge stay as recorded',
    },
    responses: { 200: { description: 'Edited', schema: one(announcementSchema) } },
    problems: [404, 409],
    problemCodes: { 409: { announcement_started: 'its sending has started, or it was not scheduled', announcement_cancelled: 'it was cancelled', version_conflict: 'the version given is not the current one' } },
  },
  listAnnouncementRecipients: {
    params: announcementParams,
    query: announcementPageQuery,
    responses: { 200: { description: 'A page of the recipients in the order they were recorded, each with how their email stands', schema: many(recipientSchema) } },
  },
};
