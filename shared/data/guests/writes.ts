import { type GuestCounters, type GuestRecord, counterDelta, dietaryDelta, guestCounterNames, sumCounters } from '../../domain/guests/rules.ts';
import { derivedAttributes, dietaryAttribute, guestItem, guestKey, legacySearchText } from './reads.ts';
import { invitationCodeKeys, eventKeys, guestListKeys } from '../keys.ts';
import { LIVE_EVENT_CONDITION } from '../events/live-event.ts';
import { getEventsByIds } from '../events/records.ts';
import { type TransactItem, TransactionConditionFailed, transact } from '../transact.ts';
import { answerCounterDelta } from '../../domain/questions/answers.ts';
import { answerCounterWrites } from '../questions/records.ts';

/**
 * Every guest write is one TransactWriteItems: the guest, the event's counters (moved by exactly what the
 * guest's change moves them), the email claim, the waitlist entry, the dietary counts and the caller's
 * audit entry and notice. The event update carries `attribute_exists(pk) AND attribute_not_exists(deleting_at)`
 * so nothing lands in an event being deleted, plus the seat guard when the change takes seats and the
 * guest cap (guest_count at most MAX_GUESTS_PER_EVENT minus the guests added) when it adds guests. The
 * custom questions' answer counters move with the guest's answers in the same transaction.
 */

/** A change that takes seats commits only while the stored headcount leaves room for it. */
export type SeatGuard = { capacity: number; maxHeadcountBefore: number };

export type GuestChange = {
  eventId: string;
  before: GuestRecord | null;
  after: GuestRecord | null;
  seatGuard?: SeatGuard | null;
  /** A guest taking a seat from outside the waitlist must not overtake guests already waiting. */
  requireEmptyWaitlist?: boolean;
  /** Attributes of another writer set on the stored guest with this change (the batch an answer counted for). */
  guestMarks?: Record<string, string>;
  /** The versions of the question definitions the guest's answers were checked against (shared/data/questions). */
  questionVersions?: Record<string, number>;
  alsoWrite: TransactItem[];
};

export type GuestChangeOutcome = 'saved' | 'event_changed' | 'guest_changed' | 'email_taken';

const EVENT_INDEX = 0;
const GUEST_INDEX = 1;

/** The event item's part of a transaction: counters by ADD (only those that move), or a check that it is live. */
export function eventCountersWrite(
  eventId: string,
  delta: GuestCounters,
  guard?: { seatGuard?: SeatGuard | null; requireEmptyWaitlist?: boolean; maxGuestCountBefore?: number },
): TransactItem {
  const moving = guestCounterNames.filter((name) => delta[name] !== 0);
  const conditions = [LIVE_EVENT_CONDITION];
  const values: Record<string, unknown> = Object.fromEntries(moving.map((name) => [`:${name}`, delta[name]]));
  if (guard?.seatGuard) {
    conditions.push('#capacity = :capacity AND attending_headcount <= :maxBefore');
    values[':capacity'] = guard.seatGuard.capacity;
    values[':maxBefore'] = guard.seatGuard.maxHeadcountBefore;
  }
  if (guard?.maxGuestCountBefore !== undefined) {
    // Events older than the counters have none yet: absent counts as 0, which the caller checked against.
    conditions.push('(attribute_not_exists(guest_count) OR guest_count <= :maxGuestsBefore)');
    values[':maxGuestsBefore'] = guard.maxGuestCountBefore;
  }
  if (guard?.requireEmptyWaitlist) {
    conditions.push('(attribute_not_exists(rsvp_waitlisted) OR rsvp_waitlisted <= :none)');
    values[':none'] = 0;
  }
  const common = {
    Key: eventKeys.item(eventId),
    ConditionExpression: conditions.join(' AND '),
    // CAPACITY is a DynamoDB reserved word.
    ...(guard?.seatGuard ? { ExpressionAttributeNames: { '#capacity': 'capacity' } } : {}),
    ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
  };
  if (moving.length === 0) return { ConditionCheck: common };
  return { Update: { ...common, UpdateExpression: `ADD ${moving.map((name) => `${name} :${name}`).join(', ')}` } };
}

/** Dietary counts by ADD on the list's statistics item; null when nothing moves. */
export function dietaryWrite(eventId: string, delta: Record<string, number>): TransactItem | null {
  const entries = Object.entries(delta);
  if (entries.length === 0) return null;
  return {
    Update: {
      Key: guestListKeys.stats(eventId),
      UpdateExpression: `SET #type = :type ADD ${entries.map((_, index) => `#d${index} :d${index}`).join(', ')}`,
      ExpressionAttributeNames: { '#type': 'type', ...Object.fromEntries(entries.map(([name], index) => [`#d${index}`, dietaryAttribute(name)])) },
      ExpressionAttributeValues: { ':type': 'guest_stats', ...Object.fromEntries(entries.map(([, count], index) => [`:d${index}`, count])) },
    },
  };
}

/**
 * Fields of a stored guest that writes replace; opened_at and invited_at belong to other writers. The
 * legacy search text is never derived any more, so a write removes it.
 */
const replacedFields = [
  'name', 'email', 'phone', 'dietary_restrictions', 'special_needs', 'plus_one_allowed', 'plus_one_limit', 'plus_one_count', 'plus_ones',
  'party_name', 'notes', 'language', 'answers', 'rsvp_status', 'rsvp_date', 'rsvp_note', 'waitlisted_at', 'code_hash', 'code_sealed', 'updated_at', 'version',
  'check_in_nonce', 'checked_in_at', 'checked_in_by', 'checked_in_device',
  'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', legacySearchText,
] as const;

/** UpdateItem of an existing guest from its before and after (names from the fixed list above only, and the caller's marks). */
export function guestUpdate(before: GuestRecord, after: GuestRecord, marks: Record<string, string> = {}): TransactItem {
  const stored: Record<string, unknown> = { ...after, ...derivedAttributes(after) };
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':expected': before.version };
  const sets: string[] = [];
  const removes: string[] = [];
  replacedFields.forEach((field, index) => {
    names[`#f${index}`] = field;
    if (stored[field] !== undefined) {
      values[`:f${index}`] = stored[field];
      sets.push(`#f${index} = :f${index}`);
    } else removes.push(`#f${index}`);
  });
  Object.entries(marks).forEach(([field, value], index) => {
    names[`#m${index}`] = field;
    values[`:m${index}`] = value;
    sets.push(`#m${index} = :m${index}`);
  });
  return {
    Update: {
      Key: guestKey(before),
      UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: { ...names, '#version': 'version' },
      ExpressionAttributeValues: values,
    },
  };
}

const claimPut = (eventId: string, guest: GuestRecord): TransactItem => ({
  Put: {
    Item: { ...guestListKeys.emailClaim(eventId, guest.email as string), type: 'guest_email_claim', email: guest.email, guest_id: guest.id },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

export const codeLookupPut = (guest: Pick<GuestRecord, 'event_id' | 'id' | 'code_hash'>): TransactItem => ({
  Put: {
    Item: { ...invitationCodeKeys.item(guest.code_hash), type: 'invitation_code', event_id: guest.event_id, guest_id: guest.id },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

const waitlistKey = (eventId: string, guest: GuestRecord) => guestListKeys.waitlistEntry(eventId, guest.waitlisted_at as string, guest.id);

/** The writes besides the event and the guest: claim, code lookup and waitlist entry moves. */
export function sideWrites(eventId: string, before: GuestRecord | null, after: GuestRecord | null): TransactItem[] {
  const writes: TransactItem[] = [];
  if (before?.email && before.email !== after?.email) writes.push({ Delete: { Key: guestListKeys.emailClaim(eventId, before.email) } });
  if (after?.email && after.email !== before?.email) writes.push(claimPut(eventId, after));
  if (before && before.code_hash !== after?.code_hash) writes.push({ Delete: { Key: invitationCodeKeys.item(before.code_hash) } });
  if (after && after.code_hash !== before?.code_hash) writes.push(codeLookupPut(after));
  if (before?.waitlisted_at && before.waitlisted_at !== after?.waitlisted_at) writes.push({ Delete: { Key: waitlistKey(eventId, before) } });
  if (after?.waitlisted_at && after.waitlisted_at !== before?.waitlisted_at) {
    writes.push({ Put: { Item: { ...waitlistKey(eventId, after), type: 'waitlist_entry', guest_id: after.id } } });
  }
  return writes;
}

/** Writes one guest change (create, update or delete) in one transaction; see the outcomes above. */
export async function writeGuestChange(change: GuestChange): Promise<GuestChangeOutcome> {
  const { eventId, before, after } = change;
  const items: TransactItem[] = [];
  items[EVENT_INDEX] = eventCountersWrite(eventId, counterDelta(before, after), change);
  // Every change of a stored guest moves its version on by one, whoever makes it.
  if (before && after) items[GUEST_INDEX] = guestUpdate(before, { ...after, version: before.version + 1 }, change.guestMarks);
  else if (after) items[GUEST_INDEX] = { Put: { Item: guestItem(after), ConditionExpression: 'attribute_not_exists(pk)' } };
  else if (before) items[GUEST_INDEX] = { Delete: { Key: guestKey(before), ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': before.version } } };
  const sides = sideWrites(eventId, before, after);
  const claimIndex = sides.findIndex((write) => 'Put' in write && write.Put.Item?.type === 'guest_email_claim');
  items.push(...sides);
  const dietary = dietaryWrite(eventId, dietaryDelta(before, after));
  if (dietary) items.push(dietary);
  const firstCounter = items.length;
  items.push(...answerCounterWrites(eventId, answerCounterDelta(before?.answers, after?.answers), change.questionVersions));
  const afterCounters = items.length;
  items.push(...change.alsoWrite);
  try {
    await transact(items);
    return 'saved';
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    if (error.failedIndexes.includes(GUEST_INDEX)) return 'guest_changed';
    // A question changed since the answers were checked: like a moved event, read and plan again.
    if (error.failedIndexes.includes(EVENT_INDEX) || error.failedIndexes.some((index) => index >= firstCounter && index < afterCounters)) return 'event_changed';
    if (claimIndex >= 0 && error.failedIndexes.includes(GUEST_INDEX + 1 + claimIndex)) return 'email_taken';
    throw error;
  }
}

/**
 * 3 items per guest (guest, code lookup, email claim) + event, dietary counts and audit ≤ 100; a background
 * import's batch adds its job's checkpoint, which makes exactly 100, DynamoDB's limit.
 */
export const GUESTS_PER_TRANSACTION = 32;

export type BatchInsertOutcome =
  | { kind: 'saved' }
  | { kind: 'event_gone' }
  | { kind: 'guest_limit'; guestCount: number }
  | { kind: 'emails_taken'; emails: string[] }
  /** Only conditions of `alsoWrite` failed: their indexes in it (an import's parties or checkpoint moved). */
  | { kind: 'also_refused'; failed: number[] };

/**
 * New guests in one transaction (at most 32 with their claims and code lookups, within the 100-item
 * limit): the guests, their lookups, the counters, the dietary counts and `alsoWrite`. When an email
 * was claimed meanwhile, nothing is written and the taken emails are named, so the caller can retry without them.
 */
export async function insertGuestBatch(eventId: string, guests: GuestRecord[], alsoWrite: TransactItem[], maxGuestCountBefore?: number): Promise<BatchInsertOutcome> {
  const items: TransactItem[] = [eventCountersWrite(eventId, sumCounters(guests.map((guest) => counterDelta(null, guest))), { maxGuestCountBefore })];
  const claimOwners: (string | null)[] = [null];
  for (const guest of guests) {
    items.push({ Put: { Item: guestItem(guest), ConditionExpression: 'attribute_not_exists(pk)' } }, codeLookupPut(guest));
    claimOwners.push(null, null);
    if (guest.email) {
      items.push(claimPut(eventId, guest));
      claimOwners.push(guest.email);
    }
  }
  const totals: Record<string, number> = {};
  for (const guest of guests) for (const [name, count] of Object.entries(dietaryDelta(null, guest))) totals[name] = (totals[name] ?? 0) + count;
  const dietary = dietaryWrite(eventId, totals);
  if (dietary) items.push(dietary);
  const alsoStart = items.length;
  items.push(...alsoWrite);
  try {
    await transact(items);
    return { kind: 'saved' };
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    if (error.failedIndexes.includes(0)) return eventRefusal(eventId, maxGuestCountBefore);
    const emails = error.failedIndexes.flatMap((index) => (claimOwners[index] ? [claimOwners[index] as string] : []));
    if (emails.length > 0) return { kind: 'emails_taken', emails };
    if (error.failedIndexes.length > 0 && error.failedIndexes.every((index) => index >= alsoStart)) return { kind: 'also_refused', failed: error.failedIndexes.map((index) => index - alsoStart) };
    throw error;
  }
}

/** Why the event's condition failed: gone (or being deleted), or the guest cap (a live event, read strongly). */
async function eventRefusal(eventId: string, maxGuestCountBefore: number | undefined): Promise<BatchInsertOutcome> {
  if (maxGuestCountBefore === undefined) return { kind: 'event_gone' };
  const [event] = await getEventsByIds([eventId]);
  return event ? { kind: 'guest_limit', guestCount: event.guest_count ?? 0 } : { kind: 'event_gone' };
}
