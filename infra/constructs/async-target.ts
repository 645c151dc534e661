import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ASYNC_INVOKE_RETRIES, type AsyncTarget as AsyncTargetName, deadLetterQueueName } from '../async-targets.ts';
import type { ApiFunction } from './api-function.ts';

/** SQS's longest retention: two weeks for someone to notice the alarm and redrive. */
const DEAD_LETTER_RETENTION_DAYS = 14;

export type AsyncTargetProps = {
  name: AsyncTargetName;
  consumer: ApiFunction;
  /**
   * How long an event may wait for a (re)try, in Lambda's queue and in EventBridge's: past it the event
   * goes to the dead-letter queue. Lambda allows 1 minute to 6 hours.
   */
  maxEventAge: Duration;
  /** EventBridge's retries of a delivery it could not make (throttled, not allowed), not of a thrown error. */
  deliveryRetries: number;
};

/**
 * A function that EventBridge invokes asynchronously, with nothing dropped. Two failures land in one
 * encrypted queue kept 14 days: a handler that throws is retried twice by Lambda, then its invocation
 * record (the event as `requestPayload`, the error as `responsePayload`) goes to the queue as the
 * on-failure destination; an event EventBridge could not hand to Lambda at all goes to the same queue as
 * the rule target's dead-letter queue. `npm run dlq:redrive -- <name>` replays either kind into the
 * function (docs/runbooks/dlq-redrive.md); the queue's depth alarms (infra/constructs/queue-alarms.ts).
 */
export class AsyncTarget extends Construct {
  readonly name: AsyncTargetName;
  readonly deadLetters: Queue;
  /** The EventBridge rule target to put on the rule or schedule. */
  readonly ruleTarget: LambdaFunction;

  constructor(scope: Construct, id: string, props: AsyncTargetProps) {
    super(scope, id);
    this.name = props.name;
    this.deadLetters = new Queue(this, 'DeadLetters', {
      queueName: deadLetterQueueName(Stack.of(this).stackName, props.name),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(DEAD_LETTER_RETENTION_DAYS),
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: "It is itself a dead-letter queue: the on-failure destination of the function's asynchronous invocations and the dead-letter queue of its EventBridge target. Nothing consumes it automatically; its depth alarms and an operator redrives it.",
    });
    // On the `live` alias that the rule invokes: a configuration of the unqualified function would not apply to it.
    props.consumer.alias.configureAsyncInvoke({
      retryAttempts: ASYNC_INVOKE_RETRIES,
      maxEventAge: props.maxEventAge,
      onFailure: new SqsDestination(this.deadLetters),
    });
    this.ruleTarget = new LambdaFunction(props.consumer.alias, {
      retryAttempts: props.deliveryRetries,
      maxEventAge: props.maxEventAge,
      deadLetterQueue: this.deadLetters,
    });
  }
}
