import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { EventRecord } from '../../domain/events/rules.ts';
import type { GuestRecord } from '../../domain/guests/rules.ts';
import type { PartyRecord } from '../../domain/parties/rules.ts';
import { childPage } from '../child-page.ts';
import { db, tableName } from '../client.ts';
import { batchGetAll } from '../collection.ts';
import { eventFromItem } from '../events/records.ts';
import { guestFromItem, guestKey } from '../guests/reads.ts';
import { childKeys, eventKeys, type Key } from '../keys.ts';

/**
 * Party items `PARTY#<partyId>` in the event's collection (docs/parties.md). The party lists its members
 * by id, so a party's members are one BatchGetItem of at most MAX_PARTY_MEMBERS keys: the party page and
 * the guest list's `party=` filter read O(party), never the list. Each member carries `party_id` back.
 */
export const partyKey = (party: Pick<PartyRecord, 'event_id' | 'id'>): Key => childKeys.item('party', party.event_id, party.id);

export const partyItem = (party: PartyRecord): Record<string, unknown> => ({ ...partyKey(party), type: 'party', ...party });

export function partyFromItem(item: Record<string, unknown>): PartyRecord {
  const { pk: _pk, sk: _sk, type: _type, ...party } = item;
  return party as PartyRecord;
}

/** One page of the event's parties in creation order (Query of PARTY# items, strong). */
export async function listParties(eventId: string, page: { limit: number; cursor?: string }): Promise<{ parties: PartyRecord[]; nextCursor: string | null }> {
  const { items, nextCursor } = await childPage(eventId, 'party', page);
  return { parties: items.map(partyFromItem), nextCursor };
}

/**
 * The members of a party in the party's order (BatchGetItem of their keys, strong). A member deleted
 * since is simply absent: a guest's delete does not rewrite its party, the party's next write drops the id.
 */
export async function partyMembers(party: Pick<PartyRecord, 'event_id' | 'member_ids'>): Promise<GuestRecord[]> {
  if (party.member_ids.length === 0) return [];
  const items = await batchGetAll(party.member_ids.map((id) => guestKey({ event_id: party.event_id, id })));
  const byId = new Map(items.map((item) => [String(item.id), guestFromItem(item)]));
  return party.member_ids.flatMap((id) => byId.get(id) ?? []);
}

/** The event and the party (one BatchGetItem, strong), then the members: what a party's answer plans from. */
export async function getEventPartyAndMembers(eventId: string, partyId: string): Promise<{ event: EventRecord; party: PartyRecord; members: GuestRecord[] } | null> {
  const items = await batchGetAll([eventKeys.item(eventId), partyKey({ event_id: eventId, id: partyId })]);
  const eventItem = items.find((item) => item.sk === eventKeys.item(eventId).sk);
  const partyFound = items.find((item) => item.sk !== eventKeys.item(eventId).sk);
  if (!eventItem || eventItem.deleting_at || !partyFound) return null;
  const party = partyFromItem(partyFound);
  return { event: eventFromItem(eventItem), party, members: await partyMembers(party) };
}

/**
 * A party's name and its per_party answers, for a member's own page (GetItem of the party, strong, those
 * two attributes only); null when the party is gone.
 */
export async function getPartyAnswers(eventId: string, partyId: string): Promise<Pick<PartyRecord, 'name' | 'answers'> | null> {
  const result = await db().send(new GetCommand({
    TableName: tableName(), Key: partyKey({ event_id: eventId, id: partyId }), ConsistentRead: true,
    ProjectionExpression: '#name, answers', ExpressionAttributeNames: { '#name': 'name' },
  }));
  if (!result.Item) return null;
  return { name: String(result.Item.name), ...(result.Item.answers ? { answers: result.Item.answers as PartyRecord['answers'] } : {}) };
}
