import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { newChildId, newId } from '../../shared/data/ids.ts';
import { eventKeys, sessionKeys } from '../../shared/data/keys.ts';
import { rawAccessRead, rawChildrenPage, rawCollectionPart } from '../raw-calls.ts';
import { pageWalk } from '../page-walk.ts';
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
 * Two kinds of route. The vendors and documents lists are paged (`limit`, `cursor`): they get the page
 * budget, raw = the access check and a strong Query of as many items as the page returned. The timeline
 * (its critical path needs every item), the checklist (groups with counts), the budget (totals by
 * category) and the team answer the whole collection by design, so they have no page budget: the row
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
};

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
    name: 'team', prefix: 'TEAMINVITE#', paged: false, list: 'team',
    create: (eventId) => ({ path: `/api/events/${eventId}/team`, body: { email: `invitee.${newId().toLowerCase()}@example.com`, role: 'viewer' } }),
    queries: [{ label: 'members and invitations', query: '' }],
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
    await seedByCopies(context, reader.token, eventId, area, count);
    for (const { label, query } of area.queries) {
      const atCap = count === area.cap ? ', the cap' : '';
      const endpoint = `GET /api/events/{id}/${area.list} ${label} (${count.toLocaleString('en')} ${area.name === 'team' ? 'invitations' : 'items'}${atCap})`;
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
  for (let start = 0; start < copies.length; start += 25) {
    let pending = copies.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const written = await context.db.send(new BatchWriteCommand({ RequestItems: { [context.tableName]: pending } }));
      pending = (written.UnprocessedItems?.[context.tableName] as typeof pending | undefined) ?? [];
    }
  }
}

/** Reads PAGES_PER_QUERY pages (or PAGES_PER_QUERY times the whole list) one after another. */
async function areaPages(context: BenchContext, reader: Reader, area: Area, endpoint: string, query: string, budget: PageBudget | undefined): Promise<BenchRow> {
  const pages = pageWalk(context, reader.token, `/api/events/${reader.eventId}/${area.list}`, query, (body) => (Array.isArray(body.data) ? body.data.length : 1), area.paged);
  const returned = pages.kept;
  const table = { db: context.db, tableName: context.tableName };
  return context.measureEndpoint(
    endpoint,
    PAGES_PER_QUERY,
    pages.next,
    async (index) => {
      await Promise.all([
        rawAccessRead(table, reader, [sessionKeys.cutOff]),
        area.paged
          ? rawChildrenPage(table, reader.eventId, area.prefix, returned[index] ?? 1)
          : rawCollectionPart(table, reader.eventId, { prefix: area.prefix }),
      ]);
    },
    area.paged
      ? `${query}; raw: the access BatchGetItem and a strong Query of as many ${area.name} as returned`
      : `whole collection by design (no page budget); raw: the access BatchGetItem and a strong Query of every ${area.prefix} item`,
    undefined,
    budget,
  );
}
