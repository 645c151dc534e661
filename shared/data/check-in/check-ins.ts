import type { GuestRecord } from '../../domain/guests/rules.ts';
import { auditPut } from '../audit.ts';
import { batchGetAll } from '../collection.ts';
import { guestFromItem, guestKey, listGuestsByName } from '../guests/reads.ts';
import { type GuestChangeOutcome, writeGuestChange } from '../guests/writes.ts';

/**
 * Check-ins at the door (docs/check-in.md). A check-in is a change of the guest: one TransactWriteItems of
 * the guest (under its version), the event's `checked_in_count` (moved by the guest counters' own delta,
 * so it always equals a recount) and the audit entry. Two devices scanning one code at once both read the
 * guest unchecked; the version lets exactly one commit, and the other reads again and finds it checked in.
 */

/** C1: the guests of this event with these ids (BatchGetItem, strong), by id. */
export async function guestsOfEvent(eventId: string, guestIds: string[]): Promise<Map<string, GuestRecord>> {
  const unique = [...new Set(guestIds)];
  const items = unique.length ? await batchGetAll(unique.map((id) => guestKey({ event_id: eventId, id }))) : [];
  return new Map(items.map((item) => guestFromItem(item)).map((guest) => [guest.id, guest]));
}

/** C2: records the check-in `after` of `before` with its audit entry, in one transaction. */
export function recordCheckIn(eventId: string, before: GuestRecord, after: GuestRecord, actorId: string): Promise<GuestChangeOutcome> {
  const audit = auditPut({ eventId }, {
    actor_id: actorId, action: 'check_in.recorded', entity_type: 'guest', entity_id: before.id, at: new Date().toISOString(), subject: before.name,
    changes: [{ field: 'checked_in_at', before: null, after: after.checked_in_at }, ...(after.checked_in_device ? [{ field: 'checked_in_device', before: null, after: after.checked_in_device }] : [])],
  });
  return writeGuestChange({ eventId, before, after, alsoWrite: [audit] });
}

/** C3: a new check-in nonce for the guest (every earlier code stops verifying), with its audit entry. */
export function replaceCheckInNonce(eventId: string, before: GuestRecord, after: GuestRecord, actorId: string): Promise<GuestChangeOutcome> {
  const audit = auditPut({ eventId }, {
    actor_id: actorId, action: 'check_in.code_revoked', entity_type: 'guest', entity_id: before.id, at: new Date().toISOString(), subject: before.name,
    // Codes are secrets: the audit records that the code changed, never the code or its nonce.
    changes: [{ field: 'check_in_code', before: 'revoked', after: 'issued' }],
  });
  return writeGuestChange({ eventId, before, after, alsoWrite: [audit] });
}

/** C4: one page of the door list, the attending guests by name (GSI3, the event's guests who answered yes). */
export const doorListPage = (eventId: string, q: string | undefined, page: { limit: number; cursor?: string }) =>
  listGuestsByName(eventId, { rsvp_status: 'yes', ...(q ? { q } : {}) }, { ...page, order: 'asc' });
