import { auditPut } from '../audit.ts';
import { quotaRefusalAfterRace, type Sender, sendingQuotaCharge } from '../accounts/sending-quota.ts';
import { newChildId } from '../ids.ts';
import { type InvitationBatch, recordInvitationBatch } from './rows.ts';
import type { GuestRecord } from '../../domain/guests/rules.ts';
import { type Chosen, chooseRecipients, type Selection } from '../../domain/invitations/audience.ts';
import type { InvitationTemplate } from '../../email/invitation-templates.ts';

/**
 * Queues one batch: chooses the guests, records the batch and a row per guest (never emails inside the
 * request; the outbox sender does). An empty choice records nothing. Shared by the invitations route and
 * the guests route's `send_invitations`. Every email is charged to the sender's daily quota before it is
 * recorded (429 when it does not fit), in the transaction that records the batch.
 */
export type QueueRequest = Selection & { eventId: string; template: InvitationTemplate; sendAt?: string; actorId: string; now: Date; sender: Sender };

export async function queueInvitations(guests: GuestRecord[], request: QueueRequest): Promise<{ batch: InvitationBatch | null; skipped: Chosen['skipped'] }> {
  const { guests: chosen, skipped } = chooseRecipients(guests, request);
  if (chosen.length === 0) return { batch: null, skipped };
  const charge = sendingQuotaCharge(request.sender, chosen.length);
  const at = request.now.toISOString();
  const batch: InvitationBatch = {
    id: newChildId(request.eventId),
    event_id: request.eventId,
    status: request.sendAt ? 'scheduled' : 'sending',
    template: request.template,
    send_at: request.sendAt ? new Date(request.sendAt).toISOString() : at,
    resend: request.resend,
    ...(request.audience ? { audience: request.audience } : {}),
    recipient_count: chosen.length,
    sent_count: 0,
    failed_count: 0,
    skipped_count: 0,
    attempts: 0,
    created_by: request.actorId,
    created_at: at,
  };
  const audit = auditPut({ eventId: request.eventId }, {
    actor_id: request.actorId, action: 'invitations.queued', entity_type: 'invitation', entity_id: batch.id, at,
    changes: [{ field: 'batch', before: null, after: { recipients: chosen.length, send_at: batch.send_at, template: batch.template.kind, audience: batch.audience ?? null } }],
  });
  const recorded = await recordInvitationBatch(batch, chosen.map((guest) => ({ guest_id: guest.id, email: guest.email as string })), charge, [audit]);
  if (recorded === 'quota_taken') throw await quotaRefusalAfterRace(request.sender, chosen.length);
  return { batch, skipped };
}
