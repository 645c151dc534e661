import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { ensureTable, localCredentials } from '../../infra/local/emulators.ts';
import { forgetConfigAndClients } from '../../infra/local/function-clients.ts';
import { type RunningTableStream, startTableStreamFeed } from '../../infra/local/table-stream.ts';
import { eventKeys, outboxKeys } from '../../shared/data/keys.ts';
import { createLogger } from '../../shared/logger.ts';
import { testEventBus } from '../support/event-bus.ts';
import { signedInUser } from '../support/signed-in-user.ts';
import { addMember, collection, createEvent, getItem } from './events-fixtures.ts';
import { runSender } from './invitations-fixtures.ts';
import { notificationsOf } from './notifications-fixtures.ts';
import { expectStatus } from './timeline-fixtures.ts';

/**
 * The publishing path the stack and `npm start` take (docs/domain-events.md): a request commits its one
 * transaction; DynamoDB Local's stream of a table created as `npm start` creates it (ensureTable with its
 * stream) is read by the local feed (infra/local/table-stream.ts), which hands the new audit entries to
 * the domain-event-stream function; its events reach the notify consumer through the local bus. The feed
 * is drained by the test (no timer), and the bus is waited on for its deliveries only, so nothing but the
 * stream publishes here (testEventBus.idle() would publish from the outbox index, as other files do).
 */
const endpoint = inject('dynamoDbEndpoint');
const streamTable = `stream-${crypto.randomUUID()}`;
let feed: RunningTableStream;

beforeAll(async () => {
  await ensureTable(endpoint, streamTable, { stream: true });
  process.env.TABLE_NAME = streamTable;
  forgetConfigAndClients();
  // Polled only when the test drains it.
  feed = await startTableStreamFeed({ dynamoDbEndpoint: endpoint, tableName: streamTable, everyMs: 3_600_000, log: createLogger({}, 'silent') });
});

afterAll(async () => {
  await feed.stop();
  // DynamoDB Local's streams make writes dearer for every table while any stream table exists.
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: localCredentials });
  await client.send(new DeleteTableCommand({ TableName: streamTable }));
  client.destroy();
});

async function team() {
  const organizer = await signedInUser();
  const viewer = await signedInUser();
  const event = await createEvent(organizer);
  await addMember(event.id, viewer.userId, 'viewer');
  await feed.drain();
  await testEventBus.deliveriesIdle();
  return { organizer, viewer, eventId: event.id as string };
}

const auditEntry = async (eventId: string, action: string) =>
  (await collection(eventId)).find((item) => String(item.sk).startsWith(eventKeys.auditPrefix) && item.action === action);

describe("the table's stream", () => {
  it('publishes what a request committed, after the request, and takes the entry out of the outbox', async () => {
    const { organizer, viewer, eventId } = await team();

    await expectStatus(200, organizer, 'PUT', `/api/events/${eventId}`, { body: { location_name: 'Syon Park' } });
    const committed = await auditEntry(eventId, 'event.updated');
    // The request made its one transaction and published nothing.
    expect(committed).toMatchObject({ gsi2pk: outboxKeys.partition(String(committed?.id)) });
    await testEventBus.deliveriesIdle();
    expect(await notificationsOf(viewer)).toEqual([]);

    await feed.drain();
    await testEventBus.deliveriesIdle();

    expect(await notificationsOf(viewer)).toEqual([expect.objectContaining({ kind: 'event.changed', message: 'The event changed: location name.' })]);
    expect(await getItem({ pk: String(committed?.pk), sk: String(committed?.sk) })).not.toHaveProperty('gsi2pk');
  });

  it('tries a batch the bus refused again, and after the retries leaves it pending for the outbox run', async () => {
    const { organizer, viewer, eventId } = await team();

    // The first delivery and both retries are refused.
    testEventBus.failNext(3);
    await expectStatus(200, organizer, 'PUT', `/api/events/${eventId}`, { body: { location_name: 'Hampton Court' } });
    await feed.drain();
    await testEventBus.deliveriesIdle();
    const pending = await auditEntry(eventId, 'event.updated');
    expect(pending).toMatchObject({ gsi2pk: outboxKeys.partition(String(pending?.id)) });
    expect(await notificationsOf(viewer)).toEqual([]);

    const run = await runSender(new Date(Date.now() + 60_000));
    await testEventBus.deliveriesIdle();

    expect(run.domain_events_published).toBe(1);
    expect(await getItem({ pk: String(pending?.pk), sk: String(pending?.sk) })).not.toHaveProperty('gsi2pk');
    expect(await notificationsOf(viewer)).toEqual([expect.objectContaining({ kind: 'event.changed', message: 'The event changed: location name.' })]);
  });

  it('publishes a refused batch on its retry, without the outbox run', async () => {
    const { organizer, viewer, eventId } = await team();

    testEventBus.failNext(1);
    await expectStatus(200, organizer, 'PUT', `/api/events/${eventId}`, { body: { location_name: 'Osterley Park' } });
    await feed.drain();
    await testEventBus.deliveriesIdle();

    expect((await auditEntry(eventId, 'event.updated'))?.gsi2pk).toBeUndefined();
    expect(await notificationsOf(viewer)).toEqual([expect.objectContaining({ kind: 'event.changed' })]);
  });
});
