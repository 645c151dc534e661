import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { GuestRecord } from '../../domain/guests/rules.ts';
import { canSit, canSitAtSubEvent, MAX_TABLES, type Person, type SeatingConstraint, type SeatRecord, type TableRecord } from '../../domain/seating/rules.ts';
import { auditPut } from '../audit.ts';
import { db, tableName } from '../client.ts';
import { batchGetAll, queryAllPages, queryChildren } from '../collection.ts';
import { guestFromItem, guestKey } from '../guests/reads.ts';
import { childKeys, eventKeys, seatingKeys, subEventKeys } from '../keys.ts';
import { type TransactItem, TransactionConditionFailed, transact } from '../transact.ts';

/**
 * Tables, seats and the event's seating settings (docs/seating.md, data model S1-S8). Every seat change is
 * one transaction: the seat item created only if absent (two planners never book one seat twice), the
 * person's SEATOF item at the seat it was read at, the tables' `seated_count` moved with it under the
 * table's name and size as read, and a check that the guest still attends.
 */
export type SeatingSettings = { constraints: SeatingConstraint[]; table_count: number; version: number };

export const tableKey = (table: Pick<TableRecord, 'event_id' | 'id'>) => childKeys.item('table', table.event_id, table.id);

export function tableFromItem(item: Record<string, unknown>): TableRecord {
  const { pk: _pk, sk: _sk, type: _type, seat_changes: _changes, ...table } = item;
  return table as TableRecord;
}

const seatFromItem = (item: Record<string, unknown>): SeatRecord => ({
  table_id: String(item.table_id), seat_number: Number(item.seat_number), guest_id: String(item.guest_id), slot: Number(item.slot),
  ...(item.sub_event_id ? { sub_event_id: String(item.sub_event_id) } : {}),
});

/** S1: the event's tables, seats and settings (a Query of TABLE#, one of SEAT#, a GetItem; strong). */
export async function readSeating(eventId: string): Promise<{ tables: TableRecord[]; seats: SeatRecord[]; settings: SeatingSettings }> {
  const [tables, seats, settings] = await Promise.all([
    queryChildren('table', eventId),
    queryAllPages({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId), ':prefix': seatingKeys.seatPrefix }, ConsistentRead: true }),
    readSettings(eventId),
  ]);
  return { tables: tables.map(tableFromItem), seats: seats.map(seatFromItem), settings };
}

/** S2: the event's seating settings (GetItem, strong); none yet is no constraints at version 0. */
export async function readSettings(eventId: string): Promise<SeatingSettings> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: seatingKeys.settings(eventId), ConsistentRead: true }));
  return { constraints: (Item?.constraints as SeatingConstraint[] | undefined) ?? [], table_count: Number(Item?.table_count ?? 0), version: Number(Item?.version ?? 0) };
}

/** S3: the seats of one table (Query of SEAT#<tableId>#, strong). */
export async function seatsOfTable(eventId: string, tableId: string): Promise<SeatRecord[]> {
  const items = await queryAllPages({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId), ':prefix': seatingKeys.seatsOfTable(tableId) }, ConsistentRead: true });
  return items.map(seatFromItem);
}

export type GuestSeat = { table_id: string; table_name: string; seat_number: number };

/**
 * S4: the table of a guest (the guest themself, slot 0): table id, table name and seat number, or null when
 * unseated. ONE GetItem (strong) of the guest's SEATOF item, which carries the table's name (a rename
 * rewrites it in the rename's transaction). For check-in at the door.
 */
export async function seatOfGuest(eventId: string, guestId: string): Promise<GuestSeat | null> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: seatOfGuestKey(eventId, guestId), ConsistentRead: true }));
  return guestSeatFromItem(Item ?? null);
}

/** The key of the guest's own seat item, for a read that carries it with others (the door's scan). */
export const seatOfGuestKey = (eventId: string, guestId: string) => seatingKeys.seatOf(eventId, guestId, 0);

export const guestSeatFromItem = (item: Record<string, unknown> | null): GuestSeat | null =>
  item ? { table_id: String(item.table_id), table_name: String(item.table_name), seat_number: Number(item.seat_number) } : null;

/**
 * S4b: the tables of several guests (each guest's own seat): ONE BatchGetItem of their `SEATOF#<guestId>#00`
 * items (in calls of 100), strong. The door list's page and a door device's batch.
 */
export async function seatsOfGuestsByGuest(eventId: string, guestIds: readonly string[]): Promise<Map<string, GuestSeat>> {
  const items = await batchGetAll([...new Set(guestIds)].map((guestId) => seatOfGuestKey(eventId, guestId)));
  return new Map(items.map((item) => [String(item.guest_id), guestSeatFromItem(item) as GuestSeat]));
}

/** S5: the seats of a guest and their plus-ones, at the event's tables and the sub-events' (Query of SEATOF#<guestId>#, strong). */
export async function seatsOfGuest(eventId: string, guestId: string): Promise<SeatRecord[]> {
  const items = await queryAllPages({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId), ':prefix': seatingKeys.seatsOfGuest(guestId) }, ConsistentRead: true });
  return items.map(seatFromItem);
}

/** S6: a new table, counted on the settings item under the cap of MAX_TABLES; a sub-event's table while the sub-event exists. */
export async function createTable(table: TableRecord, actorId: string): Promise<'saved' | 'too_many' | 'no_sub_event'> {
  try {
    await transact([
      {
        Update: {
          Key: seatingKeys.settings(table.event_id),
          UpdateExpression: 'SET table_count = if_not_exists(table_count, :zero) + :one, #type = :type',
          ConditionExpression: 'attribute_not_exists(table_count) OR table_count < :max',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':max': MAX_TABLES, ':type': 'seating' },
        },
      },
      { Put: { Item: { ...tableKey(table), type: 'table', ...table }, ConditionExpression: 'attribute_not_exists(pk)' } },
      auditPut({ eventId: table.event_id }, { actor_id: actorId, action: 'table.created', entity_type: 'table', entity_id: table.id, subject: table.name, changes: [{ field: 'table', before: null, after: { name: table.name, shape: table.shape, seats: table.seats, ...(table.sub_event_id ? { sub_event_id: table.sub_event_id } : {}) } }] }),
      ...(table.sub_event_id ? [{ ConditionCheck: { Key: childKeys.item('subEvent', table.event_id, table.sub_event_id), ConditionExpression: 'attribute_exists(pk)' } }] : []),
    ]);
    return 'saved';
  } catch (error) {
    if (error instanceof TransactionConditionFailed && error.failedIndexes.includes(0)) return 'too_many';
    if (error instanceof TransactionConditionFailed && error.failedIndexes.includes(3)) return 'no_sub_event';
    throw error;
  }
}

/**
 * S6: a changed table at the version read. A rename rewrites its occupants' SEATOF items (at most
 * MAX_TABLE_SEATS); a smaller table checks that the seats it drops are free.
 */
export async function updateTable(
  before: TableRecord,
  after: TableRecord,
  occupants: { seats: SeatRecord[]; seatChanges: number },
  actorId: string,
  changes: { field: string; before: unknown; after: unknown }[],
): Promise<'saved' | 'changed' | 'seats_taken'> {
  const { seats, seatChanges } = occupants;
  const dropped = Array.from({ length: Math.max(0, before.seats - after.seats) }, (_, index) => after.seats + 1 + index);
  const renamed = after.name !== before.name;
  const items: TransactItem[] = [
    {
      Update: {
        Key: tableKey(before),
        UpdateExpression: 'SET #name = :name, shape = :shape, seats = :seats, updated_at = :now, version = version + :one',
        // A rename also holds the occupants read: no seat of the table changed meanwhile (a newcomer's SEATOF would keep the old name).
        ConditionExpression: renamed ? 'version = :version AND (attribute_not_exists(seat_changes) OR seat_changes = :changes)' : 'version = :version',
        ExpressionAttributeNames: { '#name': 'name' },
        ExpressionAttributeValues: { ':name': after.name, ':shape': after.shape, ':seats': after.seats, ':now': after.updated_at, ':one': 1, ':version': before.version, ...(renamed ? { ':changes': seatChanges } : {}) },
      },
    },
    ...dropped.map((number): TransactItem => ({ ConditionCheck: { Key: seatingKeys.seat(before.event_id, before.id, number), ConditionExpression: 'attribute_not_exists(pk)' } })),
    ...(!renamed ? [] : seats.map((seat): TransactItem => ({
      Update: {
        Key: seatingKeys.seatOf(before.event_id, seat.guest_id, seat.slot, seat.sub_event_id),
        UpdateExpression: 'SET table_name = :name',
        ConditionExpression: 'table_id = :table',
        ExpressionAttributeValues: { ':name': after.name, ':table': before.id },
      },
    }))),
    auditPut({ eventId: before.event_id }, { actor_id: actorId, action: 'table.updated', entity_type: 'table', entity_id: before.id, subject: after.name, changes }),
  ];
  try {
    await transact(items);
    return 'saved';
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    return error.failedIndexes.some((index) => index >= 1 && index <= dropped.length) ? 'seats_taken' : 'changed';
  }
}

/** S6: a table removed, only while nobody sits at it and at the version read. */
export async function deleteTable(table: TableRecord, actorId: string): Promise<'deleted' | 'not_empty' | 'changed'> {
  try {
    await transact([
      { Delete: { Key: tableKey(table), ConditionExpression: 'version = :version AND seated_count = :zero', ExpressionAttributeValues: { ':version': table.version, ':zero': 0 } } },
      { Update: { Key: seatingKeys.settings(table.event_id), UpdateExpression: 'SET table_count = table_count - :one', ConditionExpression: 'table_count > :zero', ExpressionAttributeValues: { ':one': 1, ':zero': 0 } } },
      auditPut({ eventId: table.event_id }, { actor_id: actorId, action: 'table.deleted', entity_type: 'table', entity_id: table.id, subject: table.name, changes: [{ field: 'table', before: { name: table.name, seats: table.seats }, after: null }] }),
    ]);
    return 'deleted';
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    return 'not_empty';
  }
}

/** S2: the constraints replaced at the settings' version read (0: none written yet). */
export async function saveConstraints(eventId: string, constraints: SeatingConstraint[], version: number, actorId: string): Promise<boolean> {
  try {
    await transact([
      {
        Update: {
          Key: seatingKeys.settings(eventId),
          UpdateExpression: 'SET #constraints = :constraints, version = :next, #type = :type',
          ConditionExpression: version === 0 ? 'attribute_not_exists(version)' : 'version = :version',
          ExpressionAttributeNames: { '#constraints': 'constraints', '#type': 'type' },
          ExpressionAttributeValues: { ':constraints': constraints, ':next': version + 1, ':type': 'seating', ...(version === 0 ? {} : { ':version': version }) },
        },
      },
      auditPut({ eventId }, { actor_id: actorId, action: 'seating.constraints_changed', entity_type: 'seating', entity_id: eventId, changes: [{ field: 'constraints', before: null, after: constraints.length }] }),
    ]);
    return true;
  } catch (error) {
    if (error instanceof TransactionConditionFailed) return false;
    throw error;
  }
}

/**
 * Every seat change moves the table's `seat_changes` (never answered): a rename, which rewrites the
 * occupants' SEATOF names, is conditioned on it, so nobody sits down between its read and its write.
 */
export const seatChangesOf = (tableItem: Record<string, unknown>): number => Number(tableItem.seat_changes ?? 0);

const counterMove = (eventId: string, tableId: string, by: 1 | -1, guard?: { name: string; seatNumber: number }): TransactItem => ({
  Update: {
    Key: childKeys.item('table', eventId, tableId),
    UpdateExpression: 'SET seated_count = seated_count + :by ADD seat_changes :one',
    ConditionExpression: guard ? 'attribute_exists(pk) AND #name = :name AND seats >= :seat AND seated_count < seats' : 'attribute_exists(pk) AND seated_count > :zero',
    ...(guard ? { ExpressionAttributeNames: { '#name': 'name' } } : {}),
    ExpressionAttributeValues: guard ? { ':by': by, ':one': 1, ':name': guard.name, ':seat': guard.seatNumber } : { ':by': by, ':one': 1, ':zero': 0 },
  },
});

/** Several people leaving one table in one transaction (one Update per item): its count down by `by`. */
export const tableCountDown = (eventId: string, tableId: string, by: number): TransactItem => ({
  Update: {
    Key: childKeys.item('table', eventId, tableId),
    UpdateExpression: 'SET seated_count = seated_count - :by ADD seat_changes :one',
    ConditionExpression: 'attribute_exists(pk) AND seated_count >= :by',
    ExpressionAttributeValues: { ':by': by, ':one': 1 },
  },
});

/** A move within one table: its count stays, its name and size as read, its seat_changes moved. */
const tableGuard = (eventId: string, tableId: string, guard: { name: string; seatNumber: number }): TransactItem => ({
  Update: {
    Key: childKeys.item('table', eventId, tableId),
    UpdateExpression: 'ADD seat_changes :one',
    ConditionExpression: 'attribute_exists(pk) AND #name = :name AND seats >= :seat',
    ExpressionAttributeNames: { '#name': 'name' },
    ExpressionAttributeValues: { ':one': 1, ':name': guard.name, ':seat': guard.seatNumber },
  },
});

/** The writes that take a person out of their seat, conditioned on them still sitting there. */
const vacate = (eventId: string, seat: SeatRecord, withCounter: boolean): TransactItem[] => [
  { Delete: { Key: seatingKeys.seat(eventId, seat.table_id, seat.seat_number), ConditionExpression: 'guest_id = :guest AND slot = :slot', ExpressionAttributeValues: { ':guest': seat.guest_id, ':slot': seat.slot } } },
  ...(withCounter ? [counterMove(eventId, seat.table_id, -1)] : []),
];

export type AssignOutcome =
  | { outcome: 'seated'; seat: SeatRecord & { table_name: string }; moved_from: SeatRecord | null }
  | { outcome: 'unchanged'; seat: SeatRecord & { table_name: string } }
  | { outcome: 'table_gone' | 'no_such_seat' | 'guest_gone' | 'not_attending' | 'seat_taken' | 'busy' };

const ATTEMPTS = 5;

/**
 * S7: puts a person in a seat (moving them if they sit elsewhere), in one transaction: the seat created
 * only if absent, the person's SEATOF item at what was read, the counters of both tables, the guest
 * still attending with this many plus-ones (at a sub-event's table: their answer to that sub-event is yes
 * and holds this slot). A failed condition other than the seat's means something moved meanwhile (a
 * rename, another move of the same person): read again and retry. A move stays within the table's scope
 * (the event's tables, or one sub-event's): a person may hold one seat in each. A sub-event's table costs
 * one more read (that SEATOF and the invitation), after the table says which sub-event.
 */
export async function assignSeat(eventId: string, tableId: string, seatNumber: number, person: Person, actorId: string): Promise<AssignOutcome> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const items = await batchGetAll([childKeys.item('table', eventId, tableId), seatingKeys.seatOf(eventId, person.guest_id, person.slot), guestKey({ event_id: eventId, id: person.guest_id })]);
    const tableItem = items.find((item) => String(item.sk).startsWith(childKeys.prefix('table')));
    const guestItem = items.find((item) => String(item.sk).startsWith(childKeys.prefix('guest')));
    if (!tableItem) return { outcome: 'table_gone' };
    const table = tableFromItem(tableItem);
    const subEventId = table.sub_event_id;
    const scoped = subEventId ? await batchGetAll([seatingKeys.seatOf(eventId, person.guest_id, person.slot, subEventId), subEventKeys.invitation(eventId, person.guest_id, subEventId)]) : items;
    const seatOfItem = scoped.find((item) => String(item.sk).startsWith('SEATOF#'));
    const invitationItem = scoped.find((item) => String(item.sk).startsWith(subEventKeys.invitationPrefix));
    if (seatNumber > table.seats) return { outcome: 'no_such_seat' };
    if (!guestItem) return { outcome: 'guest_gone' };
    const guest: GuestRecord = guestFromItem(guestItem);
    const invitation = invitationItem ? { status: String(invitationItem.status), headcount: Number(invitationItem.headcount) } : null;
    if (subEventId ? !canSitAtSubEvent(invitation, person.slot) : !canSit(guest, person.slot)) return { outcome: 'not_attending' };
    const current = seatOfItem ? seatFromItem(seatOfItem) : null;
    const seat = { ...person, table_id: table.id, seat_number: seatNumber, ...(subEventId ? { sub_event_id: subEventId } : {}) };
    if (current && current.table_id === table.id && current.seat_number === seatNumber) return { outcome: 'unchanged', seat: { ...seat, table_name: table.name } };
    const sameTable = current?.table_id === table.id;
    const guard = { name: table.name, seatNumber };
    const writes: TransactItem[] = [
      { Put: { Item: { ...seatingKeys.seat(eventId, table.id, seatNumber), type: 'seat', ...seat }, ConditionExpression: 'attribute_not_exists(pk)' } },
      sameTable ? tableGuard(eventId, table.id, guard) : counterMove(eventId, table.id, 1, guard),
      {
        Put: {
          Item: { ...seatingKeys.seatOf(eventId, person.guest_id, person.slot, subEventId), type: 'seatof', ...seat, table_name: table.name },
          ConditionExpression: current ? 'table_id = :table AND seat_number = :seat' : 'attribute_not_exists(pk)',
          ...(current ? { ExpressionAttributeValues: { ':table': current.table_id, ':seat': current.seat_number } } : {}),
        },
      },
      subEventId
        ? {
            ConditionCheck: {
              Key: subEventKeys.invitation(eventId, guest.id, subEventId),
              ConditionExpression: '#status = :yes AND headcount > :slot',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':yes': 'yes', ':slot': person.slot },
            },
          }
        : {
            ConditionCheck: {
              Key: guestKey(guest),
              ConditionExpression: 'rsvp_status = :yes AND plus_one_count >= :slot',
              ExpressionAttributeValues: { ':yes': 'yes', ':slot': person.slot },
            },
          },
      ...(current ? vacate(eventId, current, !sameTable) : []),
      auditPut({ eventId }, {
        actor_id: actorId, action: 'seat.assigned', entity_type: 'guest', entity_id: guest.id, subject: guest.name,
        changes: [{ field: 'seat', before: current ? { table_id: current.table_id, seat_number: current.seat_number, slot: person.slot } : null, after: { table_id: table.id, seat_number: seatNumber, slot: person.slot, ...(subEventId ? { sub_event_id: subEventId } : {}) } }],
      }),
    ];
    try {
      await transact(writes);
      return { outcome: 'seated', seat: { ...seat, table_name: table.name }, moved_from: current };
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      if (error.failedIndexes.includes(0)) return { outcome: 'seat_taken' };
      // The guest, the table or the person's seat moved meanwhile: read again (the next read says which).
    }
  }
  return { outcome: 'busy' };
}

/** S8's writes: the seat item, the person's SEATOF item and the table's count, each conditioned on the person still sitting there. */
export const leaveSeatWrites = (eventId: string, seat: SeatRecord, withCounter = true): TransactItem[] => [
  ...vacate(eventId, seat, withCounter),
  { Delete: { Key: seatingKeys.seatOf(eventId, seat.guest_id, seat.slot, seat.sub_event_id), ConditionExpression: 'table_id = :table AND seat_number = :seat', ExpressionAttributeValues: { ':table': seat.table_id, ':seat': seat.seat_number } } },
];

/** S8: the person in a seat leaves it (the seat item, their SEATOF item and the table's count), if still there. */
export async function vacateSeat(eventId: string, seat: SeatRecord, actorId: string, reason: string): Promise<boolean> {
  try {
    await transact([
      ...leaveSeatWrites(eventId, seat),
      auditPut({ eventId }, {
        actor_id: actorId, action: 'seat.released', entity_type: 'guest', entity_id: seat.guest_id,
        changes: [{ field: 'seat', before: { table_id: seat.table_id, seat_number: seat.seat_number, slot: seat.slot }, after: null }, { field: 'reason', before: null, after: reason }],
      }),
    ]);
    return true;
  } catch (error) {
    if (error instanceof TransactionConditionFailed) return false;
    throw error;
  }
}

/** The seat item at a table's seat number, or null (GetItem, strong). */
export async function seatAt(eventId: string, tableId: string, seatNumber: number): Promise<SeatRecord | null> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: seatingKeys.seat(eventId, tableId, seatNumber), ConsistentRead: true }));
  return Item ? seatFromItem(Item) : null;
}

/** What the proposal and the chart need of a guest: a projection, so 10,000 guests unmarshal quickly. */
export type SeatableGuest = Pick<GuestRecord, 'id' | 'name' | 'plus_one_count' | 'plus_ones' | 'party_id' | 'rsvp_status'>;

/** S9: the event's attending guests, projected to what seating needs (pattern G2 with a projection; strong). */
export async function attendingSeatables(eventId: string): Promise<SeatableGuest[]> {
  const items = await queryAllPages({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    FilterExpression: 'rsvp_status = :yes',
    ProjectionExpression: 'id, #name, plus_one_count, plus_ones, party_id, rsvp_status',
    ExpressionAttributeNames: { '#name': 'name' },
    ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId), ':prefix': childKeys.prefix('guest'), ':yes': 'yes' },
    ConsistentRead: true,
  });
  return items.map((item) => ({
    id: String(item.id), name: String(item.name), plus_one_count: Number(item.plus_one_count ?? 0), rsvp_status: 'yes',
    ...(item.plus_ones ? { plus_ones: item.plus_ones as GuestRecord['plus_ones'] } : {}),
    ...(item.party_id ? { party_id: String(item.party_id) } : {}),
  }));
}
