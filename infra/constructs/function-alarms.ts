import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { AlarmTopic } from './alarm-topic.ts';
import type { ApiFunction } from './api-function.ts';

/** p99 duration alarms at this share of the function's timeout: past it, a slower dependency times runs out. */
export const DURATION_ALARM_SHARE_OF_TIMEOUT = 0.8;

export type FunctionAlarmsProps = { functions: readonly ApiFunction[]; topic: AlarmTopic };

/**
 * Three alarms per function, every function of the stack (the stack hands in all it has, so a new
 * function gets them without anyone remembering):
 * - errors: an invocation that failed. Handlers answer every expected failure (a 4xx, a 503) themselves
 *   and an unexpected one as a 500 problem, so a Lambda error is a crash, a timeout or a consumer that
 *   throws: one in 5 minutes is worth a look;
 * - throttles: a request or event refused for concurrency: the function's reserved concurrency, where
 *   infra/function-needs.ts caps it (auth, the outbox, the purge job), is used up, or else the account's:
 *   one in 5 minutes;
 * - p99 duration at 80% of the timeout for 15 minutes: the slow tail is about to become timeouts
 *   (a DynamoDB or SES slowdown, a cold-start regression); a sustained tail, not one slow run.
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
