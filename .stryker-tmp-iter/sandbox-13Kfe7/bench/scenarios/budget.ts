// @ts-nocheck
import { decodeJwt } from 'jose';
import { budgetAlertKeys } from '../../shared/data/keys.ts';
import { rawAccessRead, rawCollectionPart } from '../raw-calls.ts';
import type { BenchContext, BenchRow, BenchScenario } from '../scenario.ts';

/**
 * Issue 5: the budget summary of an event with 500 items (the benchmark), the event summary
 * that shows the same totals in one read, and the writes that keep those totals exact. Each raw
 * comparison makes the same DynamoDB call(s) directly.
 */
const ITEMS = 500;
const SAMPLES = 30;
const categories = ['venue', 'catering', 'entertainment', 'decor', 'attire', 'photography', 'transport', 'stationery', 'gifts', 'miscellaneous'];

export const budgetScenario: BenchScenario = { name: 'budget', run: budgetRows };

async function budgetRows(context: BenchContext): Promise<BenchRow[]> {
  const { api, db, tableName, measureEndpoint } = context;
  const { token, userId } = await context.signUp();
  const sid = String(decodeJwt(token).sid);
  const event = await api('POST', '/api/events', {
    token,
    body: { name: 'Budget bench', event_date: '2027-06-20T18:00:00Z', event_type: 'wedding', budget_total: 250000, currency: 'USD' },
  });
  const eventId = String(event.body.data.id);
  await api('PUT', `/api/events/${eventId}/budget`, { token, body: { exchange_rates: { EUR: 1.0857 }, allocations: { venue: 50000, catering: 60000 } } });
  const access = { sessionId: sid, eventId, userId };
  const rows: BenchRow[] = [];
  const itemIds: string[] = [];
  rows.push(
    await measureEndpoint(`POST /api/events/{id}/budget/items (to ${ITEMS})`, ITEMS, async (index) => {
      const response = await api('POST', `/api/events/${eventId}/budget/items`, {
        token,
        body: {
          category: categories[index % categories.length], description: `Item ${index}`, estimated_cost: 100 + (index % 37) * 12.5,
          ...(index % 3 === 0 ? { actual_cost: 110 + (index % 41) * 12.25 } : {}), ...(index % 10 === 0 ? { currency: 'EUR' } : {}),
          ...(index % 50 === 0 ? { per_guest: true, unit_cost: 45 } : {}), due_date: '2027-05-01',
        },
      });
      itemIds.push(String(response.body.data.id));
    }, undefined, 'one TransactWriteItems (item, event and category counters, marker, audit) + the alert check (one BatchGetItem)'),
  );
  rows.push(
    await measureEndpoint(
      `GET /api/events/{id}/budget (${ITEMS} items)`,
      SAMPLES,
      () => api('GET', `/api/events/${eventId}/budget`, { token }),
      async () => {
        await rawAccessRead({ db, tableName }, access);
        await rawCollectionPart({ db, tableName }, eventId, budgetAlertKeys.budgetRange);
      },
      'access BatchGetItem + one Query of the budget range (paged at 1 MB)',
    ),
  );
  rows.push(
    await measureEndpoint(
      `GET /api/events/{id} (budget totals of ${ITEMS} items)`,
      SAMPLES,
      () => api('GET', `/api/events/${eventId}`, { token }),
      () => rawAccessRead({ db, tableName }, access),
      'must stay 1 DynamoDB call',
    ),
  );
  let version = 1;
  const target = itemIds[1] as string;
  rows.push(
    await measureEndpoint('PUT /api/budget/items/{id}', SAMPLES, async (index) => {
      const response = await api('PUT', `/api/budget/items/${target}`, { token, headers: { 'if-match': String(version) }, body: { actual_cost: 100 + index } });
      version = Number(response.body.data.version);
    }),
  );
  rows.push(
    await measureEndpoint('POST /api/budget/items/{id}/payments', SAMPLES, (index) =>
      api('POST', `/api/budget/items/${itemIds[2 + index]}/payments`, { token, body: { amount: 10 } })),
  );
  return rows;
}
