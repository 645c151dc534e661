import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { AlarmTopic } from './alarm-topic.ts';
import type { AsyncTarget } from './async-target.ts';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';

export type QueueAlarmsProps = { targets: readonly AsyncTarget[]; streamFailures: IQueue; topic: AlarmTopic };

/**
 * One alarm per dead-letter queue, at its first message: each message is an event a function failed on
 * three times (or EventBridge could not deliver) and that nothing will retry until someone redrives it
 * (docs/runbooks/dlq-redrive.md). It clears when the queue is empty again.
 */
export class QueueAlarms extends Construct {
  constructor(scope: Construct, id: string, props: QueueAlarmsProps) {
    super(scope, id);
    for (const target of props.targets) {
      props.topic.watch(new Alarm(this, target.node.id, {
        alarmDescription: `Dead letters of ${target.name}: events it failed on wait for a redrive (npm run dlq:redrive -- ${target.name} --aws, docs/runbooks/dlq-redrive.md)`,
        metric: target.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }));
    }
    props.topic.watch(new Alarm(this, 'DomainEventStreamFailures', {
      alarmDescription: "Stream records the domain-event stream consumer gave up on: their entries wait for the outbox run, which publishes them after its grace. Look for why the bus refused them (docs/domain-events.md); there is nothing to redrive.",
      metric: props.streamFailures.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }));
  }
}
