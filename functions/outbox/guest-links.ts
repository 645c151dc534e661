import { invitationSealKey } from '#shared/auth/invitation-code-key.ts';
import { writeGuestChange } from '#shared/data/guests/writes.ts';
import { newInvitationCode } from '#shared/data/invitations/codes.ts';
import type { GuestRecord } from '#shared/domain/guests/rules.ts';
import { openInvitationCode, sealInvitationCode } from '#shared/domain/invitations/code-seal.ts';
import { rsvpUrl } from '#shared/pages/links.ts';

/**
 * Each guest's RSVP link from their sealed code. For an invitation (`issueWhenMissing`), a guest whose
 * code cannot be recovered (added before codes were sealed, or its sealing key was retired) gets a fresh
 * code, written like a reissued link (the old one stops working); notices just go without a link then.
 */
export async function rsvpLinks(guests: GuestRecord[], options: { issueWhenMissing: boolean; now: Date }): Promise<Map<string, string>> {
  const sealing = await invitationSealKey.forSealing();
  const links = new Map<string, string>();
  for (const guest of guests) {
    const code = guest.code_sealed ? openInvitationCode(guest.code_sealed, guest.id, guest.code_hash, await invitationSealKey.forOpening(guest.code_sealed)) : null;
    if (code) {
      links.set(guest.id, rsvpUrl(code));
      continue;
    }
    if (!options.issueWhenMissing) continue;
    const fresh = newInvitationCode();
    const after = { ...guest, code_hash: fresh.hash, code_sealed: sealInvitationCode(fresh.code, guest.id, sealing), updated_at: options.now.toISOString() };
    // A guest changed meanwhile is left without a link this time; its row is retried with a fresh read.
    if ((await writeGuestChange({ eventId: guest.event_id, before: guest, after, alsoWrite: [] })) === 'saved') links.set(guest.id, rsvpUrl(fresh.code));
  }
  return links;
}
