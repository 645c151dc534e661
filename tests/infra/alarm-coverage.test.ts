import { Duration, Stack } from 'aws-cdk-lib';
import { Alarm, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Alias, Code, Function as LambdaFn, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiFunction } from '../../infra/constructs/api-function.ts';
import type { EventPlanningStack } from '../../infra/stack.ts';
import { asyncTargets } from '../../infra/async-targets.ts';
import { type AlarmCoverage, alarmCoverage, synthesizedStacks } from './alarm-coverage.ts';
import { synthStack } from './synth-stack.ts';
import { testApp } from './test-app.ts';

/**
 * Issue 16: every function has its errors, throttles and duration alarms, every dead-letter queue its
 * depth alarm, every async invocation a dead-letter queue and an on-failure destination, and every alarm
 * tells the one alarm topic. Read from the synthesized templates (tests/infra/alarm-coverage.ts), so a
 * function or queue added anywhere, any way, fails here until it has them.
 */
let stack: EventPlanningStack;
let coverage: AlarmCoverage;

beforeAll(() => {
  ({ stack } = synthStack());
  coverage = alarmCoverage(stack);
});

describe('alarms of the stack', () => {
  it('has errors, throttles and duration alarms for every function, a depth alarm for every dead-letter queue, all on the alarm topic', () => {
    expect(coverage.gaps).toEqual([]);
  });

  it('found every function, dead-letter queue and alarm, across the main and the nested stacks', () => {
    // Not a vacuous pass: what the check went over.
    expect(coverage.functions.length).toBeGreaterThanOrEqual(stack.node.findAll().filter((construct) => construct instanceof ApiFunction).length);
    expect(coverage.functions.length).toBeGreaterThanOrEqual(28);
    // The one function left out: CDK's provider that empties a development stage's buckets on deletion.
    expect(coverage.customResourceProviders).toEqual([expect.stringMatching(/\/CustomS3AutoDeleteObjectsCustomResourceProviderHandler[0-9A-F]{8}$/)]);
    // One per asynchronously invoked function, and the table stream's failure queue.
    expect(coverage.deadLetterQueues).toHaveLength(asyncTargets.length + 1);
    expect(coverage.topics).toEqual([`${stack.monitoring.node.path}/${stack.monitoring.getLogicalId(stack.monitoring.alarmTopic.topic.node.defaultChild as never)}`]);
    expect(coverage.alarms).toBe(stack.monitoring.alarmTopic.alarms.length);
    expect(coverage.alarms).toBeGreaterThanOrEqual(3 * coverage.functions.length + coverage.deadLetterQueues.length);
  });
});

describe('the email reputation alarms', () => {
  it("alarm at a 2% bounce and a 0.05% complaint rate, before SES's own reviews at 5% and 0.1%", () => {
    const ses = synthesizedStacks(stack).all('AWS::CloudWatch::Alarm')
      .map(({ resource }) => resource.Properties ?? {})
      .filter((alarm) => alarm.Namespace === 'AWS/SES')
      .map((alarm) => [alarm.MetricName, alarm.Threshold, alarm.ComparisonOperator]);

    expect(ses.sort()).toEqual([
      ['Reputation.BounceRate', 0.02, 'GreaterThanOrEqualToThreshold'],
      ['Reputation.ComplaintRate', 0.0005, 'GreaterThanOrEqualToThreshold'],
    ]);
  });
});

describe('the coverage check itself', () => {
  it('names a function without alarms, an async target without dead letters, a queue that drops, and an alarm that tells nobody', () => {
    const app = testApp({ builtinCloudFormationValidation: false });
    const probe = new Stack(app, 'Probe');
    const fn = new LambdaFn(probe, 'Unwatched', { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: Code.fromInline('export const handler = () => {}'), timeout: Duration.seconds(5) });
    new Rule(probe, 'Every', { schedule: Schedule.rate(Duration.minutes(5)), targets: [new LambdaFunction(fn)] });
    const aliased = new LambdaFn(probe, 'Aliased', { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: Code.fromInline('export const handler = () => {}') });
    new Rule(probe, 'ThroughAlias', { schedule: Schedule.rate(Duration.minutes(5)), targets: [new LambdaFunction(new Alias(probe, 'Live', { aliasName: 'live', version: aliased.currentVersion }))] });
    const deadLetters = new Queue(probe, 'DeadLetters');
    new Queue(probe, 'Work', { deadLetterQueue: { queue: deadLetters, maxReceiveCount: 3 } });
    new Queue(probe, 'Dropping');
    new Alarm(probe, 'Silent', { metric: fn.metricErrors(), threshold: 1, evaluationPeriods: 1 });
    new Alarm(probe, 'TooLate', { metric: fn.metricDuration(), threshold: 5_000, evaluationPeriods: 1 });
    new Alarm(probe, 'Depth', { metric: new Metric({ namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', dimensionsMap: { QueueName: deadLetters.queueName } }), threshold: 10, evaluationPeriods: 1 });

    const { gaps } = alarmCoverage(probe);

    expect(gaps).toEqual(expect.arrayContaining([
      expect.stringMatching(/^Probe\/Unwatched[0-9A-F]{8}: no Throttles alarm$/),
      expect.stringMatching(/^Probe\/Unwatched[0-9A-F]{8}: its Duration alarm is not below its 5000 ms timeout$/),
      expect.stringMatching(/^Probe\/Every[0-9A-F]{8}: its target Probe\/Unwatched[0-9A-F]{8} has no dead-letter queue$/),
      expect.stringMatching(/^Probe\/Unwatched[0-9A-F]{8}: invoked asynchronously by Probe\/Every[0-9A-F]{8} without an on-failure destination$/),
      expect.stringMatching(/^Probe\/DeadLetters[0-9A-F]{8}: a dead-letter queue without an alarm at its first message$/),
      expect.stringMatching(/^Probe\/Dropping[0-9A-F]{8}: neither a dead-letter queue nor one with a redrive policy/),
      expect.stringMatching(/^Probe\/Silent[0-9A-F]{8}: no alarm action on the alarm topic$/),
    ]));
    expect(gaps.filter((gap) => gap.startsWith('Probe/Unwatched') && gap.includes('Errors'))).toEqual([]);
    // A rule that invokes a function's alias (as every rule of the stack does) is the function's caller too.
    expect(gaps).toEqual(expect.arrayContaining([
      expect.stringMatching(/^Probe\/ThroughAlias[0-9A-F]{8}: its target Probe\/Aliased[0-9A-F]{8} has no dead-letter queue$/),
    ]));
    expect(gaps.some((gap) => gap.startsWith('Probe/Work'))).toBe(false);
  });
});
