import * as z from 'zod';
import { announcementSegments } from '../domain/announcements/audience.ts';
import { splitLocalDateTime } from '../domain/events/rules.ts';
import { idParam, isoDateTime, pageQuery, text } from './common.ts';

/**
 * POST /api/events/{id}/announcements (docs/announcements.md): the planner's subject and message (plain
 * text, paragraphs split by a blank line) and the segment; each segment's id (`party_id`, `sub_event_id`,
 * `table_id`) and `attending_only` go with their own segment only. `send_at`: when to send (scheduled).
 */
const segmentId = z.string().trim().min(1).max(64);
const segmentFields = [['party', 'party_id'], ['sub_event', 'sub_event_id'], ['table', 'table_id']] as const;

const sendAt = z.string().refine((value) => isoDateTime.safeParse(value).success || splitLocalDateTime(value) !== null, 'Use an ISO 8601 date-time');

export const sendAnnouncementBody = z
  .object({
    subject: text(200, 1),
    message: text(10_000, 1),
    segment: z.enum(announcementSegments),
    party_id: segmentId.optional(),
    sub_event_id: segmentId.optional(),
    table_id: segmentId.optional(),
    attending_only: z.boolean().optional().meta({ description: 'With the sub_event segment: only the guests whose answer to it is yes (default false: everyone invited to it)' }),
    send_at: sendAt.optional().meta({ description: "When to send (future, at most a year ahead): an instant with an offset, or a local date-time in the event's timezone. Absent: now" }),
  })
  .superRefine((body, context) => {
    for (const [segment, field] of segmentFields) {
      if (body.segment === segment && !body[field]) context.addIssue({ code: 'custom', path: [field], message: `Give the ${segment.replace('_', '-')} for the ${segment} segment` });
      if (body.segment !== segment && body[field]) context.addIssue({ code: 'custom', path: [field], message: `${field} goes with the ${segment} segment only` });
    }
    if (body.segment !== 'sub_event' && body.attending_only !== undefined) context.addIssue({ code: 'custom', path: ['attending_only'], message: 'attending_only goes with the sub_event segment only' });
  });

/** GET /api/events/{id}/announcements and an announcement's recipients: a page (limit, cursor). */
export const announcementPageQuery = pageQuery;

/** `/api/events/{id}/announcements/{announcementId}/...`. */
export const announcementParams = idParam.extend({ announcementId: z.string().trim().min(1).max(64) });

/** The fields that say who an announcement goes to: fixed once it is recorded. */
export const announcementSegmentFields = ['segment', 'party_id', 'sub_event_id', 'table_id', 'attending_only'] as const;

/**
 * PUT /api/events/{id}/announcements/{announcementId}: a scheduled announcement's subject, message or
 * `send_at` (at least one); the segment is not editable (cancel and send another): its fields are
 * accepted with their current values only. `version` (or
 * If-Match): the version read.
 */
export const updateAnnouncementBody = z
  .object({
    subject: text(200, 1).optional(),
    message: text(10_000, 1).optional(),
    send_at: sendAt.optional().meta({ description: "A new time to send it (future, at most a year ahead), read as on sending" }),
    version: z.number().int().optional(),
    // Not editable: accepted only as they are (an announcement read and sent back), any other value is a 400.
    segment: z.enum(announcementSegments).optional().meta({ description: 'Not editable: only its current value is accepted' }),
    party_id: segmentId.nullable().optional(),
    sub_event_id: segmentId.nullable().optional(),
    table_id: segmentId.nullable().optional(),
    attending_only: z.boolean().nullable().optional(),
  })
  .refine((body) => body.subject !== undefined || body.message !== undefined || body.send_at !== undefined, { path: ['subject'], message: 'Give the subject, message or send_at to change' });
