import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, localCredentials } from '../../infra/local/emulators.ts';
import { db, tableName } from '../../shared/data/client.ts';
import { guestIndexMigration } from '../../shared/data/migrations/0001-guest-index.ts';
import { runMigrations } from '../../shared/data/migrations/runner.ts';
import { guestKey } from '../../shared/data/guests/reads.ts';
import { createTableInput } from '../../shared/data/table.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { createEvent, getItem } from './events-fixtures.ts';
import { addGuests, guestsApi } from './guests-fixtures.ts';

let ada: SignedInUser;

beforeAll(async () => {
  ada = await signedInUser();
});

/** A guest as the guests routes wrote it before the list's indexes: no GSI2/GSI3 keys, a search text. */
async function makeLegacy(eventId: string, guestId: string): Promise<void> {
  await db().send(new UpdateCommand({
    TableName: tableName(),
    Key: guestKey({ event_id: eventId, id: guestId }),
    UpdateExpression: 'SET search_text = :text REMOVE gsi2pk, gsi2sk, gsi3pk, gsi3sk',
    ExpressionAttributeValues: { ':text': 'old text' },
  }));
}

describe('migration 0001 (the guest list index keys)', () => {
  it('gives guests written before the indexes their keys at the version read, so the name and answer lists find them, and a rerun changes nothing', { timeout: 60_000 }, async () => {
    const event = await createEvent(ada);
    const [mary] = await addGuests(ada, event.id, [{ name: 'Mary Somerville' }]);
    await makeLegacy(event.id, mary.id);
    const named = async () => (await guestsApi(ada, 'GET', `/api/events/${event.id}/guests`, { query: { rsvp_status: 'pending', q: 'mary' } })).body.data.length;
    const before = await named();

    const migrate = async () => (await runMigrations({ owner: 'guest-index', restart: true, migrations: [guestIndexMigration] })).migrations[0];
    const first = await migrate();
    const stored = await getItem(guestKey({ event_id: event.id, id: mary.id }));
    await migrate();

    expect(before).toBe(0);
    expect(first?.rewritten).toBeGreaterThanOrEqual(1);
    expect(await named()).toBe(1);
    expect(stored).not.toHaveProperty('search_text');
    expect(await getItem(guestKey({ event_id: event.id, id: mary.id }))).toEqual(stored);
  });
});

describe('ensureTable on a table kept from before an index was added (npm start with .data/)', () => {
  it('adds the missing index, as a deployment does in AWS', async () => {
    const endpoint = String(process.env.DYNAMODB_ENDPOINT);
    const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: localCredentials });
    const name = `legacy-${randomUUID()}`;
    const input = createTableInput(name);
    await client.send(new CreateTableCommand({
      ...input,
      AttributeDefinitions: input.AttributeDefinitions.filter((definition) => !definition.AttributeName.startsWith('gsi3')),
      GlobalSecondaryIndexes: input.GlobalSecondaryIndexes.filter((index) => index.IndexName !== 'gsi3'),
    }));

    await ensureTable(endpoint, name);

    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    expect((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName).sort()).toEqual(['gsi1', 'gsi2', 'gsi3']);
    await client.send(new DeleteTableCommand({ TableName: name }));
    client.destroy();
  });
});
