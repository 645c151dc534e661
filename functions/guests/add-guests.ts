import { config } from '#shared/config.ts';
import { GUESTS_PER_TRANSACTION, insertGuestBatch } from '#shared/data/guests/writes.ts';
import { emailsOnList } from '#shared/data/guests/reads.ts';
import { guestsAddedAudit, newGuestRecords } from '#shared/data/guests/new-guests.ts';
import type { GuestRecord } from '#shared/domain/guests/rules.ts';
import { guestLimitDetail, guestRoom, maxGuestCountBefore } from '#shared/domain/guests/guest-limit.ts';
import { partyDirectory, prepareImportParties } from '#shared/data/parties/import.ts';
import { importedPartiesChange, rowsPerTransaction } from '#shared/domain/parties/import.ts';
import { GuestLimitExceededError, NotFoundError, ServiceUnavailableError } from '#shared/http/errors.ts';
import type { GuestDraft } from '#shared/schemas/guests.ts';

/**
 * Adding guests (POST and CSV import): duplicates by email (case-insensitive, within the request or
 * already on the list) are skipped with the reason; the rest are written in transactions of at most
 * GUESTS_PER_TRANSACTION, each with its counters and audit entry. An email claimed by a concurrent
 * request is found by its failed condition, skipped, and the batch written again without it.
 */
export type Skipped = { index: number; email: string | null; reason: 'duplicate_in_request' | 'already_on_list' | 'party_full' };
export type Added = { index: number; guest: GuestRecord; code: string };
/** A party a CSV import made or joined: its new members, and a new party's link code (shown once). */
export type ImportedParty = { id: string; name: string; created: boolean; joined: number; code: string | null };

/** Party conflicts (another import joining or making the same party) a batch is planned again for, then 503. */
const MAX_PARTY_ATTEMPTS = 20;

export { GUESTS_PER_TRANSACTION };

/*
 * One transaction after another, on purpose: every one updates the event item (counters under the guest
 * cap), so in DynamoDB concurrent ones are cancelled with TransactionConflict and retried rather than run
 * at once; measured here (`npm run bench -- guests-bulk`, README "Bulk adds"), 4 in flight made 1,000
 * guests 1.2-2.4x slower (p50 6.6-12.9 s against 5.4 s). Running them at once needs the event item out of
 * the batch transactions (sharded counters, issue 15 goal 3). What does not touch the event runs beside
 * them, bounded: the email claims are read 4 BatchGetItems at a time. Each batch's domain events are
 * published by the table's stream consumer, not by the request (docs/capacity-model.md, "Bulk add").
 */

/**
 * The guest cap (MAX_GUESTS_PER_EVENT) is checked against the count read with the event before anything
 * is written (a request that does not fit is a 409 and adds nobody), and again by every transaction's
 * condition on the event's guest_count, so concurrent adds can never pass it together. A request that
 * a concurrent one squeezed out after its first transactions (of 32 guests) keeps what it added and
 * answers the 409 saying how many: they are on the list, and their links can be reissued.
 */
export type GuestLimit = { max: number; guestCount: number };

/**
 * `parties` (the CSV import's `party` cells, by the drafts' index) makes each such guest join the event's
 * party of that name, in the guest's own transaction (shared/data/parties/import.ts).
 */
export async function addGuests(
  eventId: string,
  drafts: GuestDraft[],
  actorId: string,
  now: Date,
  limit: GuestLimit,
  parties: (string | null)[] = [],
): Promise<{ added: Added[]; skipped: Skipped[]; parties: ImportedParty[] }> {
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
  const fitting = fresh.filter(({ draft, index }) => {
    if (!(draft.email && taken.has(draft.email))) return true;
    skipped.push({ index, email: draft.email, reason: 'already_on_list' });
    return false;
  });
  let pending = (await newGuestRecords(eventId, fitting, at)).map(({ index, guest, code }) => ({ index, guest, code, party: parties[index] ?? null }));
  if (pending.length > guestRoom(limit.guestCount, limit.max)) throw new GuestLimitExceededError(guestLimitDetail(limit.max, limit.guestCount, pending.length));
  const added: Added[] = [];
  const touched = new Map<string, ImportedParty>();
  const directory = partyDirectory(eventId);
  let conflicts = 0;
  while (pending.length > 0) {
    const size = rowsPerTransaction(pending.map(({ guest, party }) => ({ email: guest.email, party })), GUESTS_PER_TRANSACTION);
    const planned = await prepareImportParties(directory, pending.slice(0, size), at);
    const batch = planned.rows;
    const guests = batch.map(({ guest }) => guest);
    const partyChanges = importedPartiesChange(planned.joins);
    const outcome = batch.length === 0
      ? { kind: 'saved' as const }
      : await insertGuestBatch(eventId, guests, [guestsAddedAudit(eventId, actorId, at, guests, partyChanges), ...planned.writes], maxGuestCountBefore(limit.max, batch.length));
    if (outcome.kind === 'event_gone') throw new NotFoundError('event');
    if (outcome.kind === 'guest_limit') {
      const partly = added.length > 0 ? ` ${added.length} of this request's guests were added before the limit was reached (a concurrent add took the rest of the room); their invitation links can be reissued.` : '';
      throw new GuestLimitExceededError(`${guestLimitDetail(limit.max, outcome.guestCount, pending.length)}${partly}`);
    }
    if (outcome.kind === 'also_refused') {
      // A party joined or made meanwhile by another import: read the names again and plan the batch again.
      conflicts += 1;
      if (conflicts >= MAX_PARTY_ATTEMPTS) throw new ServiceUnavailableError(1);
      continue;
    }
    if (outcome.kind === 'emails_taken') {
      const lost = new Set(outcome.emails);
      for (const entry of batch.filter(({ guest }) => guest.email && lost.has(guest.email))) {
        skipped.push({ index: entry.index, email: entry.guest.email ?? null, reason: 'already_on_list' });
      }
      pending = pending.filter(({ guest }) => !(guest.email && lost.has(guest.email)));
      continue;
    }
    added.push(...batch);
    for (const entry of planned.full) skipped.push({ index: entry.index, email: entry.guest.email ?? null, reason: 'party_full' });
    for (const join of planned.joins) {
      const known = touched.get(join.after.id);
      const code = planned.codes.find(({ partyId }) => partyId === join.after.id)?.code ?? null;
      touched.set(join.after.id, { id: join.after.id, name: join.after.name, created: (known?.created ?? false) || join.created, joined: (known?.joined ?? 0) + join.joining.length, code: known?.code ?? code });
    }
    pending = pending.slice(size);
  }
  return { added, skipped: skipped.sort((a, b) => a.index - b.index), parties: [...touched.values()] };
}

/** The cap from the configuration and the count read with the event (absent on events older than it: 0). */
export const guestLimitOf = (event: { guest_count?: number }): GuestLimit => ({ max: config().MAX_GUESTS_PER_EVENT, guestCount: event.guest_count ?? 0 });
