import * as z from 'zod';
import { audienceSegments } from '../domain/invitations/audience.ts';
import { rsvpStatuses } from '../domain/guests/rules.ts';
import { idParam } from '../schemas/common.ts';
import { listInvitationsQuery, sendInvitationsBody } from '../schemas/invitations.ts';
import { id, listMeta, one, timestamp } from './envelopes.ts';
import type { GroupContract } from './operation-contract.ts';

/** How the API shows invitation batches and rows (functions/invitations/present.ts): never a code. */
const batchStatuses = ['scheduled', 'sending', 'sent', 'partially_failed'] as const;
const rowStatuses = ['queued', 'sent', 'failed', 'retry', 'skipped'] as const;

const batchFields = {
  id,
  event_id: id,
  status: z.enum(batchStatuses),
  template: z.enum(['formal', 'casual', 'save_the_date', 'custom']),
  subject: z.string().optional().meta({ description: 'Custom templates only' }),
  audience: z.enum(audienceSegments).nullable(),
  resend: z.boolean(),
  send_at: timestamp,
  queued: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
  opened: z.number().int().meta({ description: "Rows first opened: SES's open of this batch's email, or the guest's RSVP page while this was the latest batch to reach them" }),
  answered: z.number().int().meta({ description: 'Rows first answered: the guest answered while this was the latest batch to reach them' }),
  open_rate: z.number().meta({ description: 'opened / sent, to three decimals (0 when nothing was sent)' }),
  response_rate: z.number().meta({ description: 'answered / sent, to three decimals (0 when nothing was sent)' }),
  created_at: timestamp,
  completed_at: timestamp.nullable(),
};

const batchSchema = z.strictObject(batchFields).meta({ id: 'InvitationBatch' });

const skippedGuests = z.array(z.strictObject({ guest_id: z.string(), reason: z.enum(['not_found', 'no_email', 'already_invited']) }));

const recipient = z.strictObject({
  batch_id: id,
  guest_id: id,
  // The guest's fields: left out for a caller without guests read (docs/area-visibility.md).
  guest_name: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
  status: z.enum(rowStatuses),
  sent_at: timestamp.nullable(),
  delivered_at: timestamp.nullable(),
  opened_at: timestamp.nullable(),
  clicked_at: timestamp.nullable(),
  responded_at: timestamp.nullable().optional(),
  rsvp_status: z.enum(rsvpStatuses).nullable().optional(),
  bounced_at: timestamp.nullable(),
  failure_reason: z.string().nullable(),
}).meta({ id: 'InvitationRecipient' });

export const SEND_REQUIRES_VERIFIED = 'the caller has not verified their email address: unverified accounts send no email to guests and no custom invitation text';
export const SEND_QUOTA_WHEN = "the emails would pass the caller's daily quota of emails to guests (200 a day for new accounts, 2,000 once 30 days old; UTC days). Nothing is queued; `quota` says the limit, what is left and `resets_at`, and Retry-After the seconds until then";

export const invitationsContract: GroupContract = {
  sendInvitations: {
    params: idParam,
    body: {
      schema: sendInvitationsBody,
      example: { audience: 'pending', invitation_template: 'formal', send_date: '2027-03-01T09:00:00Z' },
      description: 'guest_ids or audience (not both; neither: every guest not yet invited); invitation_template is formal, casual, save_the_date or {subject, body}',
    },
    responses: {
      202: {
        description: 'The batch, queued for the outbox sender (id null when nobody was left to invite)',
        schema: one(
          z.union([
            z.strictObject({ ...batchFields, skipped_guests: skippedGuests }).meta({ id: 'InvitationBatchQueued' }),
            z.strictObject({ id: z.null(), status: z.literal('sent'), queued: z.literal(0), send_at: z.null(), skipped_guests: skippedGuests }).meta({ id: 'InvitationBatchEmpty' }),
          ]),
        ),
      },
    },
    problemCodes: {
      400: { unsafe_link: 'a link in a custom invitation_template (subject or body) is not https; `errors` names each one' },
      403: { email_verification_required: SEND_REQUIRES_VERIFIED },
      429: { sending_quota_exceeded: SEND_QUOTA_WHEN },
    },
  },
  listInvitations: {
    params: idParam,
    query: listInvitationsQuery,
    responses: {
      200: {
        description:
          'A page of batches with their tallies, newest first; with batch_id, a page of that batch\'s rows (by guest id) and the batch in meta. ' +
          'Each page reads only what it returns, so since 0.6.0 there are no recipients inside batches and no stats across every row: ' +
          'each batch carries its counters (queued, sent, failed, skipped, opened, answered) and its open and response rates',
        schema: z.strictObject({
          data: z.array(z.union([batchSchema, recipient])),
          meta: listMeta({ batch: batchSchema.optional().meta({ description: 'With batch_id: the batch whose rows these are' }) }),
        }),
      },
    },
    problemCodes: { 404: { not_found: 'the event, or with batch_id the batch, does not exist' } },
  },
};
