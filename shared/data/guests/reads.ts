import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { EventRecord } from '../../domain/events/rules.ts';
import type { GuestRecord } from '../../domain/guests/rules.ts';
import { db, tableName } from '../client.ts';
import { batchGetAll, queryAllPages } from '../collection.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { eventFromItem } from '../events/records.ts';
import { childKeys, eventKeys, guestEmailKeys, guestListKeys, type Key } from '../keys.ts';

/**
 * Guest items: how a guest is stored (with its email index keys and a lower-case search text) and the
 * reads of the guest list. Writes are in writes.ts.
 */
const itemOnlyAttributes = ['pk', 'sk', 'type', 'gsi1pk', 'gsi1sk', 'search_text'];

export function guestFromItem(item: Record<string, unknown>): GuestRecord {
  const guest = Object.fromEntries(Object.entries(item).filter(([name]) => !itemOnlyAttributes.includes(name))) as GuestRecord;
  return { ...guest, dietary_restrictions: guest.dietary_restrictions ?? [] };
}

/** Attributes derived from the guest: the email index (guests by email across events) and the search text. */
export function derivedAttributes(guest: GuestRecord): Record<string, string | undefined> {
  return {
    gsi1pk: guest.email ? guestEmailKeys.partition(guest.email) : undefined,
    gsi1sk: guest.email ? guestEmailKeys.sort(guest.event_id, guest.id) : undefined,
    search_text: `${guest.name} ${guest.email ?? ''}`.toLowerCase(),
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
  const claims = await batchGetAll(emails.map((address) => guestListKeys.emailClaim(eventId, address)));
  return new Set(claims.map((claim) => String(claim.email)));
}

export type GuestFilter = { rsvp_status?: string; q?: string; invited?: boolean; dietary?: boolean };

/** The filter as a DynamoDB FilterExpression (undefined when there is none). Values only, never names from a request. */
function filterExpression(filter: GuestFilter) {
  const parts: string[] = [];
  const values: Record<string, unknown> = {};
  if (filter.rsvp_status) {
    parts.push('rsvp_status = :status');
    values[':status'] = filter.rsvp_status;
  }
  if (filter.q) {
    parts.push('contains(search_text, :q)');
    values[':q'] = filter.q.toLowerCase();
  }
  if (filter.invited !== undefined) parts.push(filter.invited ? 'attribute_exists(invited_at)' : 'attribute_not_exists(invited_at)');
  if (filter.dietary !== undefined) {
    parts.push(filter.dietary ? 'size(dietary_restrictions) > :zero' : 'size(dietary_restrictions) = :zero');
    values[':zero'] = 0;
  }
  return parts.length ? { FilterExpression: parts.join(' AND '), values } : { values };
}

const guestQuery = (eventId: string, filter: GuestFilter) => {
  const { FilterExpression, values } = filterExpression(filter);
  return {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ...(FilterExpression ? { FilterExpression } : {}),
    ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId), ':prefix': childKeys.prefix('guest'), ...values },
  };
};

/**
 * One page of guests in creation order (guest ids are time-ordered, so the sort key is that order):
 * Query pages until `limit` guests pass the filter, reading one past the page to know whether another
 * follows. The cursor is the last guest's key, tied to the event and the direction.
 */
export async function listGuestsByCreation(
  eventId: string,
  filter: GuestFilter,
  page: { limit: number; cursor?: string; order: 'asc' | 'desc' },
): Promise<{ guests: GuestRecord[]; nextCursor: string | null }> {
  const start = decodeCursor(page.cursor, { pk: eventKeys.partition(eventId), o: page.order }, { pk: eventKeys.partition(eventId), sk: childKeys.prefix('guest') });
  let startKey: Record<string, unknown> | undefined = start ? { pk: start.pk, sk: start.sk } : undefined;
  const found: Record<string, unknown>[] = [];
  do {
    const result = await db().send(
      new QueryCommand({
        TableName: tableName(),
        ...guestQuery(eventId, filter),
        ScanIndexForward: page.order === 'asc',
        Limit: page.limit + 1 - found.length,
        ExclusiveStartKey: startKey,
        ConsistentRead: true,
      }),
    );
    found.push(...(result.Items ?? []));
    startKey = result.LastEvaluatedKey;
  } while (startKey && found.length <= page.limit);
  const guests = found.slice(0, page.limit);
  const last = guests.at(-1);
  const more = found.length > page.limit;
  return {
    guests: guests.map(guestFromItem),
    nextCursor: more && last ? encodeCursor({ pk: String(last.pk), sk: String(last.sk), o: page.order }) : null,
  };
}

/** Every guest of the event that passes the filter (Query of the collection's GUEST# items, every page). */
export async function listAllGuests(eventId: string, filter: GuestFilter = {}): Promise<GuestRecord[]> {
  return (await queryAllPages({ ...guestQuery(eventId, filter), ConsistentRead: true })).map(guestFromItem);
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
