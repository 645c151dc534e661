import { Duration, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { pendingAuditFilter } from '../../shared/events/stream-records.ts';
import type { ApiFunction } from './api-function.ts';

/** The folder of the table stream's consumer under functions/. */
export const domainEventStreamEntry = 'domain-event-stream';

/** A record the function keeps failing on is retried this often (bisecting the batch) before it is given up. */
const RETRY_ATTEMPTS = 5;
/** Up to this many records per invocation: a burst of answers is published 10 PutEvents entries at a time. */
const BATCH_SIZE = 100;
/** Batches of one shard in flight at once (ordering per item key still holds): a big event's burst drains faster. */
const PARALLELIZATION = 4;

/**
 * The table's stream (NEW_IMAGE) into the domain-event-stream function, on its `live` alias: Lambda polls
 * each shard, keeps only new audit entries pending in the outbox (the filter, shared/events/stream-records.ts,
 * so every other write of the table invokes nothing), and retries a failed record from where it failed
 * (ReportBatchItemFailures, bisecting). Past the retries, or past a day in the stream, the record's
 * coordinates go to the failure queue, whose first message alarms; its entry is still pending, and the
 * outbox run publishes it (docs/domain-events.md), so nothing is lost and nothing needs a redrive.
 */
export class DomainEventStream extends Construct {
  readonly failures: Queue;

  constructor(scope: Construct, id: string, props: { table: ITable; consumer: ApiFunction }) {
    super(scope, id);
    this.failures = new Queue(this, 'Failures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.failures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: "It is itself a dead-letter queue: the on-failure destination of the table stream's event source mapping. Nothing consumes it; its depth alarms, and the outbox run publishes the entries it names.",
    });
    props.consumer.alias.addEventSource(new DynamoEventSource(props.table, {
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: BATCH_SIZE,
      parallelizationFactor: PARALLELIZATION,
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      retryAttempts: RETRY_ATTEMPTS,
      maxRecordAge: Duration.days(1),
      onFailure: new SqsDlq(this.failures),
      filters: [FilterCriteria.filter(pendingAuditFilter)],
    }));
  }
}
