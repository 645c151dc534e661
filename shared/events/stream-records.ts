import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { outboxKeys } from '../data/keys.ts';
import { type PendingDomainEvents, pendingDomainEvents, publishCommitted } from './publish.ts';

/**
 * What the domain-event stream consumer is handed: the table's stream records of new audit entries that
 * are pending in the outbox. The stack's event source mapping filters with `pendingAuditFilter` (so Lambda
 * is not invoked for the rest of the table's writes) and the local feed with `isPendingAuditRecord`: one
 * rule, written twice only because Lambda's filter language is JSON.
 */
export type TableStreamRecord = {
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, AttributeValue>; SequenceNumber?: string };
};

const AUDIT_TYPE = 'audit';

/** Lambda's event filter (FilterCriteria pattern) for the same records. */
export const pendingAuditFilter = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { type: { S: [AUDIT_TYPE] }, gsi2pk: { S: [{ prefix: outboxKeys.pendingPrefix }] } } },
};

export function isPendingAuditRecord(record: TableStreamRecord): boolean {
  const image = record.dynamodb?.NewImage;
  return record.eventName === 'INSERT' && image?.type?.S === AUDIT_TYPE && (image.gsi2pk?.S ?? '').startsWith(outboxKeys.pendingPrefix);
}

/** The domain events a record's new image carries, or null (a record the filter should not have let through). */
function recordEntry(record: TableStreamRecord): PendingDomainEvents | null {
  const image = record.dynamodb?.NewImage;
  return image && isPendingAuditRecord(record) ? pendingDomainEvents(unmarshall(image)) : null;
}

/**
 * A batch of stream records: the events of every pending audit entry among them go out together (PutEvents
 * takes 10 entries a call, rather than a call per record); answers the records to retry, as Lambda's
 * batch item failures (their sequence numbers). A bus that fails altogether throws: the whole batch again.
 */
export async function publishStreamBatch(records: TableStreamRecord[]): Promise<{ entries: number; batchItemFailures: { itemIdentifier: string }[] }> {
  const entries = records.flatMap((record) => {
    const entry = recordEntry(record);
    return entry ? [{ entry, sequenceNumber: record.dynamodb?.SequenceNumber ?? '' }] : [];
  });
  const left = new Set(await publishCommitted(entries.map(({ entry }) => entry)));
  return {
    entries: entries.length,
    batchItemFailures: entries.filter(({ entry }) => left.has(entry)).map(({ sequenceNumber }) => ({ itemIdentifier: sequenceNumber })),
  };
}
