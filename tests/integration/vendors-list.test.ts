import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { db, tableName } from '../../shared/data/client.ts';
import { childKeys } from '../../shared/data/keys.ts';
import { filterIndexMigration } from '../../shared/data/migrations/0003-filter-index.ts';
import { runMigrations } from '../../shared/data/migrations/runner.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { budgetEvent, call } from './budget-fixtures.ts';

/** GET /api/events/{id}/vendors a page at a time (issue 15): one Query of the collection or of a filter's index partition. */
let ada: SignedInUser;

beforeAll(async () => {
  ada = await signedInUser();
});

async function eventWithVendors(vendors: { name: string; service_type: string; status?: string }[]) {
  const event = await budgetEvent(ada);
  const ids: string[] = [];
  for (const body of vendors) {
    const created = await call(ada, 'POST', `/api/events/${event.id}/vendors`, { body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    ids.push(created.body.data.id);
  }
  const list = (query: Record<string, string>) => call(ada, 'GET', `/api/events/${event.id}/vendors`, { query });
  return { eventId: event.id as string, ids, list };
}

const idsOf = (response: { body: { data: { id: string }[] } }) => response.body.data.map((vendor) => vendor.id);

describe('the vendors list', () => {
  it('pages in id order, and pages each filter from its own partition, the service type in any case', async () => {
    const { ids, list } = await eventWithVendors([
      { name: 'A', service_type: 'Florist', status: 'booked' }, { name: 'B', service_type: 'Caterer', status: 'booked' },
      { name: 'C', service_type: 'florist', status: 'quoted' }, { name: 'D', service_type: 'Florist', status: 'booked' },
      { name: 'E', service_type: 'Band' },
    ]);
    const [a, b, c, d, e] = ids;

    const first = await list({ limit: '2' });
    const rest = [await list({ limit: '2', cursor: first.body.meta.next_cursor }), null];
    rest[1] = await list({ limit: '2', cursor: rest[0]?.body.meta.next_cursor });
    const booked = await list({ status: 'booked', limit: '2' });
    const bookedRest = await list({ status: 'booked', limit: '2', cursor: booked.body.meta.next_cursor });
    const florists = await list({ service_type: 'FLORIST', limit: '20' });
    const bookedFlorists = await list({ status: 'booked', service_type: 'florist', limit: '20' });

    expect([...idsOf(first), ...idsOf(rest[0] as never), ...idsOf(rest[1] as never)]).toEqual([a, b, c, d, e]);
    expect(rest[1]?.body.meta).toMatchObject({ count: 1, next_cursor: null });
    expect(first.body.meta).not.toHaveProperty('total');
    expect([...idsOf(booked), ...idsOf(bookedRest)]).toEqual([a, b, d]);
    expect(bookedRest.body.meta.next_cursor).toBeNull();
    expect(idsOf(florists)).toEqual([a, c, d]);
    expect(idsOf(bookedFlorists)).toEqual([a, d]);
  });

  it('moves a vendor between partitions when its status changes, and refuses a cursor of another list', async () => {
    const { ids, list } = await eventWithVendors([{ name: 'A', service_type: 'Florist' }, { name: 'B', service_type: 'Florist' }]);
    await call(ada, 'PUT', `/api/vendors/${ids[0]}`, { body: { status: 'booked' } });
    const allCursor = (await list({ limit: '1' })).body.meta.next_cursor as string;

    const contacted = await list({ status: 'contacted' });
    const booked = await list({ status: 'booked' });
    const crossed = await list({ status: 'booked', cursor: allCursor });

    expect(idsOf(contacted)).toEqual([ids[1]]);
    expect(idsOf(booked)).toEqual([ids[0]]);
    expect(crossed.status).toBe(400);
    expect(crossed.body.code).toBe('invalid_cursor');
  });

  it('finds vendors written before the partitions once their migration has run, and a second run changes nothing', async () => {
    const { eventId, ids, list } = await eventWithVendors([{ name: 'Old', service_type: 'Florist', status: 'booked' }]);
    const [id] = ids as [string];
    await db().send(new UpdateCommand({ TableName: tableName(), Key: childKeys.item('vendor', eventId, id), UpdateExpression: 'REMOVE gsi2pk, gsi2sk, gsi3pk, gsi3sk' }));

    const before = await list({ status: 'booked' });
    const first = (await runMigrations({ owner: 'vendors-list', restart: true, migrations: [filterIndexMigration] })).migrations[0];
    const after = await list({ status: 'booked' });
    const second = (await runMigrations({ owner: 'vendors-list', restart: true, migrations: [filterIndexMigration] })).migrations[0];

    expect(idsOf(before)).toEqual([]);
    expect(first?.rewritten).toBeGreaterThanOrEqual(1);
    expect(idsOf(after)).toEqual([id]);
    expect(second?.rewritten).toBe(0);
  });
});
