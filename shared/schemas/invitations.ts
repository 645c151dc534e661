import * as z from 'zod';
import { splitLocalDateTime } from '../domain/events/rules.ts';
import { audienceSegments } from '../domain/invitations/audience.ts';
import { isoDateTime, pageQuery, text } from './common.ts';

/**
 * POST /api/events/{id}/invitations. `invitation_template` is a built-in name or a custom subject and
 * body (placeholders `{{guest_name}}`, `{{event_name}}`, `{{event_date}}`, `{{location}}`,
 * `{{rsvp_link}}`, `{{host_name}}`, `{{rsvp_deadline}}`). `guest_ids` and `audience` exclude each other.
 */
const builtInTemplate = z.enum(['formal', 'casual', 'save_the_date']);
const customTemplate = z.object({ subject: text(200, 1), body: text(10_000, 1) });

export const invitationTemplateInput = z
  .union([builtInTemplate, customTemplate], { message: 'Use formal, casual, save_the_date or {subject, body}' })
  .transform((value) => (typeof value === 'string' ? { kind: value } : { kind: 'custom' as const, ...value }));

export const sendInvitationsBody = z
  .object({
    guest_ids: z.array(z.string().min(1).max(64)).min(1).max(10_000).optional(),
    audience: z.enum(audienceSegments).optional(),
    invitation_template: invitationTemplateInput.default({ kind: 'formal' }),
    send_date: z
      .string()
      .refine((value) => isoDateTime.safeParse(value).success || splitLocalDateTime(value) !== null, 'Use an ISO 8601 date-time')
      .optional()
      .meta({ description: 'When to send: an instant with an offset, or a local date-time without one (wall-clock time in the event\'s timezone, like event_date)' }),
    resend: z.boolean().default(false),
  })
  .superRefine((body, context) => {
    if (body.guest_ids && body.audience) context.addIssue({ code: 'custom', path: ['audience'], message: 'Give guest_ids or audience, not both' });
  });
export type SendInvitationsBody = z.output<typeof sendInvitationsBody>;

/**
 * GET /api/events/{id}/invitations: a page of batches, newest first, or with `batch_id` a page of that
 * batch's rows. Each page is one Query of what it returns (issue 15), so there are no totals across rows.
 */
export const listInvitationsQuery = pageQuery.extend({
  batch_id: z.string().min(1).max(64).optional().meta({ description: "A batch's id: a page of its rows (by guest id) instead of a page of batches" }),
});
