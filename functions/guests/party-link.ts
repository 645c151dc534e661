import { auditPut } from '#shared/data/audit.ts';
import { loadChildAccess } from '#shared/data/events/access.ts';
import { newInvitationCode } from '#shared/data/invitations/codes.ts';
import { partyFromItem, partyMembers } from '#shared/data/parties/records.ts';
import { writePartyChange } from '#shared/data/parties/writes.ts';
import type { PartyRecord } from '#shared/domain/parties/rules.ts';
import { NotFoundError, VersionConflictError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { expectedVersion } from '#shared/http/if-match.ts';
import { ok } from '#shared/http/responses.ts';
import { rsvpUrl } from '#shared/pages/links.ts';
import { idParam } from '#shared/schemas/common.ts';
import { presentParty } from './parties.ts';

/**
 * POST /api/parties/{id}/invitation-link: a fresh code for a party's link (docs/parties.md), as
 * POST /api/guests/{id}/invitation-link does for a guest's. A party made by a background CSV import has a
 * code no one was shown; this is how its planner gets a link to share. The old code's lookup is deleted in
 * the same transaction as the party is written over its version, so the old link stops working at once.
 */
export const reissuePartyInvitationLink = operation({
  params: idParam,
  session: 'with-first-read',
  // The answer carries a fresh code: a repeated Idempotency-Key replays it from a sealed copy.
  idempotency: 'sealed',
  handle: async ({ params, caller, request }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'party', 'guests', 'write');
    const before = partyFromItem(child);
    if ((expectedVersion(request.headers, undefined) ?? before.version) !== before.version) throw new VersionConflictError();
    const now = new Date().toISOString();
    const { code, hash } = newInvitationCode();
    const after: PartyRecord = { ...before, code_hash: hash, updated_at: now };
    const audit = auditPut({ eventId: event.id }, {
      actor_id: caller.userId, action: 'party.invitation_link_reissued', entity_type: 'party', entity_id: before.id, at: now, subject: before.name,
      // Codes are secrets: the audit records that the link changed, never the codes or their hashes.
      changes: [{ field: 'invitation_link', before: 'replaced', after: 'issued' }],
    });
    const outcome = await writePartyChange({ before, after, added: [], removed: [], alsoWrite: [audit] });
    if (outcome === 'party_changed') throw new VersionConflictError();
    if (outcome !== 'saved') throw new NotFoundError('party');
    const saved = { ...after, version: before.version + 1 };
    return ok({ ...presentParty(saved, await partyMembers(saved)), invitation_code: code, rsvp_url: rsvpUrl(code) });
  },
});
