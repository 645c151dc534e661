import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  TrimmedDataAccessException,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBBatchResponse } from 'aws-lambda';
import { isPendingAuditRecord, type TableStreamRecord } from '../../shared/events/stream-records.ts';
import type { Logger } from '../../shared/logger.ts';
import { localCredentials } from './emulators.ts';
import { loadHandler } from './function-entries.ts';
import { lambdaContext } from './lambda-context.ts';

/**
 * The table's stream, locally: DynamoDB Local keeps the stream the stack's table has (NEW_IMAGE), and this
 * feed reads it shard by shard, as Lambda's event source mapping does, keeps the records the mapping's
 * filter keeps (shared/events/stream-records.ts) and hands them to the domain-event-stream function in
 * order. A batch the function fails on, or whose records it reports as failures, is tried again from the
 * first failure (twice, like the mapping's retries), then left: its entries are still pending in the
 * outbox, and the outbox run publishes them. It starts at the stream's end (LATEST): what was committed
 * while nothing read the stream is the outbox run's, as it is after a mapping was disabled in AWS.
 */
const STREAM_ENTRY = 'domain-event-stream';
const BATCH_RETRIES = 2;
/** GetRecords' own maximum. */
const RECORDS_PER_CALL = 1000;

type StreamHandler = (event: { Records: TableStreamRecord[] }, context: Context) => Promise<DynamoDBBatchResponse>;

export type RunningTableStream = {
  /** Reads the stream to its current end and delivers what it holds; answers how many records it kept. */
  drain: () => Promise<number>;
  /**
   * Stops (true) or restarts (false) the feed's own polling; `drain` still delivers. The bench's load
   * phase holds it while it times requests: in AWS the stream's consumer and the bus consumers run in
   * other Lambdas, here in the server's own process.
   */
  hold: (held: boolean) => void;
  stop: () => Promise<void>;
};

export async function startTableStreamFeed(options: { dynamoDbEndpoint: string; tableName: string; everyMs: number; log: Logger }): Promise<RunningTableStream> {
  const connection = { endpoint: options.dynamoDbEndpoint, region: 'us-east-1', credentials: localCredentials };
  const table = new DynamoDBClient(connection);
  const streams = new DynamoDBStreamsClient(connection);
  const { Table } = await table.send(new DescribeTableCommand({ TableName: options.tableName }));
  table.destroy();
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${options.tableName} has no stream: ensureTable(..., { stream: true }) creates it`);

  /** Each open shard's next iterator; a shard seen closed and read to its end is forgotten. */
  const iterators = new Map<string, string>();
  const finished = new Set<string>();
  /** The sequence number of each shard's newest record read, to read on from after a lost iterator. */
  const lastSequence = new Map<string, string>();
  async function discoverShards(position: 'LATEST' | 'TRIM_HORIZON'): Promise<void> {
    let from: string | undefined;
    do {
      const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ...(from ? { ExclusiveStartShardId: from } : {}) }));
      for (const shard of StreamDescription?.Shards ?? []) {
        const id = shard.ShardId as string;
        if (iterators.has(id) || finished.has(id)) continue;
        // At the start only open shards matter (LATEST); a shard found later is a new child: all of it.
        if (position === 'LATEST' && shard.SequenceNumberRange?.EndingSequenceNumber) {
          finished.add(id);
          continue;
        }
        const { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: id, ShardIteratorType: position }));
        if (ShardIterator) iterators.set(id, ShardIterator);
      }
      from = StreamDescription?.LastEvaluatedShardId;
    } while (from);
  }
  await discoverShards('LATEST');

  /** Hands the records the mapping's filter keeps to the function; answers how many it kept. */
  async function deliver(records: StreamRecord[]): Promise<number> {
    const kept = records.filter((record) => isPendingAuditRecord(record as TableStreamRecord)) as TableStreamRecord[];
    let batch = kept;
    for (let attempt = 0; batch.length > 0; attempt += 1) {
      const handler = await loadHandler<StreamHandler>(STREAM_ENTRY);
      const answer = await handler({ Records: batch }, lambdaContext(`event-planning-local-${STREAM_ENTRY}`)).catch((error: Error) => {
        options.log.error('domain-event stream batch failed', { message: error.message, records: batch.length });
        return { batchItemFailures: [{ itemIdentifier: batch[0]?.dynamodb?.SequenceNumber ?? '' }] };
      });
      const failed = new Set(answer.batchItemFailures.map((failure) => failure.itemIdentifier));
      const firstFailed = batch.findIndex((record) => failed.has(record.dynamodb?.SequenceNumber ?? ''));
      if (firstFailed < 0) break;
      if (attempt >= BATCH_RETRIES) {
        options.log.error('domain events left for the outbox run', { records: batch.length - firstFailed });
        break;
      }
      batch = batch.slice(firstFailed);
    }
    return kept.length;
  }

  async function readShard(id: string): Promise<number> {
    let kept = 0;
    let repositioned = false;
    for (;;) {
      const iterator = iterators.get(id);
      if (!iterator) return kept;
      let page;
      try {
        page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: RECORDS_PER_CALL }));
      } catch (error) {
        const lost = error instanceof ExpiredIteratorException || error instanceof TrimmedDataAccessException;
        // Once per read: a new iterator that fails too is the next tick's to try.
        if (!lost || repositioned) throw error;
        repositioned = true;
        // Expired (idle for 15 minutes), or DynamoDB Local calling a LATEST iterator taken on an empty shard
        // "past the oldest record" once the shard has some: read on from the last record delivered, or from
        // the shard's start (a record delivered again is published again: consumers deduplicate on the event id).
        const last = lastSequence.get(id);
        const position = last ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER' as const, SequenceNumber: last } : { ShardIteratorType: 'TRIM_HORIZON' as const };
        const { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: id, ...position }));
        if (ShardIterator) iterators.set(id, ShardIterator);
        continue;
      }
      const records = page.Records ?? [];
      const newest = records.at(-1)?.dynamodb?.SequenceNumber;
      if (newest) lastSequence.set(id, newest);
      if (records.length > 0) kept += await deliver(records);
      if (page.NextShardIterator) iterators.set(id, page.NextShardIterator);
      else {
        iterators.delete(id);
        finished.add(id);
        await discoverShards('TRIM_HORIZON');
      }
      if (records.length === 0) return kept;
    }
  }

  let reading: Promise<number> = Promise.resolve(0);
  const drain = () => {
    reading = reading.catch(() => 0).then(async () => {
      let kept = 0;
      for (const id of [...iterators.keys()]) kept += await readShard(id);
      return kept;
    });
    return reading;
  };

  let stopped = false;
  let held = false;
  const tick = () => {
    (held ? Promise.resolve(0) : drain())
      // DynamoDB Local did not answer: the same records are read on the next tick.
      .catch((error: Error) => options.log.error('table stream feed failed', { message: error.message }))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.everyMs).unref();
      });
  };
  let timer = setTimeout(tick, options.everyMs).unref();
  return {
    drain,
    hold: (value) => {
      held = value;
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await reading.catch(() => undefined);
      streams.destroy();
    },
  };
}
