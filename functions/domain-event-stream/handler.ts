import type { Context, DynamoDBBatchResponse } from 'aws-lambda';
import { config } from '#shared/config.ts';
import { publishStreamBatch, type TableStreamRecord } from '#shared/events/stream-records.ts';
import { createLogger } from '#shared/logger.ts';
import { tracedHandler } from '#shared/observability/tracer.ts';

/**
 * The table's stream consumer: every new audit entry pending in the outbox (the event source mapping's
 * filter, shared/events/stream-records.ts) has its domain events put on the bus and leaves the outbox, so a
 * request makes only its own transaction. A record whose events the bus refused is reported as a batch item
 * failure: Lambda retries the batch from it (records already published go again; consumers deduplicate on
 * the event id); past the mapping's retries it is dead-lettered, and its entry, still pending, is published
 * by the outbox run (docs/domain-events.md).
 */
export type TableStreamEvent = { Records: TableStreamRecord[] };

async function handle(event: TableStreamEvent, context: Context): Promise<DynamoDBBatchResponse> {
  const { entries, batchItemFailures } = await publishStreamBatch(event.Records);
  createLogger({ component: 'domain-event-stream', requestId: context.awsRequestId }, config().LOG_LEVEL)
    .info('domain events published', { records: event.Records.length, entries, left: batchItemFailures.length });
  return { batchItemFailures };
}

export const handler = tracedHandler(handle);
