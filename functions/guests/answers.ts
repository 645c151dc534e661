import { invitationSealKey } from '#shared/auth/invitation-code-key.ts';
import { auditPut } from '#shared/data/audit.ts';
import { loadChildAccess } from '#shared/data/events/access.ts';
import { writeGuestChange } from '#shared/data/guests/writes.ts';
import { guestFromItem } from '#shared/data/guests/reads.ts';
import { newInvitationCode } from '#shared/data/invitations/codes.ts';
import { recordGuestAnswer } from '#shared/data/sub-events/answers.ts';
import { sealInvitationCode } from '#shared/domain/invitations/code-seal.ts';
import { capacityRefusal } from '#shared/domain/sub-events/answers.ts';
import { NotFoundError, ValidationError, VersionConflictError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { ok } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { rsvpAnswerBody } from '#shared/schemas/rsvp.ts';
import { presentGuest, presentWithInvitation } from './present.ts';

/**
 * POST /api/guests/{id}/rsvp: a planner records the answer a guest gave them, to the event and to the
 * sub-events they are invited to. The same rules and the same code as the guest's own answer
 * (shared/data/sub-events/answers.ts: capacity, waitlist, one transaction with counters, audit and
 * confirmation), except the RSVP deadline, which binds guests, not their hosts.
 */
export const recordGuestRsvp = operation({
  params: idParam,
  body: rsvpAnswerBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'guest', 'guests', 'write');
    const result = await recordGuestAnswer({ event, guest: guestFromItem(child) }, body, { now: new Date(), by: 'planner', actorId: caller.userId });
    if (result.outcome === 'capacity_exceeded') throw capacityRefusal(result.subEventTitles, 'The event is full; there is no seat for this answer.');
    if (result.outcome === 'invalid') throw new ValidationError(result.problems);
    if (result.outcome === 'closed') throw new Error('unreachable: the deadline does not bind planners');
    return ok(presentGuest(result.guest));
  },
});

/**
 * POST /api/guests/{id}/invitation-link: a fresh code for a link the planner shares by hand. The old
 * code's lookup is deleted in the same transaction, so the old link stops working at once.
 */
export const reissueInvitationLink = operation({
  params: idParam,
  session: 'with-first-read',
  // The answer carries a fresh invitation code: a repeated Idempotency-Key replays it from a sealed copy.
  idempotency: 'sealed',
  handle: async ({ params, caller }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'guest', 'guests', 'write');
    const guest = guestFromItem(child);
    const now = new Date();
    const { code, hash } = newInvitationCode();
    const after = { ...guest, code_hash: hash, code_sealed: sealInvitationCode(code, guest.id, await invitationSealKey.forSealing()), updated_at: now.toISOString() };
    const audit = auditPut({ eventId: event.id }, {
      actor_id: caller.userId, action: 'guest.invitation_link_reissued', entity_type: 'guest', entity_id: guest.id, at: now.toISOString(),
      // Codes are secrets: the audit records that the link changed, never the codes or their hashes.
      changes: [{ field: 'invitation_link', before: 'replaced', after: 'issued' }],
    });
    const outcome = await writeGuestChange({ eventId: event.id, before: guest, after, alsoWrite: [audit] });
    if (outcome === 'guest_changed') throw new VersionConflictError();
    if (outcome !== 'saved') throw new NotFoundError('guest');
    return ok(presentWithInvitation({ ...after, version: guest.version + 1 }, code));
  },
});
