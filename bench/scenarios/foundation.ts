import { BatchGetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { decodeJwt } from 'jose';
import { eventKeys, sessionKeys, userKeys } from '../../shared/data/keys.ts';
import { rawAccessRead, rawEventsList } from '../raw-calls.ts';
import type { BenchContext, BenchRow, BenchScenario } from '../scenario.ts';

/**
 * Issue 2's endpoints: auth and events. Each raw comparison makes the same DynamoDB call(s) the endpoint
 * needs, directly with the document client, so the difference is the cost of Lambda code + HTTP.
 */
const SAMPLES = 50;
const EVENTS_PER_USER = 40;
/** A 1-call read's p50 at most this multiple of the same call made directly (issue 15, goal 6). */
const HANDLER_OVERHEAD_BUDGET = 1.3;

export const foundationScenario: BenchScenario = {
  name: 'foundation',
  run: async (context) => [...(await authRows(context)), ...(await eventRows(context))],
};

const sessionOf = (token: string): string => String(decodeJwt(token).sid);

async function authRows(context: BenchContext): Promise<BenchRow[]> {
  const { api, db, tableName, measureEndpoint } = context;
  const registered: { username: string; refresh: string; token: string }[] = [];
  const password = 'correct horse battery staple';
  const rows: BenchRow[] = [];
  rows.push(
    await measureEndpoint(
      'POST /api/auth/register',
      5,
      async (index) => {
        const username = `bench_reg_${process.pid}_${index}`;
        const response = await api('POST', '/api/auth/register', {
          body: { username, email: `${username}@example.com`, password, full_name: 'Bench' },
        });
        registered.push({ username, refresh: response.body.data.refresh_token, token: response.body.data.access_token });
      },
      undefined,
      'scrypt N=2^17 (~0.8 s CPU) dominates',
    ),
  );
  const first = registered[0] as { username: string; refresh: string; token: string };
  rows.push(
    await measureEndpoint(
      'POST /api/auth/login',
      5,
      () => api('POST', '/api/auth/login', { body: { username: first.username, password } }),
      undefined,
      'scrypt N=2^17 dominates',
    ),
  );
  let refresh = first.refresh;
  rows.push(
    await measureEndpoint('POST /api/auth/refresh', SAMPLES, async () => {
      const response = await api('POST', '/api/auth/refresh', { body: { refresh_token: refresh } });
      refresh = response.body.data.refresh_token;
    }),
  );
  const { token, userId } = await context.signUp();
  rows.push(
    await measureEndpoint(
      'GET /api/auth/user',
      SAMPLES,
      () => api('GET', '/api/auth/user', { token }),
      () =>
        db.send(
          new BatchGetCommand({
            RequestItems: { [tableName]: { Keys: [sessionKeys.item(sessionOf(token)), userKeys.item(userId)], ConsistentRead: true } },
          }),
        ),
    ),
  );
  rows.push(
    await measureEndpoint(
      'POST /api/auth/logout',
      registered.length,
      (index) => api('POST', '/api/auth/logout', { token: (registered[index] as { token: string }).token }),
    ),
  );
  return rows;
}

async function eventRows(context: BenchContext): Promise<BenchRow[]> {
  const { api, db, tableName, measureEndpoint } = context;
  const { token, userId } = await context.signUp();
  const eventIds: string[] = [];
  const eventBody = (index: number) => ({
    name: `Bench event ${index}`,
    event_date: '2027-06-20T18:00:00Z',
    event_type: 'wedding',
    location: 'Town hall',
    capacity: 150,
    budget_total: 25000,
  });
  const rows: BenchRow[] = [];
  rows.push(
    await measureEndpoint('POST /api/events', EVENTS_PER_USER, async (index) => {
      const response = await api('POST', '/api/events', { token, body: eventBody(index) });
      eventIds.push(response.body.data.id);
    }, await rawCopyOfCollection(context, token)),
  );
  const eventId = eventIds[0] as string;
  const sid = sessionOf(token);
  rows.push(
    await measureEndpoint(
      'GET /api/events/{id}',
      SAMPLES,
      () => api('GET', `/api/events/${eventId}`, { token }),
      () => rawAccessRead({ db, tableName }, { sessionId: sid, eventId, userId }),
      'must be 1 DynamoDB call',
      // Issue 15, goal 6: the handler's overhead over the one call a read needs.
      HANDLER_OVERHEAD_BUDGET,
    ),
  );
  rows.push(
    await measureEndpoint(
      `GET /api/events (${EVENTS_PER_USER} events)`,
      SAMPLES,
      () => api('GET', '/api/events?limit=20&sort=event_date', { token }),
      () => rawEventsList({ db, tableName }, sid, userId),
    ),
  );
  let version = 1;
  rows.push(
    await measureEndpoint('PUT /api/events/{id}', SAMPLES, async (index) => {
      const response = await api('PUT', `/api/events/${eventId}`, {
        token,
        headers: { 'if-match': String(version) },
        body: { description: `Edit ${index}` },
      });
      version = response.body.data.version;
    }),
  );
  rows.push(
    await measureEndpoint(
      'GET /api/events/{id}/activity',
      SAMPLES,
      () => api('GET', `/api/events/${eventId}/activity?limit=20`, { token }),
      () =>
        db.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId), ':prefix': eventKeys.auditPrefix },
            ScanIndexForward: false,
            Limit: 20,
          }),
        ),
    ),
  );
  const toDelete = eventIds.slice(1, 11);
  rows.push(
    await measureEndpoint(
      'DELETE /api/events/{id}',
      toDelete.length,
      (index) => api('DELETE', `/api/events/${toDelete[index]}`, { token }),
      undefined,
      'paged delete of the whole item collection',
    ),
  );
  return rows;
}

/** The same item under keys (table and index) no access pattern reads, so index writes cost the same. */
function throwawayCopy(item: Record<string, unknown>, index: number): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...item, pk: `BENCHRAW#${index}` };
  for (const name of ['gsi1pk', 'gsi2pk'] as const) if (typeof item[name] === 'string') copy[name] = `BENCHRAW#${item[name]}`;
  return copy;
}

/**
 * The raw equivalent of creating an event: one TransactWriteItems of as many items as a real creation
 * writes (measured by creating one and reading its collection), under throwaway keys.
 */
async function rawCopyOfCollection(context: BenchContext, token: string): Promise<(index: number) => Promise<unknown>> {
  const { api, db, tableName } = context;
  const probe = await api('POST', '/api/events', {
    token,
    body: { name: 'Probe', event_date: '2027-06-20T18:00:00Z', event_type: 'wedding' },
  });
  const collection = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': eventKeys.partition(probe.body.data.id) },
    }),
  );
  // Plus the user's events_created counter, updated in the same transaction.
  const items = collection.Items ?? [];
  return (index) =>
    db.send(
      new TransactWriteCommand({
        TransactItems: [
          ...items.map((item) => ({ Put: { TableName: tableName, Item: throwawayCopy(item, index) } })),
          { Put: { TableName: tableName, Item: { pk: `BENCHRAW#${index}`, sk: 'USERCOUNTER', n: 1 } } },
        ],
      }),
    );
}

