import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { db, tableName } from '../../shared/data/client.ts';
import { getEventAndGuest } from '../../shared/data/guests/reads.ts';
import { eventKeys } from '../../shared/data/keys.ts';
import { pageOpenToRecord } from '../../shared/domain/invitations/counters.ts';
import { type RouteDefinition } from '../../shared/routes.ts';
import { signedInUser, type SignedInUser } from '../support/signed-in-user.ts';
import { testEventBus } from '../support/event-bus.ts';
import { addMember, createEvent } from './events-fixtures.ts';
import { codeOf, rsvpApi } from './guests-fixtures.ts';
import { type Child, type Fixture, makeChild } from './permission-matrix-fixtures.ts';
import { call } from './timeline-fixtures.ts';

/**
 * Shared by the fuzzer and the security suites: one organizer's event with one of each child (made
 * through the API with the permission matrix's makers), and which real id each path parameter takes.
 */
export type World = {
  owner: SignedInUser;
  eventId: string;
  ids: Record<Child, string>;
  /** A team member's id (`PUT/DELETE /api/team/{id}`) and the user behind it. */
  teamMemberId: string;
  member: SignedInUser;
  /** A guest's invitation code (`/rsvp/{code}`). */
  code: string;
  batchId: string;
};

const children: Child[] = ['timeline', 'checklist', 'guest', 'guestImport', 'question', 'budgetItem', 'payment', 'vendor', 'installment', 'document', 'party', 'webhook', 'webhookDelivery', 'checkInCode', 'seatedTable', 'subEvent', 'announcement'];
/** A child made from another one: the other is made first. */
const madeFrom: Partial<Record<Child, Child>> = { payment: 'budgetItem', installment: 'vendor', webhookDelivery: 'webhook' };

/** What of a world a request reads: its children, and whether the guest's invitation (its code, its batch). */
export type WorldNeeds = { children: Child[]; invitation: boolean };
const everything: WorldNeeds = { children, invitation: true };

/**
 * What `use` reads of a world, found by running it on a stand-in world that notes each child, code or
 * batch read: a test that sends one request seeds only that much (a whole world is some 30 calls).
 */
export function worldNeeds(use: (world: World) => unknown): WorldNeeds {
  const read = new Set<Child>();
  let invitation = false;
  const ids = new Proxy({} as Record<Child, string>, { get: (_target, child) => (read.add(child as Child), `probe-${String(child)}`) });
  const standIn = new Proxy({ eventId: 'probe-event', ids, owner: {}, member: { userId: 'probe-member' }, teamMemberId: 'probe-team' } as unknown as World, {
    get: (target, field) => {
      if (field === 'code' || field === 'batchId') {
        invitation = true;
        return `probe-${field}`;
      }
      return target[field as keyof World];
    },
  });
  use(standIn);
  return { children: children.filter((child) => read.has(child) || children.some((other) => read.has(other) && madeFrom[other] === child) || (child === 'guest' && invitation)), invitation };
}

/** The world of `owner` (a new organizer if none) with the parts `needs` names (all of them if none). */
export async function seedWorld(owner?: SignedInUser, needs: WorldNeeds = everything): Promise<World> {
  const organizer = owner ?? (await signedInUser());
  const member = await signedInUser();
  const eventId = (await createEvent(organizer)).id as string;
  await addMember(eventId, member.userId, 'assistant');
  // makeChild only reads the organizer from `people`.
  const fixture = { eventId, ids: {}, people: { organizer } } as unknown as Fixture;
  // The document is uploaded, confirmed and cleared by the malware scan: every document route, its download too, has a real answer.
  for (const child of needs.children) fixture.ids[child] = await makeChild(child === 'document' ? 'scannedDocument' : child, fixture);
  const ids = fixture.ids as Record<Child, string>;
  if (!needs.invitation) return { owner: organizer, eventId, ids, teamMemberId: `${eventId}${member.userId}`, member, code: '', batchId: '' };
  const link = await call(organizer, 'POST', `/api/guests/${ids.guest}/invitation-link`);
  expect(link.status, JSON.stringify(link.body)).toBe(200);
  const batch = await call(organizer, 'POST', `/api/events/${eventId}/invitations`, { body: { guest_ids: [ids.guest], invitation_template: 'formal' } });
  expect(batch.status, JSON.stringify(batch.body)).toBe(202);
  // Opened here (recorded off the request by the invitation-opens consumer), so a later read of the
  // invitation announces nothing and nothing writes in this world while a test watches it. The GET's
  // announcement is best effort within a short timeout, so on a loaded machine it is repeated until the
  // open is recorded; a late duplicate finds the guest opened and writes nothing.
  for (let recorded = false; !recorded; ) {
    const opened = await rsvpApi('GET', `/api/rsvp/${codeOf(link.body.data)}`);
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    await testEventBus.idle();
    const { guest } = await getEventAndGuest(eventId, ids.guest);
    recorded = guest !== null && pageOpenToRecord(guest) === null;
  }
  return { owner: organizer, eventId, ids, teamMemberId: `${eventId}${member.userId}`, member, code: codeOf(link.body.data), batchId: String(batch.body.data.id) };
}

/** The real id of `world` that a route's path parameter names, by the path's resource. */
export function realIdFor(world: World, route: RouteDefinition, parameter: string): string {
  if (parameter === 'code') return world.code;
  if (parameter === 'paymentId') return world.ids.payment;
  if (parameter === 'jobId') return world.ids.guestImport;
  if (parameter === 'webhookId') return world.ids.webhook;
  if (parameter === 'deliveryId') return world.ids.webhookDelivery;
  if (parameter === 'announcementId') return world.ids.announcement;
  if (parameter === 'version') return '1';
  if (parameter === 'seat') return '1';
  const resource = /^\/api\/([a-z-]+)(?:\/items)?\/\{/.exec(route.path)?.[1];
  switch (resource) {
    case 'events': return world.eventId;
    case 'budget': return world.ids.budgetItem;
    case 'guests': return world.ids.guest;
    case 'parties': return world.ids.party;
    case 'vendors': return world.ids.vendor;
    case 'questions': return world.ids.question;
    case 'documents': return world.ids.document;
    case 'timeline': return world.ids.timeline;
    case 'checklist': return world.ids.checklist;
    case 'team': return world.teamMemberId;
    case 'tables': return world.ids.seatedTable;
    case 'sub-events': return world.ids.subEvent;
    default: return world.eventId;
  }
}

/** The route's path with each `{param}` replaced by `value(param)`, percent-encoded. */
export const pathWith = (route: RouteDefinition, value: (parameter: string) => string): string =>
  route.path.replace(/\{(\w+)\+?\}/g, (_match, parameter: string) => encodeURIComponent(value(parameter)));

/** Every id of the world, of every kind: what a fuzzer or an attacker might try on any route. */
export const allIds = (world: World): string[] => [world.eventId, ...Object.values(world.ids), world.teamMemberId, world.code, world.batchId];

/**
 * Every item of the table but the bookkeeping a refused request may legitimately write (rate-limit
 * windows, failed-login counters, stored Idempotency-Key answers) and the in-app notifications that the
 * notifications consumer writes a moment after an earlier accepted change (asynchronously, off the bus),
 * keyed by pk/sk. A full paginated Scan: allowed here, in a test, to prove nothing else changed.
 */
export async function tableSnapshot(): Promise<Map<string, string>> {
  const items = new Map<string, string>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db().send(new ScanCommand({ TableName: tableName(), ConsistentRead: true, ExclusiveStartKey: startKey }));
    for (const item of page.Items ?? []) {
      if (/^(RATE|IDEMPOTENCY)#/.test(String(item.pk)) || String(item.sk).startsWith('NOTIFICATION#')) continue;
      items.set(`${item.pk} ${item.sk}`, JSON.stringify(item));
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** What differs between two snapshots: keys added, removed or changed (empty when equal). */
export function snapshotDifference(before: Map<string, string>, after: Map<string, string>): string[] {
  const changed: string[] = [];
  for (const [key, value] of after) if (before.get(key) !== value) changed.push(before.has(key) ? `changed ${key}` : `added ${key}`);
  for (const key of before.keys()) if (!after.has(key)) changed.push(`removed ${key}`);
  return changed;
}

/** The items of the world's event collection (its children, members and the event itself), as tableSnapshot keys them. */
export async function worldSnapshot(world: World): Promise<Map<string, string>> {
  const items = new Map<string, string>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db().send(new QueryCommand({
      TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': eventKeys.item(world.eventId).pk }, ConsistentRead: true, ExclusiveStartKey: startKey,
    }));
    for (const item of page.Items ?? []) items.set(`${item.pk} ${item.sk}`, JSON.stringify(item));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** True while the world's event still exists with all its children (a fuzzed DELETE may have removed some). */
export const worldIntact = (world: World, snapshot: Map<string, string>): boolean => {
  const event = snapshot.get(`${eventKeys.item(world.eventId).pk} ${eventKeys.item(world.eventId).sk}`);
  if (!event || JSON.parse(event).organizer_id !== world.owner.userId) return false;
  // Payments live inside their budget item; the audit trail keeps naming deleted things, so it is left out.
  const live = [...snapshot].filter(([key]) => !key.includes(' AUDIT#')).map(([key, item]) => `${key} ${item}`).join('\n');
  // A check-in code is no item (it is made from its guest, whose id is checked), and an announcement lives
  // outside the collection (a notice, NOTICE#<id>, kept after the event): neither is looked for here.
  const stored = Object.entries(world.ids).filter(([child]) => child !== 'checkInCode' && child !== 'announcement').map(([, id]) => id);
  return [...stored, world.member.userId].every((id) => live.includes(id));
};
