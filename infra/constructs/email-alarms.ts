import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { AlarmTopic } from './alarm-topic.ts';

/**
 * SES reviews an account at a 5% bounce rate and a 0.1% complaint rate (and may pause its sending at 10%
 * and 0.5%); these alarm well before, at 2% and 0.05%, while there is time to find the list or the
 * template that causes them. The rates are SES's own reputation metrics of the account, which SES
 * publishes without any set-up.
 */
export const emailRateThresholds = { bounce: 0.02, complaint: 0.0005 } as const;

/** One of SES's reputation rates of the account (0.02 is 2%), as the alarms and the dashboard read it. */
export const sesReputation = (metricName: 'Reputation.BounceRate' | 'Reputation.ComplaintRate') =>
  new Metric({ namespace: 'AWS/SES', metricName, period: Duration.hours(1), statistic: 'Maximum' });

const rateAlarms = [
  { id: 'BounceRate', kind: 'bounce', metricName: 'Reputation.BounceRate', reviewedAt: '5%' },
  { id: 'ComplaintRate', kind: 'complaint', metricName: 'Reputation.ComplaintRate', reviewedAt: '0.1%' },
] as const;

export class EmailAlarms extends Construct {
  constructor(scope: Construct, id: string, props: { topic: AlarmTopic }) {
    super(scope, id);
    for (const rate of rateAlarms) {
      props.topic.watch(new Alarm(this, rate.id, {
        alarmDescription: `SES ${rate.kind} rate at ${emailRateThresholds[rate.kind] * 100}% or more (SES reviews the account at ${rate.reviewedAt})`,
        metric: sesReputation(rate.metricName),
        threshold: emailRateThresholds[rate.kind],
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }));
    }
  }
}
