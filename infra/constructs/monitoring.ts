import { NestedStack, type RemovalPolicy } from 'aws-cdk-lib';
import type { HttpApi, WebSocketApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { AlarmTopic } from './alarm-topic.ts';
import { ApiAlarms } from './api-alarms.ts';
import type { ApiFunction } from './api-function.ts';
import type { AsyncTarget } from './async-target.ts';
import { EmailAlarms } from './email-alarms.ts';
import { FunctionAlarms } from './function-alarms.ts';
import { OperationsDashboard } from './operations-dashboard.ts';
import { OutboxAlarms } from './outbox-alarms.ts';
import { QueueAlarms } from './queue-alarms.ts';
import { SecurityAlarms } from './security-alarms.ts';
import { TableAlarms } from './table-alarms.ts';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';

export type MonitoringProps = {
  stage: string;
  alarmEmail: string | undefined;
  removalPolicy: RemovalPolicy;
  functions: readonly ApiFunction[];
  /** The outbox sender, whose backlog has an alarm of its own. */
  outbox: ApiFunction;
  asyncTargets: readonly AsyncTarget[];
  /** The table stream's failure queue (infra/constructs/domain-event-stream.ts). */
  streamFailures: IQueue;
  httpApi: HttpApi;
  webSocket: { api: WebSocketApi; stage: WebSocketStage };
  table: Table;
  indexNames: readonly string[];
};

/**
 * Everything that watches the stack: the alarm topic, one alarms construct per concern (functions,
 * dead-letter queues, the outbox's backlog, APIs, table, email, security events) and the dashboard. A nested stack, because
 * CloudFormation allows 500 resources per stack and the API's routes, integrations and permissions
 * already take most of the main one; here the hundred-odd alarms can grow with the functions.
 */
export class Monitoring extends NestedStack {
  readonly alarmTopic: AlarmTopic;
  readonly dashboard: OperationsDashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id, { description: `Alarms and dashboard of the event planning API (${props.stage})` });
    const topic = new AlarmTopic(this, 'AlarmTopic', { email: props.alarmEmail, removalPolicy: props.removalPolicy });
    this.alarmTopic = topic;
    new FunctionAlarms(this, 'FunctionAlarms', { functions: props.functions, topic });
    new QueueAlarms(this, 'QueueAlarms', { targets: props.asyncTargets, streamFailures: props.streamFailures, topic });
    new OutboxAlarms(this, 'OutboxAlarms', { outbox: props.outbox, topic });
    new ApiAlarms(this, 'ApiAlarms', { httpApi: props.httpApi, webSocket: props.webSocket, topic });
    new TableAlarms(this, 'TableAlarms', { table: props.table, indexNames: props.indexNames, topic });
    new EmailAlarms(this, 'EmailAlarms', { topic });
    new SecurityAlarms(this, 'SecurityAlarms', { topic });
    this.dashboard = new OperationsDashboard(this, 'OperationsDashboard', {
      dashboardName: `event-planning-${props.stage}`,
      topic,
      httpApi: props.httpApi,
      functions: props.functions,
      outbox: props.outbox,
      asyncTargets: props.asyncTargets,
      table: props.table,
      indexNames: props.indexNames,
    });
  }
}
