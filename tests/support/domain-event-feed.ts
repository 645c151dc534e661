import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { db } from '../../shared/data/client.ts';
import { queryAllPages } from '../../shared/data/collection.ts';
import { outboxKeys } from '../../shared/data/keys.ts';
import type { IndexName } from '../../shared/data/table.ts';
import { pendingDomainEvents, publishCommitted } from '../../shared/events/publish.ts';

/**
 * What the table's stream consumer (functions/domain-event-stream) does in the stack, for a test file's
 * table. Those tables have no stream: DynamoDB Local's streams make every write dearer, more so the more
 * tables have one (docs/domain-events.md, "Tests"). So the audit entries still pending in the outbox are
 * found where the outbox run finds them (GSI2, by shard, whatever their due time) and published with
 * the consumer's own `publishCommitted`. The stream itself, read by the local runtime's feed, is tested
 * in tests/integration/table-stream.test.ts. Answers how many entries were published.
 *
 * Which shards: the outbox has 33 pending partitions (shards and the unsharded key), and a test waits on
 * `testEventBus.idle()` after most of its writes, which read every one of them at least twice. A middleware
 * on the functions' document client notes the pending partitions every write names (any write whose input
 * holds `OUTBOX#PENDING...`: an audit entry put, a retry that files one again); only those are read, and a
 * partition is dropped once a read of it found nothing pending that no write named it since the read
 * began. A client not watched from its creation (the first look of a file, a client made again after
 * `forgetConfigAndClients()`) is watched from then on and every partition is read that once.
 */
type Watch = { dirty: Map<string, number>; next: number };
const watches = new WeakMap<DynamoDBDocumentClient, Watch>();
const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'DescribeTable', 'ListTables']);
const pendingPartition = new RegExp(`${outboxKeys.pendingPrefix}(?:#\\d+)?`, 'g');

function watch(client: DynamoDBDocumentClient): Watch {
  const watching: Watch = { dirty: new Map(), next: 0 };
  watches.set(client, watching);
  const mark = (input: unknown) => {
    let text: string;
    try {
      text = JSON.stringify(input);
    } catch {
      // Unreadable input (a BigInt): every partition may hold something now.
      for (const partition of outboxKeys.partitionsToRead()) watching.dirty.set(partition, (watching.next += 1));
      return;
    }
    for (const partition of new Set(text.match(pendingPartition) ?? [])) watching.dirty.set(partition, (watching.next += 1));
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (READS.has(String(context.commandName ?? '').replace(/Command$/, ''))) return next(args);
      // Marked before the write and again once it is done: a read that began meanwhile cannot drop it.
      mark(args.input);
      try {
        return await next(args);
      } finally {
        mark(args.input);
      }
    },
    { step: 'initialize', name: 'testPendingOutboxWatch' },
  );
  return watching;
}

/** Starts watching the functions' client from its creation (tests/support/environment.ts, once a file's client is new). */
export function watchPendingOutbox(): void {
  const client = db();
  if (!watches.has(client)) watch(client);
}

export async function publishPendingDomainEvents(): Promise<number> {
  const client = db();
  const known = watches.get(client);
  const watching = known ?? watch(client);
  const partitions = known ? [...watching.dirty.keys()] : outboxKeys.partitionsToRead();
  const pages = await Promise.all(partitions.map(async (partition) => {
    const asOf = watching.dirty.get(partition);
    const items = await queryAllPages({
      IndexName: 'gsi2' satisfies IndexName,
      KeyConditionExpression: 'gsi2pk = :pending',
      FilterExpression: '#type = :audit',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':pending': partition, ':audit': 'audit' },
    });
    if (items.length > 0) watching.dirty.set(partition, watching.dirty.get(partition) ?? (watching.next += 1));
    else if (watching.dirty.get(partition) === asOf) watching.dirty.delete(partition);
    return items;
  }));
  const entries = pages.flat().flatMap((item) => pendingDomainEvents(item) ?? []);
  const left = await publishCommitted(entries);
  return entries.length - left.length;
}
