import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, MathExpression, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { AlarmTopic } from './alarm-topic.ts';

export type TableAlarmsProps = { table: Table; indexNames: readonly string[]; topic: AlarmTopic };

/**
 * Throttled reads and writes of the table and of each index, one alarm each. The table is on demand, so a
 * throttle is a hot partition (a key shape that funnels one event's traffic into one partition, the
 * reason the outbox and due-item indexes are sharded) or the account's table quota: the SDK retries a
 * few, and the rest reach callers as 503s. Ten in 5 minutes, more than a retry absorbs.
 */
export const THROTTLED_REQUESTS_PER_5_MINUTES = 10;

/** Throttled reads plus writes of the table, or of one of its indexes, per 5 minutes (the dashboard graphs the same). */
export function throttledRequests(table: Table, indexName?: string): MathExpression {
  const dimensionsMap: Record<string, string> = indexName ? { TableName: table.tableName, GlobalSecondaryIndexName: indexName } : { TableName: table.tableName };
  const metric = (metricName: string) => new Metric({ namespace: 'AWS/DynamoDB', metricName, dimensionsMap, period: Duration.minutes(5), statistic: 'Sum' });
  // Ids unique per index: the dashboard draws them all in one graph.
  const key = (indexName ?? 'table').replace(/[^A-Za-z0-9]/g, '_').toLowerCase();
  return new MathExpression({
    expression: `reads_${key} + writes_${key}`,
    usingMetrics: { [`reads_${key}`]: metric('ReadThrottleEvents'), [`writes_${key}`]: metric('WriteThrottleEvents') },
    period: Duration.minutes(5),
    label: indexName ?? 'table',
  });
}

export class TableAlarms extends Construct {
  constructor(scope: Construct, id: string, props: TableAlarmsProps) {
    super(scope, id);
    const alarm = (id: string, what: string, dimensionsMap: { GlobalSecondaryIndexName?: string }) =>
      props.topic.watch(new Alarm(this, id, {
        alarmDescription: `DynamoDB ${what}: ${THROTTLED_REQUESTS_PER_5_MINUTES} or more throttled reads and writes in 5 minutes (a hot partition or the table quota)`,
        metric: throttledRequests(props.table, dimensionsMap.GlobalSecondaryIndexName),
        threshold: THROTTLED_REQUESTS_PER_5_MINUTES,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }));
    alarm('TableThrottles', 'table', {});
    for (const indexName of props.indexNames) alarm(`${indexName}Throttles`, `index ${indexName}`, { GlobalSecondaryIndexName: indexName });
  }
}
