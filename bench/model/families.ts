import { INVITEE_SHARDS } from '../../shared/data/keys.ts';

/**
 * Partition-key families of the single table (shared/data/keys.ts) and how each spreads: what one key of the
 * family stands for decides how many distinct partitions a load on it lands on at peak.
 */
export type Index = 'table' | 'gsi1' | 'gsi2' | 'gsi3';

/**
 * `global`: one key for everyone (OUTBOX#PENDING, ACCOUNTDELETION); `day`: one key per UTC day, so all of a
 * day's load is on today's key (DUE#, BUDGETCHANGE#, ...); the others: one key per event, user, guest (or
 * guest email), source address, session, or a fresh key per item (a notice, a mail).
 */
export type Scope = 'global' | 'day' | 'event' | 'user' | 'guest' | 'address' | 'session' | 'item';

/** `OUTBOX#PENDING`, `DUE#`, `EVENT#`, `RATE#rsvp#`: the stable prefix of a key value, without its ids. */
export function keyFamily(value: string): string {
  if (value.startsWith('OUTBOX#')) return 'OUTBOX#PENDING';
  const parts = value.split('#');
  if (parts.length === 1) return value;
  // Rate-limit windows: the scope (rsvp, login, register, ...) is part of what the key means.
  if (parts[0] === 'RATE') return `RATE#${parts[1]}#`;
  return `${parts[0]}#`;
}

const scopes: Record<string, Scope> = {
  'OUTBOX#PENDING': 'global',
  ACCOUNTDELETION: 'global',
  'DUE#': 'day',
  'BUDGETCHANGE#': 'day',
  'GUESTPURGE#': 'day',
  'UNVERIFIED#': 'day',
  'EVENT#': 'event',
  'NOTICES#': 'event',
  'SUBS#': 'event',
  'GUESTS#': 'event',
  // An invitation batch's rows: one batch of an event, split over its shards (ownerShards, below).
  'INVITEES#': 'event',
  'USER#': 'user',
  'UNREAD#': 'user',
  'WSUSER#': 'user',
  'USERNAME#': 'user',
  'EMAIL#': 'user',
  'IDEMPOTENCY#': 'user',
  'INVCODE#': 'guest',
  'GUESTEMAIL#': 'guest',
  'SUPPRESSED#': 'guest',
  'SESSION#': 'session',
  'WSCONN#': 'session',
};

/** How a family's keys spread; rate-limit windows are per source address (or account), anything else one key per item. */
export function familyScope(family: string): Scope {
  if (family.startsWith('RATE#')) return 'address';
  return scopes[family] ?? 'item';
}

/**
 * Families the code shards per owner (shared/data/keys.ts): one owner's load (the big event's batch) splits
 * evenly over this many keys, a stable hash of each item's id choosing its key. Not a model parameter: the
 * code's count.
 */
export const ownerShards: Record<string, number> = { 'INVITEES#': INVITEE_SHARDS };

/** Families whose one key takes everyone's load: the ones a shard count applies to. */
export const isShardable = (family: string): boolean => ['global', 'day'].includes(familyScope(family));

/** The GSI families of each kind of item (the first segment of its sort key), from docs/data-model.md's Items. */
const indexedKinds: Record<string, Partial<Record<Exclude<Index, 'table'>, string>>> = {
  GUEST: { gsi1: 'GUESTEMAIL#', gsi2: 'GUESTS#', gsi3: 'GUESTS#' },
  MEMBER: { gsi1: 'USER#' },
  NOTIFICATION: { gsi1: 'UNREAD#' },
  CONNECTION: { gsi1: 'WSUSER#' },
  NOTICE: { gsi1: 'NOTICES#', gsi2: 'OUTBOX#PENDING' },
  AUDIT: { gsi2: 'OUTBOX#PENDING' },
  INVITATION: { gsi2: 'OUTBOX#PENDING' },
  ACCOUNTMAIL: { gsi2: 'OUTBOX#PENDING' },
  BUDGET: { gsi2: 'DUE#' },
  TIMELINE: { gsi2: 'DUE#' },
  CHECKLIST: { gsi2: 'DUE#' },
  EVENTREMINDER: { gsi2: 'DUE#' },
  BUDGETCHANGE: { gsi2: 'BUDGETCHANGE#' },
  GUESTPURGE: { gsi2: 'GUESTPURGE#' },
  UNVERIFIED: { gsi2: 'UNVERIFIED#' },
  DELETION: { gsi2: 'ACCOUNTDELETION' },
};

/**
 * The GSI family an item of the table is filed under, from its own keys: what a write that does not name
 * the GSI key (an update of an indexed item, a delete, a REMOVE) spends there. With projection ALL, any
 * change to an indexed item rewrites its index entry.
 */
export function indexFamilyOfItem(pk: string, sk: string, index: Exclude<Index, 'table'>): string | undefined {
  const kind = sk.split('#')[0] as string;
  // A notice's sent records (`SENT#...`) share its partition but are not indexed.
  if (pk.startsWith('NOTICE#') && kind !== 'NOTICE') return undefined;
  return indexedKinds[kind]?.[index];
}
