import { loadEventAccess } from '#shared/data/events/access.ts';
import { listAllGuests } from '#shared/data/guests/reads.ts';
import { listInvitationBatches, listInvitationRows } from '#shared/data/invitations/rows.ts';
import { invitationStats } from '#shared/domain/invitations/stats.ts';
import { sendInstant } from '#shared/domain/invitations/send-date.ts';
import { UnsafeLinkError, ValidationError } from '#shared/http/errors.ts';
import { loadSender } from '#shared/data/accounts/sending-quota.ts';
import { unsafeTemplateLinks } from '#shared/domain/invitations/template-links.ts';
import { operation } from '#shared/http/group.ts';
import { accepted, ok } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { sendInvitationsBody } from '#shared/schemas/invitations.ts';
import { visibleInvitationRow } from '#shared/domain/visibility/invitations.ts';
import { presentBatch, presentRow } from './present.ts';
import { queueInvitations } from '#shared/data/invitations/queue.ts';

/**
 * POST: records the batch and answers 202; the outbox sender (every minute, or at `send_date`) emails.
 * The answer holds no secret, so a repeated Idempotency-Key replays it instead of queueing twice.
 */
export const sendInvitations = operation({
  params: idParam,
  body: sendInvitationsBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller }) => {
    const { event } = await loadEventAccess(caller, params.id, 'invitations', 'write');
    const now = new Date();
    // Unverified accounts send nothing, custom text included (403); the quota is charged when the batch is recorded.
    const sender = await loadSender(caller.userId, now);
    if (body.invitation_template.kind === 'custom') {
      const unsafe = unsafeTemplateLinks(body.invitation_template);
      if (unsafe.length > 0) throw new UnsafeLinkError(unsafe);
    }
    const sendAt = body.send_date === undefined ? undefined : sendInstant(body.send_date, event.timezone, now);
    if (sendAt && 'problem' in sendAt) throw new ValidationError([sendAt.problem]);
    const guests = await listAllGuests(params.id);
    const { batch, skipped } = await queueInvitations(guests, {
      eventId: params.id, template: body.invitation_template, sendAt: sendAt?.instant, actorId: caller.userId, now, sender,
      guest_ids: body.guest_ids, audience: body.audience, resend: body.resend,
    });
    return accepted(batch
      ? { ...presentBatch(batch), skipped_guests: skipped }
      : { id: null, status: 'sent', queued: 0, send_at: null, skipped_guests: skipped });
  },
});

/** GET: every batch, every row (with the guest's opens and answer) and the stats over them. */
export const listInvitations = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller }) => {
    const { permissions } = await loadEventAccess(caller, params.id, 'invitations', 'read');
    const [batches, rows, guests] = await Promise.all([listInvitationBatches(params.id), listInvitationRows(params.id), listAllGuests(params.id)]);
    const guestsById = new Map(guests.map((guest) => [guest.id, guest]));
    return ok({
      batches: batches.map((batch) => ({ ...presentBatch(batch), recipients: rows.filter((row) => row.batch_id === batch.id).map((row) => visibleInvitationRow(presentRow(row, guestsById.get(row.guest_id)), permissions)) })),
      stats: invitationStats(rows, guestsById),
    });
  },
});
