import { BatchGetCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { decodeJwt } from 'jose';
import { forEachWithConcurrency } from '../../shared/concurrency.ts';
import { guestItem } from '../../shared/data/guests/reads.ts';
import { newChildId } from '../../shared/data/ids.ts';
import { childKeys, eventKeys, guestListKeys, sessionKeys } from '../../shared/data/keys.ts';
import { type GuestRecord, type RsvpStatus, recount } from '../../shared/domain/guests/rules.ts';
import { rawAccessRead, rawChildrenPage } from '../raw-calls.ts';
import { pageWalk } from '../page-walk.ts';
import { putAll } from '../put-all.ts';
import type { PageBudget } from '../page-budget.ts';
import type { BenchContext, BenchRow, BenchScenario } from '../scenario.ts';
import { areaRows } from './area-pages.ts';
import { invitationPages, invitationQueries, seedInvitations } from './invitation-pages.ts';
import { createBenchEvent } from '../api.ts';

/**
 * Issue 15, goal 1: every list costs O(page). The events list is read page by page at 10 and 200 events
 * per user, each sort and filter. Each guest-list query the contract offers (every filter and
 * sort) is read page by page at 10, 1,000 and 10,000 guests, with the budget of a page: at most 2 rounds
 * of calls and 1.5x the capacity of the raw reads (the access check, the dietary summary and one strongly
 * consistent Query of exactly as many guests as the page returned). The guests are written directly with
 * BatchWriteItem (the items the guests routes write, built by the same `guestItem`), since adding 10,000
 * through the API measures something else (the `guests-bulk` scenario). The invitations list is read
 * at the same sizes over a batch to every guest (./invitation-pages.ts).
 */
const SIZES = [10, 1_000, 10_000];
const PAGES_PER_QUERY = 4;
const PAGE_BUDGET: PageBudget = { maxSequentialCalls: 2, maxCapacityRatio: 1.5 };

/** The guest-list queries measured: every filter and sort the contract offers, at page sizes 20 to 100. */
const guestQueries: { label: string; query: string }[] = [
  { label: 'creation order', query: 'limit=50' },
  { label: 'creation order, newest first', query: 'limit=20&order=desc' },
  { label: 'sort=name', query: 'sort=name&limit=100' },
  { label: 'sort=name desc', query: 'sort=name&order=desc&limit=50' },
  { label: 'q= prefix that matches', query: 'q=ma&limit=50' },
  { label: 'q= with no match', query: 'q=zzz&limit=50' },
  { label: 'rsvp_status=yes', query: 'rsvp_status=yes&limit=50' },
  { label: 'rsvp_status=no (few)', query: 'rsvp_status=no&sort=name&order=desc&limit=20' },
  { label: 'rsvp_status=yes&q=', query: 'rsvp_status=yes&q=ma&limit=50' },
];

const firstNames = ['Ada', 'Grace', 'Mary', 'Alan', 'Marie', 'Emmy', 'Katherine', 'Rosalind', 'Barbara', 'Hedy', 'Lise', 'Dorothy'];
const lastNames = ['Lovelace', 'Hopper', 'Somerville', 'Turing', 'Curie', 'Noether', 'Johnson', 'Franklin', 'Liskov', 'Lamarr', 'Meitner', 'Hodgkin'];
/** 40% pending, 30% yes, 20% maybe, 10% no. */
const statusOf = (index: number): RsvpStatus => (['pending', 'yes', 'pending', 'maybe', 'yes', 'pending', 'no', 'yes', 'pending', 'maybe'] as const)[index % 10] as RsvpStatus;

/**
 * The events-list queries measured: every sort, and each filter (10% of the events are confirmed). A page
 * reads all the caller's memberships (their copies, ~0.5 KB each: ~14 units at 200 events) and then only
 * its own events, so a filter that keeps few of many misses the capacity budget (docs/data-model.md).
 */
const EVENT_COUNTS = [10, 200];
const eventQueries: { label: string; query: string }[] = [
  { label: 'by event_date (default)', query: 'limit=20' },
  { label: 'sort=name', query: 'sort=name&limit=50' },
  { label: 'sort=-created_at', query: 'sort=-created_at&limit=100' },
  { label: 'status=confirmed (10%)', query: 'status=confirmed&limit=20' },
  { label: 'q=event 7 (1 of 10, 21 of 200)', query: 'q=event%207&limit=20' },
  { label: 'q=event 150 (0 of 10, 1 of 200)', query: 'q=event%20150&limit=20' },
  { label: 'from/to (a quarter)', query: 'from=2031-01-01&to=2031-03-31&limit=20' },
];

export const listsScenario: BenchScenario = {
  name: 'lists',
  run: async (context) => {
    const rows: BenchRow[] = [];
    for (const count of EVENT_COUNTS) {
      const reader = await context.signUp();
      await seedEvents(context, reader.token, count);
      for (const { label, query } of eventQueries) {
        rows.push(await eventPages(context, { token: reader.token, sessionId: String(decodeJwt(reader.token).sid) }, `GET /api/events ${label} (${count} events)`, query));
      }
    }
    const { token, userId } = await context.signUp();
    const sessionId = String(decodeJwt(token).sid);
    for (const size of SIZES) {
      const eventId = await createBenchEvent(context.api, token, `Lists ${size}`);
      const guestIds = await seedGuests(context, eventId, size);
      for (const { label, query } of guestQueries) {
        rows.push(await guestPages(context, { token, sessionId, userId, eventId }, `GET /api/events/{id}/guests ${label} (${size.toLocaleString('en')} guests)`, query));
      }
      const { bigBatchId } = await seedInvitations(context, eventId, guestIds);
      for (const { label, query } of invitationQueries(bigBatchId)) {
        rows.push(await invitationPages(context, { token, sessionId, userId, eventId }, `GET /api/events/{id}/invitations ${label} (${size.toLocaleString('en')} guests)`, query, PAGE_BUDGET));
      }
    }
    return rows;
  },
};

/**
 * The other lists of issue 15 (timeline, checklist, vendors, documents, budget, team) at the same sizes,
 * apart from the guests' so either can be run alone (`npm run bench -- lists-areas`): ./area-pages.ts.
 */
export const listAreasScenario: BenchScenario = {
  name: 'lists-areas',
  run: async (context) => {
    const { token, userId } = await context.signUp();
    const sessionId = String(decodeJwt(token).sid);
    const rows: BenchRow[] = [];
    const measured = new Set<string>();
    for (const size of SIZES) rows.push(...await areaRows(context, { token, sessionId, userId }, size, PAGE_BUDGET, measured));
    return rows;
  },
};

async function seedGuests(context: BenchContext, eventId: string, size: number): Promise<string[]> {
  const at = new Date().toISOString();
  const guests: GuestRecord[] = Array.from({ length: size }, (_, index) => {
    const status = statusOf(index);
    return {
      id: newChildId(eventId),
      event_id: eventId,
      name: `${firstNames[index % firstNames.length]} ${lastNames[Math.floor(index / firstNames.length) % lastNames.length]} ${index}`,
      email: `guest.${index}@example.com`,
      dietary_restrictions: index % 7 ? [] : ['vegetarian'],
      plus_one_allowed: false,
      plus_one_limit: 0,
      plus_one_count: 0,
      rsvp_status: status,
      ...(status === 'pending' ? {} : { rsvp_date: new Date(Date.parse(at) - index * 60_000).toISOString() }),
      code_hash: `${index}`.padStart(64, '0'),
      created_at: at,
      updated_at: at,
      version: 1,
    };
  });
  await putAll(context, guests.map((guest) => guestItem(guest)));
  const counters = recount(guests);
  await context.db.send(new UpdateCommand({
    TableName: context.tableName,
    Key: eventKeys.item(eventId),
    UpdateExpression: `SET ${Object.keys(counters).map((name) => `${name} = :${name}`).join(', ')}`,
    ExpressionAttributeValues: Object.fromEntries(Object.entries(counters).map(([name, value]) => [`:${name}`, value])),
  }));
  return guests.map((guest) => guest.id);
}

type Reader = { token: string; sessionId: string; userId: string; eventId: string };

/** Reads PAGES_PER_QUERY pages one after another (from the first again when the list ends). */
async function guestPages(context: BenchContext, reader: Reader, endpoint: string, query: string): Promise<BenchRow> {
  const pages = pageWalk(context, reader.token, `/api/events/${reader.eventId}/guests`, query, (body) => (body.data as unknown[]).length);
  const returned = pages.kept;
  const table = { db: context.db, tableName: context.tableName };
  return context.measureEndpoint(
    endpoint,
    PAGES_PER_QUERY,
    pages.next,
    async (index) => {
      await Promise.all([
        rawAccessRead(table, reader, [sessionKeys.cutOff]),
        context.db.send(new GetCommand({ TableName: context.tableName, Key: guestListKeys.stats(reader.eventId), ConsistentRead: true })),
        rawChildrenPage(table, reader.eventId, childKeys.prefix('guest'), returned[index] ?? 1),
      ]);
    },
    `${query}; raw: the access BatchGetItem, the dietary GetItem and a strong Query of as many guests as returned`,
    undefined,
    PAGE_BUDGET,
  );
}

/** `count` events through the API (as a user makes them): one a week from 2031, every tenth confirmed. */
async function seedEvents(context: BenchContext, token: string, count: number): Promise<void> {
  await forEachWithConcurrency(Array.from({ length: count }, (_, index) => index), 4, async (index) => {
    const day = new Date(Date.UTC(2031, 0, 1) + index * 7 * 86_400_000).toISOString();
    const created = await context.api('POST', '/api/events', {
      token, body: { name: `Event ${index}`, event_date: day, event_type: index % 2 ? 'party' : 'meeting', status: index % 10 === 3 ? 'confirmed' : 'planning' },
    });
    if (created.status !== 201) throw new Error(`seeding events: ${created.status} ${JSON.stringify(created.body)}`);
  });
}

/**
 * Reads PAGES_PER_QUERY pages of the caller's events one after another (from the first again when the
 * list ends); raw: the session check and a strong read of exactly the events the page returned.
 */
async function eventPages(context: BenchContext, reader: { token: string; sessionId: string }, endpoint: string, query: string): Promise<BenchRow> {
  const pages = pageWalk(context, reader.token, '/api/events', query, (body) => (body.data as { id: string }[]).map((event) => event.id));
  const returned = pages.kept;
  return context.measureEndpoint(
    endpoint,
    PAGES_PER_QUERY,
    pages.next,
    async (index) => {
      const keys = [sessionKeys.item(reader.sessionId), sessionKeys.cutOff, ...(returned[index] ?? []).map((id) => eventKeys.item(id))];
      // BatchGetItem takes 100 keys: the rest in a second call beside the first.
      await Promise.all([keys.slice(0, 100), keys.slice(100)].filter((part) => part.length > 0).map((part) =>
        context.db.send(new BatchGetCommand({ RequestItems: { [context.tableName]: { Keys: part, ConsistentRead: true } } }))));
    },
    `${query}; raw: strong BatchGetItem of the session, the cut-off and the events returned`,
    undefined,
    PAGE_BUDGET,
  );
}
