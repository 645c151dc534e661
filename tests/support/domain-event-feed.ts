import { queryAllPages } from '../../shared/data/collection.ts';
import { outboxKeys } from '../../shared/data/keys.ts';
import type { IndexName } from '../../shared/data/table.ts';
import { pendingDomainEvents, publishCommitted } from '../../shared/events/publish.ts';

/**
 * What the table's stream consumer (functions/domain-event-stream) does in the stack, for a test file's
 * table. Those tables have no stream: DynamoDB Local's streams make every write dearer, more so the more
 * tables have one (docs/domain-events.md, "Tests"). So the audit entries still pending in the outbox are
 * found where the outbox run finds them (GSI2, every shard, whatever their due time) and published with
 * the consumer's own `publishCommitted`. The stream itself, read by the local runtime's feed, is tested
 * in tests/integration/table-stream.test.ts. Answers how many entries were published.
 */
export async function publishPendingDomainEvents(): Promise<number> {
  const pages = await Promise.all(outboxKeys.partitionsToRead().map((partition) => queryAllPages({
    IndexName: 'gsi2' satisfies IndexName,
    KeyConditionExpression: 'gsi2pk = :pending',
    FilterExpression: '#type = :audit',
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: { ':pending': partition, ':audit': 'audit' },
  })));
  const entries = pages.flat().flatMap((item) => pendingDomainEvents(item) ?? []);
  const left = await publishCommitted(entries);
  return entries.length - left.length;
}
