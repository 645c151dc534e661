import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { AlarmTopic } from './alarm-topic.ts';
import type { ApiFunction } from './api-function.ts';
import { LIVE_ALIAS } from './function-releases.ts';

/** p99 duration alarms at this share of the function's timeout: past it, a slower dependency times runs out. */
export const DURATION_ALARM_SHARE_OF_TIMEOUT = 0.8;

export type FunctionAlarmsProps = { functions: readonly ApiFunction[]; topic: AlarmTopic };

/** The release-errors alarm's period: short, so it can go off while a canary still holds 10% of the traffic. */
export const RELEASE_ALARM_PERIOD_MINUTES = 1;

/**
 * Four alarms per function, every function of the stack (the stack hands in all it has, so a new
 * function gets them without anyone remembering):
 * - errors: an invocation that failed. Handlers answer every expected failure (a 4xx, a 503) themselves
 *   and an unexpected one as a 500 problem, so a Lambda error is a crash, a timeout or a consumer that
 *   throws: one in 5 minutes is worth a look;
 * - throttles: a request or event refused for concurrency: the function's reserved concurrency, where
 *   infra/function-needs.ts caps it (auth, the outbox, the purge job), is used up, or else the account's:
 *   one in 5 minutes;
 * - p99 duration at 80% of the timeout for 15 minutes: the slow tail is about to become timeouts
 *   (a DynamoDB or SES slowdown, a cold-start regression); a sustained tail, not one slow run;
 * - release errors: a failed invocation through the `live` alias in one minute. It is the alarm the
 *   function's CodeDeploy deployment group rolls a release back on (function-releases.ts). Its metric is
 *   dimensioned by the alias (FunctionName + Resource `<name>:live`), which counts what the callers'
 *   traffic did, old and new version together while a canary runs; the errors alarm above, by
 *   FunctionName alone, also counts direct invocations of $LATEST (an operator's `aws lambda invoke`),
 *   which a release's traffic shift has no part in. One minute rather than five, so that an error in the
 *   canary's 5 minutes is seen before CodeDeploy moves the other 90%.
 */
export class FunctionAlarms extends Construct {
  constructor(scope: Construct, id: string, props: FunctionAlarmsProps) {
    super(scope, id);
    const period = Duration.minutes(5);
    for (const apiFunction of props.functions) {
      const fn = apiFunction.function;
      // Named by the function's place under the stack (`TokenKeysRotationFunction`): unique, and stable.
      const scopeOf = new Construct(this, apiFunction.node.scopes.slice(1).map((each) => each.node.id).join(''));
      const timeout = fn.timeout ?? Duration.seconds(3);
      // The alias name is written out rather than taken from the Alias construct, which would make this
      // nested stack depend on the alias, and the alias (through its deployment group) depends on this alarm.
      const releaseErrors = props.topic.watch(new Alarm(scopeOf, 'ReleaseErrors', {
        alarmDescription: `${apiFunction.entry}: a failed invocation through its ${LIVE_ALIAS} alias in ${RELEASE_ALARM_PERIOD_MINUTES} minute; rolls back a release in progress`,
        metric: new Metric({
          namespace: 'AWS/Lambda',
          metricName: 'Errors',
          dimensionsMap: { FunctionName: fn.functionName, Resource: `${fn.functionName}:${LIVE_ALIAS}` },
          period: Duration.minutes(RELEASE_ALARM_PERIOD_MINUTES),
          statistic: 'Sum',
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }));
      apiFunction.deployment.addAlarm(releaseErrors);
      props.topic.watch(new Alarm(scopeOf, 'Errors', {
        alarmDescription: `${apiFunction.entry}: a failed invocation (a crash, a timeout or a consumer that threw) in 5 minutes`,
        metric: fn.metricErrors({ period, statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }));
      const reserved = (fn.node.defaultChild as CfnFunction).reservedConcurrentExecutions;
      props.topic.watch(new Alarm(scopeOf, 'Throttles', {
        alarmDescription: `${apiFunction.entry}: an invocation refused for concurrency in 5 minutes (${reserved === undefined ? "the account's limit is reached" : `its ${reserved} reserved executions are all busy`})`,
        metric: fn.metricThrottles({ period, statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }));
      const limitMs = Math.round(timeout.toMilliseconds() * DURATION_ALARM_SHARE_OF_TIMEOUT);
      props.topic.watch(new Alarm(scopeOf, 'Duration', {
        alarmDescription: `${apiFunction.entry}: p99 duration at ${limitMs} ms (80% of its ${timeout.toSeconds()} s timeout) for 15 minutes: close to timing out`,
        metric: fn.metricDuration({ period, statistic: 'p99' }),
        threshold: limitMs,
        evaluationPeriods: 3,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }));
    }
  }
}
