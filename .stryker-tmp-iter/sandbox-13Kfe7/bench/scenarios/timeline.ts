// @ts-nocheck
import { decodeJwt } from 'jose';
import { childKeys } from '../../shared/data/keys.ts';
import { rawAccessRead, rawCollectionPart } from '../raw-calls.ts';
import type { BenchContext, BenchRow, BenchScenario } from '../scenario.ts';

/**
 * Issue 6's endpoints. The headline row is the timeline of an event with 300 items (10 default
 * milestones + 290 added, in chains of 10 so the critical path has work to do): its DynamoDB calls and
 * p50/p95, next to the same two raw calls (the access BatchGetItem and the TIMELINE# Query).
 */
const SAMPLES = 30;
const ADDED_ITEMS = 290;
const CHAIN_LENGTH = 10;

export const timelineScenario: BenchScenario = {
  name: 'timeline',
  run: async (context) => {
    const { token, userId } = await context.signUp();
    const created = await context.api('POST', '/api/events', { token, body: { name: 'Bench timeline', event_date: '2030-06-20T18:00:00Z', event_type: 'wedding' } });
    const eventId = String(created.body.data.id);
    const rows: BenchRow[] = [];
    let previous: string | null = null;
    let added = 0;
    rows.push(
      await context.measureEndpoint('POST /api/events/{id}/timeline (chained)', ADDED_ITEMS, async (index) => {
        const chained = index % CHAIN_LENGTH !== 0 && previous !== null;
        const response = await context.api('POST', `/api/events/${eventId}/timeline`, {
          token,
          body: { title: `Task ${index}`, due_date: `2030-0${1 + (index % 5)}-${String(1 + (index % 28)).padStart(2, '0')}`, duration_days: 1 + (index % 4), depends_on: chained ? [previous] : [] },
        });
        if (response.status !== 201) throw new Error(`POST timeline answered ${response.status}: ${JSON.stringify(response.body)}`);
        previous = String(response.body.data.id);
        added += 1;
      }, undefined, 'items with a dependency read the timeline first (cycle check)'),
    );
    if (added !== ADDED_ITEMS) throw new Error('not every item was added');
    rows.push(await timelineRead(context, token, userId, eventId));
    rows.push(await itemUpdate(context, token, eventId));
    rows.push(
      await context.measureEndpoint('GET /api/events/{id}/team', SAMPLES, () => context.api('GET', `/api/events/${eventId}/team`, { token })),
    );
    await context.api('POST', `/api/events/${eventId}/checklist`, { token, body: { template: 'wedding' } });
    rows.push(
      await context.measureEndpoint('GET /api/events/{id}/checklist (wedding template)', SAMPLES, () => context.api('GET', `/api/events/${eventId}/checklist`, { token })),
    );
    return rows;
  },
};

async function timelineRead(context: BenchContext, token: string, userId: string, eventId: string): Promise<BenchRow> {
  const { db, tableName } = context;
  const sessionId = String(decodeJwt(token).sid);
  return context.measureEndpoint(
    'GET /api/events/{id}/timeline (300 items)',
    SAMPLES,
    async () => {
      const response = await context.api('GET', `/api/events/${eventId}/timeline`, { token });
      if (response.body.meta.count !== ADDED_ITEMS + 10) throw new Error(`timeline has ${response.body.meta.count} items`);
    },
    async () => {
      await rawAccessRead({ db, tableName }, { sessionId, eventId, userId });
      await rawCollectionPart({ db, tableName }, eventId, { prefix: childKeys.prefix('timelineItem') });
    },
    'access read + TIMELINE# Query; critical path computed in memory',
  );
}

async function itemUpdate(context: BenchContext, token: string, eventId: string): Promise<BenchRow> {
  const timeline = await context.api('GET', `/api/events/${eventId}/timeline`, { token });
  const item = (timeline.body.data as { id: string; depends_on: string[] }[]).find((candidate) => candidate.depends_on.length === 0) as { id: string };
  return context.measureEndpoint('PUT /api/timeline/{id} (notes)', SAMPLES, async (index) => {
    const response = await context.api('PUT', `/api/timeline/${item.id}`, { token, body: { notes: `Note ${index}` } });
    if (response.status !== 200) throw new Error(`PUT timeline answered ${response.status}`);
  }, undefined, 'access read (with the item) + one TransactWriteItems');
}
