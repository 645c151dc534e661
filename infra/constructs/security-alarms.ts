import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { AlarmTopic } from './alarm-topic.ts';
import { SECURITY_METRIC_NAME, SECURITY_METRIC_NAMESPACE, type SecurityEventKind } from '../../shared/security/events.ts';

/**
 * Alarms on bursts of security events (shared/security/events.ts writes one metric per kind through the
 * embedded metric format). Thresholds per 5 minutes: a reused refresh token is always worth a look (token
 * theft); the others alarm on what a person does not do by hand. They notify the stack's alarm topic.
 */
export const securityAlarmThresholds: Partial<Record<SecurityEventKind, number>> = {
  'refresh_token.reused': 1,
  'login.failed': 100,
  // Second-factor codes: each account is throttled, so a burst means many accounts whose passwords are known.
  'mfa.challenge_failed': 50,
  'access.refused': 200,
  rate_limited: 200,
  // A client with a bug sends a few bad requests; hundreds in 5 minutes is a scanner or a fuzzer.
  'input.refused': 500,
  'rule.refused': 300,
  'sessions.ended_by_operator': 1,
  // Malware in an upload: a planner's machine or account is likely compromised.
  'upload.infected': 1,
};

export class SecurityAlarms extends Construct {
  readonly alarms: Alarm[];

  constructor(scope: Construct, id: string, props: { topic: AlarmTopic }) {
    super(scope, id);
    this.alarms = Object.entries(securityAlarmThresholds).map(([kind, threshold]) =>
      props.topic.watch(new Alarm(this, kind.replace(/[^A-Za-z0-9]/g, '-'), {
        alarmDescription: `Security events "${kind}": ${threshold} or more in 5 minutes (docs/security.md)`,
        metric: new Metric({ namespace: SECURITY_METRIC_NAMESPACE, metricName: SECURITY_METRIC_NAME, dimensionsMap: { kind }, statistic: 'Sum', period: Duration.minutes(5) }),
        threshold: threshold as number,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      })),
    );
  }
}
