import { loadEventAccess } from '#shared/data/events/access.ts';
import { queueInvitations } from '#shared/data/invitations/queue.ts';
import { ensureSendingRoom, loadSender } from '#shared/data/accounts/sending-quota.ts';
import { can } from '#shared/domain/permissions.ts';
import { ForbiddenError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { createdMany } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { addGuestsBody } from '#shared/schemas/guests.ts';
import { addGuests, guestLimitOf } from './add-guests.ts';
import { presentWithInvitation } from './present.ts';

/** POST /api/events/{id}/guests: up to 1,000 guests; answers each with its code and link, shown this once. */
export const addGuestsRoute = operation({
  params: idParam,
  body: addGuestsBody,
  session: 'with-first-read',
  // Answers carry invitation codes shown once: a repeated Idempotency-Key replays them from a sealed copy.
  idempotency: 'sealed',
  handle: async ({ params, body, caller }) => {
    const { event, permissions } = await loadEventAccess(caller, params.id, 'guests', 'write');
    if (body.send_invitations && !can(permissions, 'invitations', 'write')) throw new ForbiddenError('Your role may add guests but not send invitations.');
    const now = new Date();
    // Checked before any guest is added: an unverified sender (403) or one whose quota cannot take an
    // invitation for every new guest with an email (429) adds nobody. The charge itself is exact, later.
    const sender = body.send_invitations ? await loadSender(caller.userId, now) : null;
    if (sender) ensureSendingRoom(sender, body.guest_list.filter((guest) => guest.email).length);
    const { added, skipped } = await addGuests(params.id, body.guest_list, caller.userId, now, guestLimitOf(event));
    // The new guests' invitations as one batch for the outbox sender (formal template, sent now).
    const queued = sender
      ? (await queueInvitations(added.map(({ guest }) => guest), {
          eventId: params.id, template: { kind: 'formal' }, actorId: caller.userId, now, sender, guest_ids: added.map(({ guest }) => guest.id), resend: false,
        })).batch
      : null;
    return createdMany(
      added.map(({ guest, code }) => presentWithInvitation(guest, code)),
      { added: added.length, skipped, invitations_queued: queued?.recipient_count ?? 0, invitation_batch_id: queued?.id ?? null },
      `/api/events/${params.id}/guests`,
    );
  },
});
