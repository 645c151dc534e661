import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { AlarmStatusWidget, Dashboard, GraphWidget, type IMetric, TextWidget } from 'aws-cdk-lib/aws-cloudwatch';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { AlarmTopic } from './alarm-topic.ts';
import type { ApiFunction } from './api-function.ts';
import type { AsyncTarget } from './async-target.ts';
import { sesReputation } from './email-alarms.ts';
import { outboxOldestPendingAge } from './outbox-alarms.ts';
import { throttledRequests } from './table-alarms.ts';

export type OperationsDashboardProps = {
  dashboardName: string;
  topic: AlarmTopic;
  httpApi: HttpApi;
  functions: readonly ApiFunction[];
  outbox: ApiFunction;
  asyncTargets: readonly AsyncTarget[];
  table: Table;
  indexNames: readonly string[];
};

const period = Duration.minutes(5);

/**
 * The one dashboard of the stack, in the order an on-call engineer asks: is anything alarming; are
 * callers served (HTTP API traffic, errors, latency); which function fails, is throttled or runs long;
 * is mail waiting in the outbox or anything in a dead-letter queue; is the table throttling; is email healthy. Every alarm of
 * the stack is in the status widget (AlarmTopic collects them).
 */
export class OperationsDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const graph = (title: string, left: IMetric[], width = 12) => new GraphWidget({ title, left, width, height: 6 });
    const perFunction = (metricOf: (fn: ApiFunction) => IMetric) => props.functions.map(metricOf);

    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: props.dashboardName, defaultInterval: Duration.hours(3) });
    this.dashboard.addWidgets(
      new TextWidget({ markdown: '# Event planning API\nAlarms notify the alarm topic. Dead letters: `npm run dlq:redrive -- <target> --aws` (docs/runbooks/dlq-redrive.md).', width: 24, height: 2 }),
    );
    // A status widget shows at most 100 alarms.
    for (let start = 0; start < props.topic.alarms.length; start += 100) {
      this.dashboard.addWidgets(new AlarmStatusWidget({ title: start === 0 ? 'Alarms' : 'Alarms (more)', alarms: props.topic.alarms.slice(start, start + 100), width: 24, height: 6 }));
    }
    this.dashboard.addWidgets(
      graph('HTTP API: requests, 4xx, 5xx', [
        props.httpApi.metricCount({ period, statistic: 'Sum' }),
        props.httpApi.metricClientError({ period, statistic: 'Sum' }),
        props.httpApi.metricServerError({ period, statistic: 'Sum' }),
      ]),
      graph('HTTP API: latency p50, p99', [props.httpApi.metricLatency({ period, statistic: 'p50' }), props.httpApi.metricLatency({ period, statistic: 'p99' })]),
    );
    this.dashboard.addWidgets(
      graph('Function errors', perFunction((fn) => fn.function.metricErrors({ period, statistic: 'Sum', label: fn.entry })), 8),
      graph('Function throttles', perFunction((fn) => fn.function.metricThrottles({ period, statistic: 'Sum', label: fn.entry })), 8),
      graph('Function duration p99 (ms)', perFunction((fn) => fn.function.metricDuration({ period, statistic: 'p99', label: fn.entry })), 8),
    );
    this.dashboard.addWidgets(
      graph('Outbox: oldest pending entry, seconds late', [outboxOldestPendingAge(props.outbox)], 6),
      graph('Dead letters waiting', props.asyncTargets.map((target) => target.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum', label: target.name })), 6),
      graph('DynamoDB throttled reads and writes', [
        throttledRequests(props.table),
        ...props.indexNames.map((indexName) => throttledRequests(props.table, indexName)),
      ], 6),
      graph('SES bounce and complaint rates', [
        sesReputation('Reputation.BounceRate'),
        sesReputation('Reputation.ComplaintRate'),
      ], 6),
    );
  }
}
