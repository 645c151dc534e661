import { config } from '#shared/config.ts';
import { invitationSealKey } from '#shared/auth/invitation-code-key.ts';
import { auditPut } from '#shared/data/audit.ts';
import pMap from 'p-map';
import { type BatchInsertOutcome, insertGuestBatch } from '#shared/data/guests/writes.ts';
import { emailsOnList } from '#shared/data/guests/reads.ts';
import { newChildId } from '#shared/data/ids.ts';
import { newInvitationCode } from '#shared/data/invitations/codes.ts';
import { sealInvitationCode } from '#shared/domain/invitations/code-seal.ts';
import type { GuestRecord } from '#shared/domain/guests/rules.ts';
import { guestLimitDetail, guestRoom, maxGuestCountBefore } from '#shared/domain/guests/guest-limit.ts';
import { GuestLimitExceededError, NotFoundError } from '#shared/http/errors.ts';
import type { GuestDraft } from '#shared/schemas/guests.ts';

/**
 * Adding guests (POST and CSV import): duplicates by email (case-insensitive, within the request or
 * already on the list) are skipped with the reason; the rest are written in transactions of at most
 * GUESTS_PER_TRANSACTION, TRANSACTIONS_IN_FLIGHT at once, each with its counters and audit entry. An email
 * claimed by a concurrent request is found by its failed condition, skipped, and the batch written again
 * without it.
 */
export type Skipped = { index: number; email: string | null; reason: 'duplicate_in_request' | 'already_on_list' };
export type Added = { index: number; guest: GuestRecord; code: string };

/** 3 items per guest (guest, code lookup, email claim) + event, dietary counts and audit ≤ 100. */
export const GUESTS_PER_TRANSACTION = 32;

/**
 * Transactions of one request in flight at once (1,000 guests: 32 transactions, 4 at a time). Each still
 * updates the event's counters by ADD under its own guest-cap condition, so racing batches stay exact:
 * DynamoDB applies them one after another on the event item (a batch that meets another on it is
 * cancelled with TransactionConflict and retried by transact()). More in flight only adds conflicts.
 */
export const TRANSACTIONS_IN_FLIGHT = 4;

/**
 * The guest cap (MAX_GUESTS_PER_EVENT) is checked against the count read with the event before anything
 * is written (a request that does not fit is a 409 and adds nobody), and again by every transaction's
 * condition on the event's guest_count, so concurrent adds can never pass it together. A request that
 * a concurrent one squeezed out after some of its transactions (of 32 guests) keeps what they added
 * and answers the 409 saying how many: they are on the list, and their links can be reissued.
 */
export type GuestLimit = { max: number; guestCount: number };

export async function addGuests(eventId: string, drafts: GuestDraft[], actorId: string, now: Date, limit: GuestLimit): Promise<{ added: Added[]; skipped: Skipped[] }> {
  const skipped: Skipped[] = [];
  const seen = new Set<string>();
  const fresh = drafts.flatMap((draft, index) => {
    if (!draft.email) return [{ draft, index }];
    if (seen.has(draft.email)) {
      skipped.push({ index, email: draft.email, reason: 'duplicate_in_request' });
      return [];
    }
    seen.add(draft.email);
    return [{ draft, index }];
  });
  const taken = await emailsOnList(eventId, [...seen]);
  const at = now.toISOString();
  const sealKey = await invitationSealKey();
  const pending: Added[] = fresh.flatMap(({ draft, index }) => {
    if (draft.email && taken.has(draft.email)) {
      skipped.push({ index, email: draft.email, reason: 'already_on_list' });
      return [];
    }
    const { code, hash } = newInvitationCode();
    const id = newChildId(eventId);
    // Sealed (not hashed only) so the invitations sender can put the same link in the email.
    const guest: GuestRecord = {
      ...draft, id, event_id: eventId, rsvp_status: 'pending', code_hash: hash, code_sealed: sealInvitationCode(code, id, sealKey), created_at: at, updated_at: at, version: 1,
    };
    return [{ index, guest, code }];
  });
  if (pending.length > guestRoom(limit.guestCount, limit.max)) throw new GuestLimitExceededError(guestLimitDetail(limit.max, limit.guestCount, pending.length));
  const added: Added[] = [];
  // Written by the batches as they finish; read once they all have.
  const stop: { limitReached?: { guestCount: number }; failure?: unknown } = {};
  let lost = 0;
  const batches = Array.from({ length: Math.ceil(pending.length / GUESTS_PER_TRANSACTION) }, (_, start) => pending.slice(start * GUESTS_PER_TRANSACTION, (start + 1) * GUESTS_PER_TRANSACTION));
  // Once one batch is refused (limit, event gone, an error) no further batch starts; those in flight finish,
  // so the answer can say exactly how many were added.
  await pMap(batches, async (first) => {
    let batch = first;
    while (batch.length > 0 && !stop.limitReached && !stop.failure) {
      const audit = auditPut({ eventId }, {
        actor_id: actorId, action: 'guests.added', entity_type: 'guest', entity_id: eventId, at,
        changes: [{ field: 'guests', before: null, after: batch.map(({ guest }) => ({ id: guest.id, name: guest.name, email: guest.email ?? null })) }],
      });
      let outcome: BatchInsertOutcome;
      try {
        outcome = await insertGuestBatch(eventId, batch.map(({ guest }) => guest), [audit], maxGuestCountBefore(limit.max, batch.length));
      } catch (error) {
        stop.failure ??= error;
        return;
      }
      if (outcome.kind === 'event_gone') stop.failure ??= new NotFoundError('event');
      else if (outcome.kind === 'guest_limit') stop.limitReached ??= { guestCount: outcome.guestCount };
      else if (outcome.kind === 'emails_taken') {
        const taken = new Set(outcome.emails);
        const [kept, gone] = [batch.filter(({ guest }) => !(guest.email && taken.has(guest.email))), batch.filter(({ guest }) => guest.email && taken.has(guest.email))];
        for (const entry of gone) skipped.push({ index: entry.index, email: entry.guest.email ?? null, reason: 'already_on_list' });
        lost += gone.length;
        batch = kept;
      } else {
        added.push(...batch);
        return;
      }
    }
  }, { concurrency: TRANSACTIONS_IN_FLIGHT });
  if (stop.failure) throw stop.failure;
  if (stop.limitReached) {
    const partly = added.length > 0 ? ` ${added.length} of this request's guests were added before the limit was reached (a concurrent add took the rest of the room); their invitation links can be reissued.` : '';
    throw new GuestLimitExceededError(`${guestLimitDetail(limit.max, stop.limitReached.guestCount, pending.length - added.length - lost)}${partly}`);
  }
  added.sort((a, b) => a.index - b.index);
  return { added, skipped: skipped.sort((a, b) => a.index - b.index) };
}

/** The cap from the configuration and the count read with the event (absent on events older than it: 0). */
export const guestLimitOf = (event: { guest_count?: number }): GuestLimit => ({ max: config().MAX_GUESTS_PER_EVENT, guestCount: event.guest_count ?? 0 });
