import * as z from 'zod';
import { announcementSegments } from '../domain/announcements/audience.ts';
import { text } from './common.ts';

/**
 * POST /api/events/{id}/announcements (docs/announcements.md): the planner's subject and message (plain
 * text, paragraphs split by a blank line) and the segment; `party_id` with the `party` segment only.
 */
export const sendAnnouncementBody = z
  .object({
    subject: text(200, 1),
    message: text(10_000, 1),
    segment: z.enum(announcementSegments),
    party_id: z.string().trim().min(1).max(64).optional(),
  })
  .superRefine((body, context) => {
    if (body.segment === 'party' && !body.party_id) context.addIssue({ code: 'custom', path: ['party_id'], message: 'Give the party for the party segment' });
    if (body.segment !== 'party' && body.party_id) context.addIssue({ code: 'custom', path: ['party_id'], message: 'party_id goes with the party segment only' });
  });
