import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { newChildId, newId } from '../../shared/data/ids.ts';
import { eventKeys, sessionKeys, teamKeys, userKeys } from '../../shared/data/keys.ts';
import { memberPut } from '../../shared/data/team/members.ts';
import { rawAccessRead, rawChildrenPage, rawCollectionPart, type RawTable } from '../raw-calls.ts';
import { pageWalk } from '../page-walk.ts';
import { putAll } from '../put-all.ts';
import type { PageBudget } from '../page-budget.ts';
import type { BenchContext, BenchRow } from '../scenario.ts';
import { createBenchEvent } from '../api.ts';
import { BUDGET_ITEMS_CAP, CHECKLIST_CAP, TIMELINE_CAP } from '../../shared/domain/collections/cap-defaults.ts';

/**
 * The other list routes of issue 15 at 10, 1,000 and 10,000 children of one event: the timeline, the
 * checklist, the vendors, the documents, the budget (its items, shown by category) and the team. One
 * child of each is made through the API, then copied with BatchWriteItem under fresh ids (its items
 * in the event's collection whose sort key names it), since making 10,000 through the API measures the
 * writes, not the list.
 *
 * Two kinds of route. The vendors, documents and team lists are paged (`limit`, `cursor`): they get the
 * page budget, raw = the access check and a strong Query of as many items as the page returned (for the
 * team: as many members and as many invitations, and a strong BatchGetItem of the members' users, whose
 * contacts the page shows). The team is seeded through the data layer instead (half members with their
 * users, the bench's owner among them, half email invitations with their claims). The timeline
 * (its critical path needs every item), the checklist (groups with counts) and the budget (totals by
 * category) answer the whole collection by design, so they have no page budget: the row
 * shows what the whole costs, next to the raw strong Query of that part of the collection
 * (docs/data-model.md, "The other lists: what a page costs"). The timeline, checklist and budget items
 * are capped (docs/capacity-model.md, "Capped collections"): their largest row is at the cap.
 */
type Area = {
  name: string;
  /** The sort-key prefix of the area's items in the event's collection. */
  prefix: string;
  create: (eventId: string) => { path: string; body: Record<string, unknown> };
  list: string;
  queries: { label: string; query: string }[];
  paged: boolean;
  /** The collection's cap (shared/domain/collections/cap-defaults.ts): measured at it instead of past it. */
  cap?: number;
  /** Seeds the area's `size` children itself (else: one through the API, then copies). */
  seed?: (context: BenchContext, reader: Reader, size: number) => Promise<void>;
  /** A paged area's raw reads of what one page returned (else: a strong Query of as many items). */
  rawPage?: (table: RawTable, eventId: string, rows: Row[]) => Promise<unknown>;
};

type Row = Record<string, unknown>;

const areas: Area[] = [
  {
    name: 'timeline', prefix: 'TIMELINE#', paged: false, list: 'timeline', cap: TIMELINE_CAP,
    create: (eventId) => ({ path: `/api/events/${eventId}/timeline`, body: { title: 'Book the band', due_date: '2031-05-01' } }),
    queries: [{ label: 'every item with the critical path', query: '' }],
  },
  {
    name: 'checklist', prefix: 'CHECKLIST#', paged: false, list: 'checklist', cap: CHECKLIST_CAP,
    create: (eventId) => ({ path: `/api/events/${eventId}/checklist`, body: { task: 'Order the flowers', category: 'Decor', due_date: '2031-05-15' } }),
    queries: [{ label: 'grouped by category', query: '' }, { label: 'completed=false', query: 'completed=false' }],
  },
  {
    name: 'vendors', prefix: 'VENDOR#', paged: true, list: 'vendors',
    create: (eventId) => ({ path: `/api/events/${eventId}/vendors`, body: { name: 'Fleurs de Lys', service_type: 'Florist', status: 'quoted' } }),
    queries: [{ label: 'id order', query: 'limit=20' }, { label: 'status=booked (none)', query: 'status=booked&limit=20' }],
  },
  {
    name: 'documents', prefix: 'DOCUMENT#', paged: true, list: 'documents',
    create: (eventId) => ({ path: `/api/events/${eventId}/documents`, body: { name: 'Dinner menu', category: 'menu', content_type: 'application/pdf', size: 482113, file_name: 'menu.pdf' } }),
    queries: [{ label: 'id order', query: 'limit=20' }, { label: 'category=contract (none)', query: 'category=contract&limit=20' }],
  },
  {
    name: 'budget', prefix: 'BUDGET#', paged: false, list: 'budget', cap: BUDGET_ITEMS_CAP,
    create: (eventId) => ({ path: `/api/events/${eventId}/budget/items`, body: { category: 'catering', description: 'Dinner', estimated_cost: 100 } }),
    queries: [{ label: 'summary with every item', query: '' }],
  },
  {
    name: 'team', prefix: 'MEMBER#', paged: true, list: 'team',
    create: (eventId) => ({ path: `/api/events/${eventId}/team`, body: { email: `invitee.${newId().toLowerCase()}@example.com`, role: 'viewer' } }),
    queries: [{ label: 'members, then invitations', query: 'limit=20' }, { label: 'members, then invitations, limit=100', query: 'limit=100' }],
    seed: seedTeam,
    rawPage: rawTeamPage,
  },
];

const PAGES_PER_QUERY = 4;

type Reader = { token: string; sessionId: string; userId: string; eventId: string };

/**
 * Every area's rows at one size, each area in its own event (so its lists hold only its items). A capped
 * area is measured at its cap instead of past it, once (`measured` remembers it across sizes): no event
 * can hold more, so that is the most its whole-collection GET costs.
 */
export async function areaRows(context: BenchContext, reader: Omit<Reader, 'eventId'>, size: number, budget: PageBudget, measured: Set<string>): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const area of areas) {
    const count = Math.min(size, area.cap ?? size);
    if (measured.has(`${area.name} ${count}`)) continue;
    measured.add(`${area.name} ${count}`);
    const eventId = await createBenchEvent(context.api, reader.token, `${area.name} ${count}`);
    if (area.seed) await area.seed(context, { ...reader, eventId }, count);
    else await seedByCopies(context, reader.token, eventId, area, count);
    for (const { label, query } of area.queries) {
      const atCap = count === area.cap ? ', the cap' : '';
      const endpoint = `GET /api/events/{id}/${area.list} ${label} (${count.toLocaleString('en')} ${area.name === 'team' ? 'members and invitations' : 'items'}${atCap})`;
      rows.push(await areaPages(context, { ...reader, eventId }, area, endpoint, query, area.paged ? budget : undefined));
    }
  }
  return rows;
}

/** One child through the API, then `size - 1` copies of its items under fresh ids (25 per BatchWriteItem). */
async function seedByCopies(context: BenchContext, token: string, eventId: string, area: Area, size: number): Promise<void> {
  const { path, body } = area.create(eventId);
  const made = await context.api('POST', path, { token, body });
  if (made.status !== 201) throw new Error(`seeding ${area.name}: ${made.status} ${JSON.stringify(made.body)}`);
  const id = String(made.body.data.id);
  const result = await context.db.send(new QueryCommand({
    TableName: context.tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId), ':prefix': area.prefix },
    ConsistentRead: true,
  }));
  const templates = (result.Items ?? []).filter((item) => String(item.sk).includes(id));
  if (templates.length === 0) throw new Error(`seeding ${area.name}: no item of ${id} under ${area.prefix}`);
  const copies = Array.from({ length: size - 1 }, () => {
    const copyId = id.length === 52 ? newChildId(eventId) : newId();
    return templates.map((item) => JSON.parse(JSON.stringify(item).split(id).join(copyId)) as Record<string, unknown>);
  }).flat();
  await putAll(context, copies);
}

/** Reads PAGES_PER_QUERY pages (or PAGES_PER_QUERY times the whole list) one after another. */
async function areaPages(context: BenchContext, reader: Reader, area: Area, endpoint: string, query: string, budget: PageBudget | undefined): Promise<BenchRow> {
  const pages = pageWalk(context, reader.token, `/api/events/${reader.eventId}/${area.list}`, query, (body) => (Array.isArray(body.data) ? (body.data as Row[]) : [{}]), area.paged);
  const returned = pages.kept;
  const table = { db: context.db, tableName: context.tableName };
  return context.measureEndpoint(
    endpoint,
    PAGES_PER_QUERY,
    pages.next,
    async (index) => {
      await Promise.all([
        rawAccessRead(table, reader, [sessionKeys.cutOff]),
        !area.paged
          ? rawCollectionPart(table, reader.eventId, { prefix: area.prefix })
          : area.rawPage
            ? area.rawPage(table, reader.eventId, returned[index] ?? [])
            : rawChildrenPage(table, reader.eventId, area.prefix, returned[index]?.length ?? 1),
      ]);
    },
    area.paged
      ? `${query}; raw: the access BatchGetItem and a strong Query of as many ${area.name} as returned${area.rawPage ? ' (members and invitations apart), and a strong BatchGetItem of the members\' users' : ''}`
      : `whole collection by design (no page budget); raw: the access BatchGetItem and a strong Query of every ${area.prefix} item`,
    undefined,
    budget,
  );
}

/**
 * The team at `size`: the owner's membership (made with the event) and `size / 2 - 1` more members with
 * their users, then `size / 2` email invitations with their email claims, written as the team's
 * repository writes them (shared/data/team), 25 per BatchWriteItem.
 */
async function seedTeam(context: BenchContext, reader: Reader, size: number): Promise<void> {
  const at = new Date().toISOString();
  const memberCount = Math.ceil(size / 2) - 1;
  const members = Array.from({ length: memberCount }, (_, index) => {
    const userId = newId();
    const username = `teammate${index}${userId.slice(-6).toLowerCase()}`;
    const { Put } = memberPut({ event_id: reader.eventId, user_id: userId, role: 'viewer', permissions: {}, status: 'active', invited_at: at, joined_at: at }) as { Put: { Item: Row } };
    return [
      { ...Put.Item, invited_by: reader.userId },
      { ...userKeys.item(userId), type: 'user', id: userId, username, email: `${username}@example.com`, full_name: `Teammate ${index}`, events_created: 0, version: 1, created_at: at, updated_at: at },
    ];
  }).flat();
  const invites = Array.from({ length: size - memberCount - 1 }, (_, index) => {
    const id = newChildId(reader.eventId);
    const email = `invitee.${index}.${id.slice(-6).toLowerCase()}@example.com`;
    return [
      { ...teamKeys.invite(reader.eventId, id), type: 'teamInvite', id, event_id: reader.eventId, email, role: 'viewer', permissions: {}, invited_by: reader.userId, invited_at: at, version: 1 },
      { ...teamKeys.inviteEmailClaim(reader.eventId, email), type: 'teamInviteClaim', invite_id: id },
    ];
  }).flat();
  await putAll(context, [...members, ...invites]);
}

/** One team page's raw reads: strong Queries of as many members and invitations as it showed, and the members' users. */
async function rawTeamPage(table: RawTable, eventId: string, rows: Row[]): Promise<void> {
  const userIds = rows.filter((row) => typeof row.user_id === 'string').map((row) => String(row.user_id));
  const invites = rows.length - userIds.length;
  await Promise.all([
    userIds.length > 0 ? rawChildrenPage(table, eventId, eventKeys.memberPrefix, userIds.length) : undefined,
    invites > 0 ? rawChildrenPage(table, eventId, teamKeys.invitePrefix, invites) : undefined,
    userIds.length > 0
      ? table.db.send(new BatchGetCommand({ RequestItems: { [table.tableName]: { Keys: userIds.map((id) => userKeys.item(id)), ConsistentRead: true } } }))
      : undefined,
  ]);
}
