import { invitationSealKey } from '../../auth/invitation-code-key.ts';
import type { GuestRecord } from '../../domain/guests/rules.ts';
import type { importedPartiesChange } from '../../domain/parties/import.ts';
import { sealInvitationCode } from '../../domain/invitations/code-seal.ts';
import type { GuestDraft } from '../../schemas/guests.ts';
import { auditPut } from '../audit.ts';
import { newChildId } from '../ids.ts';
import { newInvitationCode } from '../invitations/codes.ts';
import type { TransactItem } from '../transact.ts';

type ImportedParties = ReturnType<typeof importedPartiesChange>;

/**
 * New guests as stored, each with a fresh invitation code: POST /guests and the CSV import (in the request
 * or in the background job) make them the same way. The code is sealed (not hashed only) so the
 * invitations sender can put the same link in the email.
 */
export async function newGuestRecords<T extends { draft: GuestDraft }>(eventId: string, entries: T[], at: string): Promise<(T & { guest: GuestRecord; code: string })[]> {
  const sealKey = await invitationSealKey.forSealing();
  return entries.map((entry) => {
    const { code, hash } = newInvitationCode();
    const id = newChildId(eventId);
    const guest: GuestRecord = {
      ...entry.draft, id, event_id: eventId, rsvp_status: 'pending', code_hash: hash, code_sealed: sealInvitationCode(code, id, sealKey), created_at: at, updated_at: at, version: 1,
    };
    return { ...entry, guest, code };
  });
}

/**
 * The audit entry of one batch of new guests (its domain event is `guest.added`), for the batch's
 * transaction; an import's batch names the parties it made or joined in it too (no entry of their own).
 */
export const guestsAddedAudit = (eventId: string, actorId: string, at: string, guests: GuestRecord[], parties: ImportedParties = []): TransactItem =>
  auditPut({ eventId }, {
    actor_id: actorId, action: 'guests.added', entity_type: 'guest', entity_id: eventId, at,
    changes: [
      { field: 'guests', before: null, after: guests.map((guest) => ({ id: guest.id, name: guest.name, email: guest.email ?? null })) },
      ...(parties.length ? [{ field: 'parties', before: null, after: parties }] : []),
    ],
  });
