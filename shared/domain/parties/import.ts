import { nameKey } from '../guests/name-key.ts';
import { MAX_PARTY_MEMBERS, type PartyRecord } from './rules.ts';

/**
 * Parties from a CSV import (docs/guest-import.md, "Parties"): a row's `party` cell names the event's
 * party the new guest joins, created once if the event has none of that name. Names compare by their
 * name key (accents, case and runs of spaces folded: `Smith  Family` is `smith family`). The party's
 * writes go in the same transaction as the batch's guests, so a row is added with its membership or not
 * at all, whatever retries, second runs or concurrent imports do.
 */

/** The party a row names (its `party` cell, trimmed), or null. */
export function importPartyName(fields: Record<string, string>): string | null {
  const cell = fields.party?.trim();
  return cell ? cell : null;
}

/**
 * How a name stands before the batch's write: the party found (by the name's lock item, or by name in the
 * event's parties, then adopted) or none (a new party), and the lock item as read, which the write
 * conditions on: absent (created now), stale (naming a party deleted or renamed since: replaced) or held.
 */
export type PartyLock = { state: 'absent' } | { state: 'stale'; partyId: string } | { state: 'held' };
export type ResolvedName = { key: string; party: PartyRecord | null; lock: PartyLock };

/** What the batch's transaction writes for one name: the party (new, or joined) and its lock when it moves. */
export type PartyJoin = { key: string; before: PartyRecord | null; after: PartyRecord; lock: PartyLock; joining: string[]; created: boolean };

export type ImportPartyPlan<T> = { rows: (T & { partyId: string | null })[]; full: T[]; joins: PartyJoin[] };

/** Fixed items of a batch's transaction: the event, the dietary counts, the audit entry, a job's checkpoint. */
const FIXED_ITEMS = 4;
const TRANSACTION_ITEMS = 100;
/** At most: a new party, its link's code lookup and its name's lock item. */
const ITEMS_PER_PARTY = 3;

/**
 * How many rows from the start go in one transaction: 2 items per guest (guest, code lookup), 1 more with
 * an email (its claim), and up to 3 per party the rows name, within DynamoDB's 100 and at most `maxRows`.
 */
export function rowsPerTransaction(rows: { email?: string | null; party: string | null }[], maxRows: number): number {
  let items = FIXED_ITEMS;
  const parties = new Set<string>();
  let count = 0;
  for (const row of rows.slice(0, maxRows)) {
    const key = row.party ? nameKey(row.party) : null;
    const cost = 2 + (row.email ? 1 : 0) + (key && !parties.has(key) ? ITEMS_PER_PARTY : 0);
    if (items + cost > TRANSACTION_ITEMS) break;
    items += cost;
    if (key) parties.add(key);
    count += 1;
  }
  return Math.max(count, 1);
}

/**
 * The batch's memberships, from its new guests in file order and the names resolved: each row joins its
 * party while the party has room (MAX_PARTY_MEMBERS ids), the others are `full` (not added: the row can be
 * imported again once the party has room). A name with no party makes one, named as its first row writes it.
 */
export function planImportParties<T extends { guestId: string; party: string | null }>(
  rows: T[],
  resolved: Map<string, ResolvedName>,
  newParty: (name: string) => PartyRecord,
  at: string,
): ImportPartyPlan<T> {
  const joins = new Map<string, PartyJoin>();
  const planned: (T & { partyId: string | null })[] = [];
  const full: T[] = [];
  for (const row of rows) {
    if (!row.party) {
      planned.push({ ...row, partyId: null });
      continue;
    }
    const key = nameKey(row.party);
    let join = joins.get(key);
    if (!join) {
      const name = resolved.get(key) ?? { key, party: null, lock: { state: 'absent' } as PartyLock };
      const after = name.party ? { ...name.party, updated_at: at } : newParty(row.party);
      join = { key, before: name.party, after, lock: name.lock, joining: [], created: !name.party };
      joins.set(key, join);
    }
    if (join.after.member_ids.length >= MAX_PARTY_MEMBERS) {
      full.push(row);
      continue;
    }
    join.after = { ...join.after, member_ids: [...join.after.member_ids, row.guestId] };
    join.joining.push(row.guestId);
    planned.push({ ...row, partyId: join.after.id });
  }
  return { rows: planned, full, joins: [...joins.values()].filter((join) => join.joining.length > 0) };
}

/** The party changes of a batch for its `guests.added` audit entry. */
export const importedPartiesChange = (joins: PartyJoin[]) =>
  joins.map((join) => ({ id: join.after.id, name: join.after.name, created: join.created, joined: join.joining }));
