import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { EventRecord } from '../../domain/events/rules.ts';
import { nameKey } from '../../domain/guests/name-key.ts';
import type { GuestRecord, RsvpStatus } from '../../domain/guests/rules.ts';
import { db, tableName } from '../client.ts';
import { batchGetAll, queryAllPages } from '../collection.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { eventFromItem } from '../events/records.ts';
import { childKeys, eventKeys, guestEmailKeys, guestIndexKeys, guestListKeys, type Key } from '../keys.ts';
import { migrationDone } from '../migrations/gate.ts';
import { migrationIds } from '../migrations/ids.ts';

/**
 * Guest items: how a guest is stored (with its email index keys and its guest-list index keys) and the
 * reads of the guest list. Writes are in writes.ts.
 */

/**
 * The lower-case `name email` text guests written before the list's indexes (issue 15) carry; nothing
 * reads it. Every write of such a guest removes it (writes.ts) and so does the index backfill.
 */
export const legacySearchText = 'search_text';
const itemOnlyAttributes = ['pk', 'sk', 'type', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', legacySearchText];

export function guestFromItem(item: Record<string, unknown>): GuestRecord {
  const guest = Object.fromEntries(Object.entries(item).filter(([name]) => !itemOnlyAttributes.includes(name))) as GuestRecord;
  return { ...guest, dietary_restrictions: guest.dietary_restrictions ?? [] };
}

/**
 * Attributes derived from the guest: the email index (guests by email across events) and the guest
 * list's indexes (by name; by answer, then name), rewritten by every write that changes the guest.
 */
export function derivedAttributes(guest: GuestRecord): Record<string, string | undefined> {
  const byName = guestIndexKeys.sort(nameKey(guest.name), guest.id);
  return {
    gsi1pk: guest.email ? guestEmailKeys.partition(guest.email) : undefined,
    gsi1sk: guest.email ? guestEmailKeys.sort(guest.event_id, guest.id) : undefined,
    gsi2pk: guestIndexKeys.byNamePartition(guest.event_id),
    gsi2sk: byName,
    gsi3pk: guestIndexKeys.byStatusPartition(guest.event_id, guest.rsvp_status),
    gsi3sk: byName,
  };
}

export const guestKey = (guest: Pick<GuestRecord, 'event_id' | 'id'>): Key => childKeys.item('guest', guest.event_id, guest.id);

export function guestItem(guest: GuestRecord): Record<string, unknown> {
  return { ...guestKey(guest), type: 'guest', ...guest, ...derivedAttributes(guest) };
}

/** The event and one of its guests in one strongly consistent BatchGetItem (nulls when absent). */
export async function getEventAndGuest(eventId: string, guestId: string): Promise<{ event: EventRecord | null; guest: GuestRecord | null }> {
  const items = await batchGetAll([eventKeys.item(eventId), guestKey({ event_id: eventId, id: guestId })]);
  const eventItem = items.find((item) => item.sk === eventKeys.item(eventId).sk);
  const guestItemFound = items.find((item) => item.sk !== eventKeys.item(eventId).sk);
  return { event: eventItem ? eventFromItem(eventItem) : null, guest: guestItemFound ? guestFromItem(guestItemFound) : null };
}

/** Which of these emails already have a guest on the event's list (BatchGetItem of their claims). */
export async function emailsOnList(eventId: string, emails: string[]): Promise<Set<string>> {
  // A bulk add's 1,000 claims are 10 BatchGetItems: 4 at a time.
  const claims = await batchGetAll(emails.map((address) => guestListKeys.emailClaim(eventId, address)), true, 4);
  return new Set(claims.map((claim) => String(claim.email)));
}

/**
 * One page of guests in creation order (guest ids are time-ordered, so the sort key is that order): one
 * Query of `limit + 1` guest items from the cursor on, the one past the page telling whether another
 * follows. The cursor is the last guest's key, tied to the event and the direction.
 */
export async function listGuestsByCreation(
  eventId: string,
  page: { limit: number; cursor?: string; order: 'asc' | 'desc' },
): Promise<{ guests: GuestRecord[]; nextCursor: string | null }> {
  const start = decodeCursor(page.cursor, { pk: eventKeys.partition(eventId), o: page.order }, { pk: eventKeys.partition(eventId), sk: childKeys.prefix('guest') });
  const result = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId), ':prefix': childKeys.prefix('guest') },
      ScanIndexForward: page.order === 'asc',
      Limit: page.limit + 1,
      ExclusiveStartKey: start ? { pk: start.pk, sk: start.sk } : undefined,
      ConsistentRead: true,
    }),
  );
  return pageOf(result.Items ?? [], page.limit, (last) => ({ pk: String(last.pk), sk: String(last.sk), o: page.order }));
}

/** What a page by name may narrow to: one answer, and a prefix of the name key. */
export type GuestNameFilter = { rsvp_status?: RsvpStatus; q?: string };

/**
 * One page of guests by name: one Query of `limit + 1` entries of GSI2 (the event's guests) or, with an
 * answer, GSI3 (the event's guests of that answer), from the cursor on, within the name prefix `q`.
 * Index reads are eventually consistent: a guest written a moment ago may be missing for that moment.
 * The cursor is the last entry's index key, tied to the event, the index partition, the prefix and the
 * direction, so a cursor of another list is refused.
 */
export async function listGuestsByName(
  eventId: string,
  filter: GuestNameFilter,
  page: { limit: number; cursor?: string; order: 'asc' | 'desc' },
): Promise<{ guests: GuestRecord[]; nextCursor: string | null }> {
  const index = filter.rsvp_status
    ? { name: 'gsi3', pk: 'gsi3pk', sk: 'gsi3sk', partition: guestIndexKeys.byStatusPartition(eventId, filter.rsvp_status) }
    : { name: 'gsi2', pk: 'gsi2pk', sk: 'gsi2sk', partition: guestIndexKeys.byNamePartition(eventId) };
  const prefix = filter.q === undefined ? '' : nameKey(filter.q);
  const start = decodeCursor(
    page.cursor,
    { pk: eventKeys.partition(eventId), [index.pk]: index.partition, o: page.order },
    { pk: eventKeys.partition(eventId), sk: childKeys.prefix('guest'), [index.pk]: index.partition, [index.sk]: prefix },
  );
  const cursorOf = (last: Record<string, unknown>) => ({
    pk: String(last.pk), sk: String(last.sk), [index.pk]: String(last[index.pk]), [index.sk]: String(last[index.sk]), o: page.order,
  });
  if (!(await migrationDone(migrationIds.guestIndex))) {
    return pageOf(await byNameFromCollection(eventId, index, prefix, start?.[index.sk], page), page.limit, cursorOf);
  }
  const result = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: index.name,
      KeyConditionExpression: prefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
      ExpressionAttributeNames: { '#pk': index.pk, ...(prefix ? { '#sk': index.sk } : {}) },
      ExpressionAttributeValues: { ':pk': index.partition, ...(prefix ? { ':prefix': prefix } : {}) },
      ScanIndexForward: page.order === 'asc',
      Limit: page.limit + 1,
      ExclusiveStartKey: start ? { pk: start.pk, sk: start.sk, [index.pk]: start[index.pk], [index.sk]: start[index.sk] } : undefined,
    }),
  );
  return pageOf(result.Items ?? [], page.limit, cursorOf);
}

/**
 * The `limit + 1` entries the index Query would read, taken from the event's collection (every guest,
 * strong) with each guest's index keys as its writes store them: the by-name read while migration 0001
 * is not done, when guests written before the indexes are not in them yet (docs/migrations.md, the
 * window rule). Same order and cursors as the index, so a reader's cursor carries across the window's end.
 */
async function byNameFromCollection(
  eventId: string,
  index: { pk: string; sk: string; partition: string },
  prefix: string,
  after: string | number | undefined,
  page: { limit: number; order: 'asc' | 'desc' },
): Promise<Record<string, unknown>[]> {
  // UTF-16 code-unit order: what DynamoDB's byte order of the keys is, but for characters past U+FFFF against U+E000-U+FFFF.
  const inOrder = (a: string, b: string) => (page.order === 'asc' ? 1 : -1) * (a < b ? -1 : a > b ? 1 : 0);
  const sortKey = (item: Record<string, unknown>) => String(item[index.sk]);
  return (await listAllGuests(eventId))
    .map(guestItem)
    .filter((item) => item[index.pk] === index.partition && sortKey(item).startsWith(prefix) && (after === undefined || inOrder(sortKey(item), String(after)) > 0))
    .sort((a, b) => inOrder(sortKey(a), sortKey(b)))
    .slice(0, page.limit + 1);
}

/** The first `limit` of `limit + 1` items read, and a cursor after the last of them when more follow. */
function pageOf(found: Record<string, unknown>[], limit: number, cursorOf: (last: Record<string, unknown>) => Record<string, string>) {
  const guests = found.slice(0, limit);
  const last = guests.at(-1);
  return { guests: guests.map(guestFromItem), nextCursor: found.length > limit && last ? encodeCursor(cursorOf(last)) : null };
}

/**
 * Every guest of the event (Query of the collection's GUEST# items, strong, every page), or only those
 * of one answer: for the jobs that need every recipient at once (the export, notices), not for pages.
 */
export async function listAllGuests(eventId: string, status?: RsvpStatus): Promise<GuestRecord[]> {
  const items = await queryAllPages({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ...(status ? { FilterExpression: 'rsvp_status = :status' } : {}),
    ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId), ':prefix': childKeys.prefix('guest'), ...(status ? { ':status': status } : {}) },
    ConsistentRead: true,
  });
  return items.map(guestFromItem);
}

const dietaryPrefix = 'diet:';
export const dietaryAttribute = (restriction: string) => `${dietaryPrefix}${restriction}`;

/** Count per dietary restriction over the guest list (GetItem of the list's statistics item). */
export async function getDietarySummary(eventId: string): Promise<Record<string, number>> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: guestListKeys.stats(eventId), ConsistentRead: true }));
  return Object.fromEntries(
    Object.entries(result.Item ?? {})
      .filter(([name, count]) => name.startsWith(dietaryPrefix) && Number(count) > 0)
      .map(([name, count]) => [name.slice(dietaryPrefix.length), Number(count)])
      .sort(([a = ''], [b = '']) => (a < b ? -1 : 1)),
  );
}

/** The first guests in the waitlist's order (Query WAITLIST# of the collection, strong). */
export async function waitlistHead(eventId: string, count: number): Promise<string[]> {
  const result = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId), ':prefix': guestListKeys.waitlistPrefix },
      Limit: count,
      ConsistentRead: true,
    }),
  );
  return (result.Items ?? []).map((item) => String(item.guest_id));
}
