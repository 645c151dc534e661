import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { db, tableName } from '../../shared/data/client.ts';
import { filterIndexMigration } from '../../shared/data/migrations/0003-filter-index.ts';
import { runMigrations } from '../../shared/data/migrations/runner.ts';
import { childKeys } from '../../shared/data/keys.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { createEvent } from './events-fixtures.ts';
import { call, expectStatus } from './timeline-fixtures.ts';

/** GET /api/events/{id}/documents a page at a time (issue 15): one Query of the collection or of a filter's index partition. */
let ada: SignedInUser;

beforeAll(async () => {
  ada = await signedInUser();
});

const upload = { content_type: 'application/pdf', size: 1000, file_name: 'file.pdf' };

async function eventWithDocuments() {
  const eventId = (await createEvent(ada)).id as string;
  const vendor = (await expectStatus(201, ada, 'POST', `/api/events/${eventId}/vendors`, { body: { name: 'Bloom', service_type: 'Florist' } })).data.id as string;
  const ids: string[] = [];
  for (const [category, vendorId] of [['menu', null], ['contract', vendor], ['menu', vendor], ['other', null]] as const) {
    ids.push((await expectStatus(201, ada, 'POST', `/api/events/${eventId}/documents`, { body: { name: `A ${category}`, category, vendor_id: vendorId, ...upload } })).data.id);
  }
  const list = (query: Record<string, string>) => call(ada, 'GET', `/api/events/${eventId}/documents`, { query });
  return { eventId, vendor, ids, list };
}

const idsOf = (response: { body: { data: { id: string }[] } }) => response.body.data.map((document) => document.id);

describe('the documents list', () => {
  it('pages in creation order, and pages each filter from its own partition', async () => {
    const { vendor, ids, list } = await eventWithDocuments();
    const [menu, contract, vendorMenu, other] = ids;

    const first = await list({ limit: '3' });
    const second = await list({ limit: '3', cursor: first.body.meta.next_cursor });
    const menus = await list({ category: 'menu' });
    const ofVendor = await list({ vendor_id: vendor });
    const vendorMenus = await list({ category: 'menu', vendor_id: vendor });
    const crossed = await list({ category: 'menu', cursor: first.body.meta.next_cursor });

    expect([...idsOf(first), ...idsOf(second)]).toEqual([menu, contract, vendorMenu, other]);
    expect(second.body.meta).toMatchObject({ count: 1, next_cursor: null });
    expect(first.body.meta).not.toHaveProperty('total');
    expect(idsOf(menus)).toEqual([menu, vendorMenu]);
    expect(idsOf(ofVendor)).toEqual([contract, vendorMenu]);
    expect(idsOf(vendorMenus)).toEqual([vendorMenu]);
    expect(crossed.status).toBe(400);
  });

  it('finds documents written before the partitions once their migration has run', async () => {
    const { eventId, ids, list } = await eventWithDocuments();
    const [menu] = ids as [string];
    await db().send(new UpdateCommand({ TableName: tableName(), Key: childKeys.item('document', eventId, menu), UpdateExpression: 'REMOVE gsi2pk, gsi2sk, gsi3pk, gsi3sk' }));

    const before = await list({ category: 'menu' });
    await runMigrations({ owner: 'documents-list', restart: true, migrations: [filterIndexMigration] });
    const after = await list({ category: 'menu' });
    const again = (await runMigrations({ owner: 'documents-list', restart: true, migrations: [filterIndexMigration] })).migrations[0];

    expect(idsOf(before)).toEqual([ids[2]]);
    expect(idsOf(after)).toEqual([menu, ids[2]]);
    expect(again?.rewritten).toBe(0);
  });
});
