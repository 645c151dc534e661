import type { GuestRecord } from '../../domain/guests/rules.ts';
import { nameKey } from '../../domain/guests/name-key.ts';
import { type ImportPartyPlan, type PartyJoin, type PartyLock, planImportParties, type ResolvedName } from '../../domain/parties/import.ts';
import type { PartyRecord } from '../../domain/parties/rules.ts';
import { batchGetAll, queryChildren } from '../collection.ts';
import { newChildId } from '../ids.ts';
import { newInvitationCode } from '../invitations/codes.ts';
import { invitationCodeKeys, partyNameKeys } from '../keys.ts';
import type { TransactItem } from '../transact.ts';
import { partyFromItem, partyItem, partyKey } from './records.ts';

/**
 * The parties of a CSV import's batch (shared/domain/parties/import.ts): the names resolved, then the
 * writes that go in the batch's one transaction. Every write is conditional on what was read (a name's
 * lock absent or as read, a joined party at its version, a new party's key free), so two imports, two
 * pages or a retry that race on one name make one party, and a batch whose condition fails is planned again.
 */

/**
 * The event's parties by name key, read once per import (sync request or job run) and only when a name has
 * no lock: a party made by the party routes has none until an import adopts it (earliest created first).
 */
export type PartyDirectory = { eventId: string; byName: Map<string, string> | null };

export const partyDirectory = (eventId: string): PartyDirectory => ({ eventId, byName: null });

async function partyIdsByName(directory: PartyDirectory): Promise<Map<string, string>> {
  if (!directory.byName) {
    const byName = new Map<string, string>();
    for (const party of (await queryChildren('party', directory.eventId)).map(partyFromItem)) {
      const key = nameKey(party.name);
      if (!byName.has(key)) byName.set(key, party.id);
    }
    directory.byName = byName;
  }
  return directory.byName;
}

const partiesById = async (eventId: string, ids: Iterable<string>): Promise<Map<string, PartyRecord>> =>
  new Map((await batchGetAll([...new Set(ids)].map((id) => partyKey({ event_id: eventId, id })))).map((item) => [String(item.id), partyFromItem(item)]));

/**
 * Each name's party and lock as they stand: the locks and the parties they name (two BatchGetItems); for
 * a name with no lock, or one naming a party deleted or renamed since, the event's party of that name
 * from the directory, read again by key (strong), so a join is conditioned on the version as stored.
 */
export async function resolvePartyNames(directory: PartyDirectory, keys: string[]): Promise<Map<string, ResolvedName>> {
  const { eventId } = directory;
  const resolved = new Map<string, ResolvedName>();
  if (keys.length === 0) return resolved;
  const lockItems = await batchGetAll(keys.map((key) => partyNameKeys.lock(eventId, key)));
  const locks = new Map(lockItems.map((item) => [String(item.sk).slice(PARTY_NAME_PREFIX.length), String(item.party_id)]));
  const locked = await partiesById(eventId, locks.values());
  const open: { key: string; lock: PartyLock }[] = [];
  for (const key of keys) {
    const lockedId = locks.get(key);
    const party = lockedId ? locked.get(lockedId) : undefined;
    if (party && nameKey(party.name) === key) resolved.set(key, { key, party, lock: { state: 'held' } });
    else open.push({ key, lock: lockedId ? { state: 'stale', partyId: lockedId } : { state: 'absent' } });
  }
  if (open.length === 0) return resolved;
  const byName = await partyIdsByName(directory);
  const named = await partiesById(eventId, open.flatMap(({ key }) => byName.get(key) ?? []));
  for (const { key, lock } of open) {
    const party = named.get(byName.get(key) ?? '');
    resolved.set(key, { key, party: party && nameKey(party.name) === key ? party : null, lock });
  }
  return resolved;
}

const PARTY_NAME_PREFIX = 'PARTYNAME#';

function lockWrite(eventId: string, join: PartyJoin): TransactItem | null {
  if (join.lock.state === 'held') return null;
  const Item = { ...partyNameKeys.lock(eventId, join.key), type: 'party_name', party_id: join.after.id };
  if (join.lock.state === 'absent') return { Put: { Item, ConditionExpression: 'attribute_not_exists(pk)' } };
  return { Put: { Item, ConditionExpression: 'party_id = :stale', ExpressionAttributeValues: { ':stale': join.lock.partyId } } };
}

/** One name's writes: a new party with its link's lookup, or the joined party at its version; and its lock when it moves. */
export function partyJoinWrites(eventId: string, join: PartyJoin): TransactItem[] {
  const writes: TransactItem[] = [];
  if (!join.before) {
    writes.push(
      { Put: { Item: partyItem(join.after), ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { Item: { ...invitationCodeKeys.item(join.after.code_hash), type: 'invitation_code', event_id: eventId, party_id: join.after.id }, ConditionExpression: 'attribute_not_exists(pk)' } },
    );
  } else {
    writes.push({
      Update: {
        Key: partyKey(join.before),
        UpdateExpression: 'SET member_ids = :members, updated_at = :at ADD #version :one',
        ConditionExpression: '#version = :read',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':members': join.after.member_ids, ':at': join.after.updated_at, ':one': 1, ':read': join.before.version },
      },
    });
  }
  const lock = lockWrite(eventId, join);
  if (lock) writes.push(lock);
  return writes;
}

/** A new party's link code, shown once by the synchronous import (never stored: only its hash). */
export type CreatedPartyCode = { partyId: string; code: string };

export type ImportPartyBatch<T> = ImportPartyPlan<T> & { writes: TransactItem[]; codes: CreatedPartyCode[] };

/**
 * Plans a batch's memberships from its new guests (each with the party its row names) and returns the
 * guests to write with their `party_id`, the rows over a party's cap and the party writes.
 */
export async function prepareImportParties<T extends { guest: GuestRecord; party: string | null }>(
  directory: PartyDirectory,
  entries: T[],
  at: string,
): Promise<ImportPartyBatch<T & { guestId: string }>> {
  const rows = entries.map((entry) => ({ ...entry, guestId: entry.guest.id }));
  const keys = [...new Set(rows.flatMap((row) => (row.party ? [nameKey(row.party)] : [])))];
  const resolved = await resolvePartyNames(directory, keys);
  const codes: CreatedPartyCode[] = [];
  const newParty = (name: string): PartyRecord => {
    const { code, hash } = newInvitationCode();
    const party: PartyRecord = {
      id: newChildId(directory.eventId), event_id: directory.eventId, name, member_ids: [], seating: 'whole_party', code_hash: hash, created_at: at, updated_at: at, version: 1,
    };
    codes.push({ partyId: party.id, code });
    return party;
  };
  const plan = planImportParties(rows, resolved, newParty, at);
  const writes = plan.joins.flatMap((join) => partyJoinWrites(directory.eventId, join));
  return {
    ...plan,
    rows: plan.rows.map((row) => ({ ...row, guest: row.partyId ? { ...row.guest, party_id: row.partyId } : row.guest })),
    writes,
    codes: codes.filter(({ partyId }) => plan.joins.some((join) => join.after.id === partyId)),
  };
}
