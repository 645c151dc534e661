import {
  counterDelta, MAX_SUB_EVENTS_PER_EVENT, planSubEventPromotion, type SubEventCounters, type SubEventInvitation, type SubEventRecord, type SubEventSeatGuard,
} from '../../domain/sub-events/rules.ts';
import { ConflictError } from '../../http/errors.ts';
import { db, tableName } from '../client.ts';
import { queryAllPages, queryChildren } from '../collection.ts';
import { childKeys, eventKeys, subEventKeys } from '../keys.ts';
import { LIVE_EVENT_CONDITION, liveEventCheck } from '../events/live-event.ts';
import { MAX_TRANSACTION_ITEMS, type TransactItem, TransactionConditionFailed, transact, transactUnlessFirstFails } from '../transact.ts';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { getEventAndGuest } from '../guests/reads.ts';
import { subEventPromotionRecords } from './promotion-records.ts';

/**
 * Sub-event items (`SUBEVENT#<id>`) with their counters, the guests' invitations to them (`SUBINVITE#`)
 * and their waitlists (`SUBWAIT#`), all in the event's collection. Every write that moves a counter moves
 * it by ADD in the same transaction as the invitation it counts, so the counters equal a recount.
 */
const itemOnlyAttributes = ['pk', 'sk', 'type'];
const strip = (item: Record<string, unknown>) => Object.fromEntries(Object.entries(item).filter(([name]) => !itemOnlyAttributes.includes(name)));

export const subEventFromItem = (item: Record<string, unknown>): SubEventRecord => strip(item) as SubEventRecord;
const invitationFromItem = (item: Record<string, unknown>): SubEventInvitation => strip(item) as SubEventInvitation;

const subEventKey = (subEvent: Pick<SubEventRecord, 'event_id' | 'id'>) => childKeys.item('subEvent', subEvent.event_id, subEvent.id);

/** An event's sub-events (Query `SUBEVENT#` in EVENT#<id>, strong): at most MAX_SUB_EVENTS_PER_EVENT items. */
export async function listSubEvents(eventId: string): Promise<SubEventRecord[]> {
  return (await queryChildren('subEvent', eventId)).map(subEventFromItem);
}

/** A guest's invitations to sub-events (Query `SUBINVITE#<guestId>#` in EVENT#<id>, strong). */
export async function invitationsOfGuest(eventId: string, guestId: string): Promise<SubEventInvitation[]> {
  const items = await queryAllPages({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId), ':prefix': subEventKeys.invitationsOfGuest(guestId) },
    ConsistentRead: true,
  });
  return items.map(invitationFromItem);
}

/** Every invitation to the event's sub-events (Query `SUBINVITE#` in EVENT#<id>, strong, every page): a recount's input. */
export async function listEventSubEventInvitations(eventId: string): Promise<SubEventInvitation[]> {
  const items = await queryAllPages({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId), ':prefix': subEventKeys.invitationPrefix },
    ConsistentRead: true,
  });
  return items.map(invitationFromItem);
}

/** The definition's attributes a write replaces (never the counters: only invitations and answers move those). */
function definitionAttributes(subEvent: SubEventRecord): Record<string, unknown> {
  const { invited_count: _i, attending_count: _a, attending_headcount: _h, declined_count: _d, waitlisted_count: _w, question_count: _q, ...definition } = subEvent;
  return definition;
}

/**
 * A new sub-event and the event's `sub_event_count`, under the cap, while the event's time zone is still
 * `timezone` (the one its day-before reminder in `alsoWrite` was filed in: a zone change moves the markers
 * of the sub-events it counts, docs/sub-events.md). 'event_gone': gone, being deleted, the cap reached or
 * the zone changed meanwhile.
 */
export async function createSubEvent(subEvent: SubEventRecord, timezone: string, alsoWrite: TransactItem[]): Promise<'saved' | 'event_gone'> {
  const applied = await transactUnlessFirstFails([
    {
      Update: {
        Key: eventKeys.item(subEvent.event_id),
        UpdateExpression: 'ADD sub_event_count :one',
        ConditionExpression: `${LIVE_EVENT_CONDITION} AND (attribute_not_exists(sub_event_count) OR sub_event_count < :max) AND #timezone = :timezone`,
        ExpressionAttributeNames: { '#timezone': 'timezone' },
        ExpressionAttributeValues: { ':one': 1, ':max': MAX_SUB_EVENTS_PER_EVENT, ':timezone': timezone },
      },
    },
    { Put: { Item: { ...subEventKey(subEvent), type: 'sub_event', ...subEvent }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ...alsoWrite,
  ]);
  return applied ? 'saved' : 'event_gone';
}

/**
 * A changed definition over the version read; a lower capacity only while the seats taken still fit it
 * (an answer that lands first makes it 'stale', and the caller reads again).
 */
export async function saveSubEventChange(before: SubEventRecord, after: SubEventRecord, alsoWrite: TransactItem[]): Promise<'saved' | 'stale'> {
  const names: Record<string, string> = { '#version': 'version' };
  const values: Record<string, unknown> = { ':expected': before.version };
  const attributes = definitionAttributes(after);
  const sets = Object.entries(attributes).map(([name, value], index) => {
    names[`#a${index}`] = name;
    values[`:a${index}`] = value;
    return `#a${index} = :a${index}`;
  });
  const removed = ['description', 'ends_at', 'location_name', 'location_address', 'capacity'].filter((name) => name in before && !(name in attributes));
  removed.forEach((name, index) => { names[`#r${index}`] = name; });
  const conditions = ['#version = :expected'];
  if (after.capacity !== undefined) {
    values[':capacity'] = after.capacity;
    conditions.push('attending_headcount <= :capacity');
  }
  const applied = await transactUnlessFirstFails([
    {
      Update: {
        Key: subEventKey(before),
        UpdateExpression: `SET ${sets.join(', ')}${removed.length ? ` REMOVE ${removed.map((_, index) => `#r${index}`).join(', ')}` : ''}`,
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    ...alsoWrite,
  ]);
  return applied ? 'saved' : 'stale';
}

/** Deletes a sub-event nobody is invited to and no question is asked in (over the version read) and lowers the event's `sub_event_count`. */
export async function deleteUninvitedSubEvent(subEvent: SubEventRecord, alsoWrite: TransactItem[]): Promise<'deleted' | 'stale'> {
  const applied = await transactUnlessFirstFails([
    {
      Delete: {
        Key: subEventKey(subEvent),
        ConditionExpression: 'version = :expected AND invited_count = :zero AND (attribute_not_exists(question_count) OR question_count = :zero)',
        ExpressionAttributeValues: { ':expected': subEvent.version, ':zero': 0 },
      },
    },
    { Update: { Key: eventKeys.item(subEvent.event_id), UpdateExpression: 'ADD sub_event_count :minus', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':minus': -1 } } },
    ...alsoWrite,
  ]);
  return applied ? 'deleted' : 'stale';
}

/** One sub-event's counters by ADD (only those that move), under the seat guard when the change takes seats. */
function counterWrite(eventId: string, subEventId: string, delta: Partial<SubEventCounters>, seatGuard: SubEventSeatGuard): TransactItem {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const adds = Object.entries(delta).map(([name, value], index) => {
    names[`#c${index}`] = name;
    values[`:c${index}`] = value;
    return `#c${index} :c${index}`;
  });
  const conditions = ['attribute_exists(pk)'];
  if (seatGuard) {
    values[':maxBefore'] = seatGuard.maxHeadcountBefore;
    conditions.push('attending_headcount <= :maxBefore');
  }
  const key = childKeys.item('subEvent', eventId, subEventId);
  if (adds.length === 0) return { ConditionCheck: { Key: key, ConditionExpression: conditions.join(' AND '), ...(seatGuard ? { ExpressionAttributeValues: values } : {}) } };
  return { Update: { Key: key, UpdateExpression: `ADD ${adds.join(', ')}`, ConditionExpression: conditions.join(' AND '), ExpressionAttributeNames: names, ExpressionAttributeValues: values } };
}

const sumDeltas = (deltas: Partial<SubEventCounters>[]): Partial<SubEventCounters> => {
  const total: Partial<SubEventCounters> = {};
  for (const delta of deltas) for (const [name, value] of Object.entries(delta) as [keyof SubEventCounters, number][]) total[name] = (total[name] ?? 0) + value;
  return Object.fromEntries(Object.entries(total).filter(([, value]) => value !== 0));
};

/** The invitation's own write: put a new one, replace one over its version, or delete one over its version. */
function invitationWrite(before: SubEventInvitation | null, after: SubEventInvitation | null): TransactItem[] {
  const writes: TransactItem[] = [];
  const current = after ?? before;
  if (!current) return writes;
  const key = subEventKeys.invitation(current.event_id, current.guest_id, current.sub_event_id);
  if (after) {
    writes.push({
      Put: {
        Item: { ...key, type: 'sub_event_invitation', ...after },
        ...(before ? { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': before.version } } : { ConditionExpression: 'attribute_not_exists(pk)' }),
      },
    });
  } else if (before) {
    writes.push({ Delete: { Key: key, ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': before.version } } });
  }
  // The waitlist entry follows the status: joined, left, or kept.
  if (before?.status === 'waitlisted' && before.waitlisted_at && after?.waitlisted_at !== before.waitlisted_at) {
    writes.push({ Delete: { Key: subEventKeys.waitlistEntry(before.event_id, before.sub_event_id, before.waitlisted_at, before.guest_id) } });
  }
  if (after?.status === 'waitlisted' && after.waitlisted_at && before?.waitlisted_at !== after.waitlisted_at) {
    writes.push({ Put: { Item: { ...subEventKeys.waitlistEntry(after.event_id, after.sub_event_id, after.waitlisted_at, after.guest_id), type: 'sub_event_waitlist_entry', guest_id: after.guest_id } } });
  }
  return writes;
}

export type InvitationChange = { before: SubEventInvitation | null; after: SubEventInvitation | null; seatGuard?: SubEventSeatGuard };

/**
 * The items of invitation changes: each sub-event's counters by the summed change (under the smallest seat
 * guard of its changes when they add seats) and each invitation over its version, with its waitlist entry.
 */
export function invitationChangeItems(eventId: string, changes: InvitationChange[]): TransactItem[] {
  const bySubEvent = new Map<string, { deltas: Partial<SubEventCounters>[]; seatGuard: SubEventSeatGuard }>();
  for (const change of changes) {
    const id = (change.after ?? change.before)?.sub_event_id as string;
    const entry = bySubEvent.get(id) ?? { deltas: [], seatGuard: null };
    entry.deltas.push(counterDelta(change.before, change.after));
    // Several changes to one sub-event in a request (a bulk) each check against the total they add.
    if (change.seatGuard) entry.seatGuard = { maxHeadcountBefore: Math.min(entry.seatGuard?.maxHeadcountBefore ?? Infinity, change.seatGuard.maxHeadcountBefore) };
    bySubEvent.set(id, entry);
  }
  const items: TransactItem[] = [];
  for (const [subEventId, entry] of bySubEvent) {
    const delta = sumDeltas(entry.deltas);
    const added = delta.attending_headcount ?? 0;
    const seatGuard = entry.seatGuard && added > 0 ? entry.seatGuard : null;
    items.push(counterWrite(eventId, subEventId, delta, seatGuard));
  }
  for (const change of changes) items.push(...invitationWrite(change.before, change.after));
  return items;
}

/**
 * Invitation changes (invites, removals, answers) in ONE transaction with their sub-events' counters and
 * `alsoWrite`: 'stale' when an invitation, a seat count or a sub-event changed since the read (the caller
 * reads and plans again), 'gone' when the guest or the event is gone. At most ~45 changes (100 items).
 */
export async function writeInvitationChanges(
  eventId: string,
  changes: InvitationChange[],
  guard: { guestIds: string[] },
  alsoWrite: TransactItem[],
): Promise<'saved' | 'stale' | 'gone'> {
  const items: TransactItem[] = [liveEventCheck(eventId)];
  for (const guestId of guard.guestIds) items.push({ ConditionCheck: { Key: childKeys.item('guest', eventId, guestId), ConditionExpression: 'attribute_exists(pk)' } });
  const goneBelow = items.length;
  items.push(...invitationChangeItems(eventId, changes));
  items.push(...alsoWrite);
  // A bulk whose guests answered the sub-event's questions drops those answers in the same transaction.
  if (items.length > MAX_TRANSACTION_ITEMS) {
    throw new ConflictError('change_too_large', `This change writes ${items.length} items, more than one transaction holds (${MAX_TRANSACTION_ITEMS}): change fewer guests at once.`);
  }
  try {
    await transact(items);
    return 'saved';
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    if (error.failedIndexes.some((index) => index < goneBelow)) return 'gone';
    return 'stale';
  }
}

/** The guests on a sub-event's waitlist, in arrival order (Query `SUBWAIT#<id>#`, strong). */
async function waitlistHead(eventId: string, subEventId: string): Promise<string | null> {
  const result = await db().send(new QueryCommand({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId), ':prefix': subEventKeys.waitlistOf(subEventId) },
    ConsistentRead: true,
    Limit: 1,
  }));
  const [head] = result.Items ?? [];
  return head ? String(head.guest_id) : null;
}

async function getItem(key: Record<string, unknown>): Promise<Record<string, unknown> | null> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  return result.Item ?? null;
}

const PROMOTIONS_PER_CALL = 50;

/**
 * Seats a sub-event's waiting guests in arrival order while the head fits, each promotion its own
 * transaction under the seat guard, with the guest's notice (which sub-event) and its audit entry. Safe to run by anyone at any time: a lost race is read again.
 */
export async function promoteSubEventWaitlist(eventId: string, subEventId: string, now: string): Promise<number> {
  let promoted = 0;
  for (let round = 0; round < PROMOTIONS_PER_CALL; round += 1) {
    const headId = await waitlistHead(eventId, subEventId);
    if (!headId) return promoted;
    const [subEventItem, headItem, { event, guest }] = await Promise.all([
      getItem(childKeys.item('subEvent', eventId, subEventId)), getItem(subEventKeys.invitation(eventId, headId, subEventId)), getEventAndGuest(eventId, headId),
    ]);
    if (!subEventItem || !headItem || !event || !guest) return promoted;
    const head = invitationFromItem(headItem);
    const subEvent = subEventFromItem(subEventItem);
    const plan = planSubEventPromotion(subEvent, head, now);
    if (!plan) return promoted;
    // The guest is told in the promotion's own transaction (their notice and its audit entry), as on the event's waitlist.
    const told = subEventPromotionRecords(event, guest, subEvent, { before: head, after: plan.after }, new Date(now));
    const outcome = await writeInvitationChanges(eventId, [{ before: head, after: plan.after, seatGuard: plan.seatGuard }], { guestIds: [guest.id] }, told);
    if (outcome === 'gone') return promoted;
    if (outcome === 'saved') promoted += 1;
  }
  return promoted;
}
