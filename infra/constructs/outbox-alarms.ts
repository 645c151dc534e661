import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { businessMetrics } from '../../shared/observability/metric-names.ts';
import type { AlarmTopic } from './alarm-topic.ts';
import type { ApiFunction } from './api-function.ts';

/**
 * Mail due more than 10 minutes ago and still not sent: invitations and notices are promised "within
 * minutes", and the sender runs every minute, so an entry that late means the sender is stuck (a lease
 * that never expires, an entry it keeps failing on) or cannot keep up (a SES quota, its concurrency cap).
 */
export const OUTBOX_OLDEST_PENDING_AGE_SECONDS = 10 * 60;

/** The oldest pending age the sender reports on each run (functions/outbox/handler.ts, through Powertools Metrics). */
export const outboxOldestPendingAge = (outbox: ApiFunction) =>
  new Metric({
    namespace: outbox.metricsNamespace,
    metricName: businessMetrics.outboxOldestAgeSeconds,
    dimensionsMap: { service: outbox.entry },
    period: Duration.minutes(5),
    statistic: 'Maximum',
    label: 'outbox: oldest pending entry, seconds late',
  });

export class OutboxAlarms extends Construct {
  constructor(scope: Construct, id: string, props: { outbox: ApiFunction; topic: AlarmTopic }) {
    super(scope, id);
    props.topic.watch(new Alarm(this, 'OldestPendingAge', {
      alarmDescription: `Outbox: an entry due more than ${OUTBOX_OLDEST_PENDING_AGE_SECONDS / 60} minutes ago is not sent yet, or no run reported for 5 minutes`,
      metric: outboxOldestPendingAge(props.outbox),
      threshold: OUTBOX_OLDEST_PENDING_AGE_SECONDS,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      // The sender reports every minute (0 when nothing is due): 5 minutes without a report is a sender
      // that does not run (throttled at its cap, crashing before the end, its schedule gone).
      treatMissingData: TreatMissingData.BREACHING,
    }));
  }
}
