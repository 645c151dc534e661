import { Duration } from 'aws-cdk-lib';
import type { HttpApi, WebSocketApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, type IMetric, MathExpression, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { AlarmTopic } from './alarm-topic.ts';

/** Server errors above this share of requests for 10 minutes: more than the odd crash. */
export const SERVER_ERROR_RATE_PERCENT = 1;
/** Fewer requests than this in 5 minutes say nothing about a rate: one 500 out of three is not an outage. */
const MIN_REQUESTS_FOR_A_RATE = 20;
/**
 * p99 latency of the HTTP API: sign-in's scrypt (about 0.8 s at N=2^17) is the slowest thing a person
 * waits for; a tail past 3 s for 15 minutes is a slow dependency or cold starts out of hand.
 */
export const HTTP_P99_LATENCY_MS = 3_000;
/** WebSocket messages are a ticket check or a subscription write: a tail past 1 s is something wrong. */
export const WEBSOCKET_P99_LATENCY_MS = 1_000;

export type ApiAlarmsProps = {
  httpApi: HttpApi;
  webSocket: { api: WebSocketApi; stage: WebSocketStage };
  topic: AlarmTopic;
};

const rate = (errors: IMetric, requests: IMetric, label: string) =>
  new MathExpression({
    expression: `IF(requests >= ${MIN_REQUESTS_FOR_A_RATE}, 100 * errors / requests, 0)`,
    usingMetrics: { errors, requests },
    period: Duration.minutes(5),
    label,
  });

/**
 * The two APIs as a caller sees them: the share of server errors and the p99 latency. (A function's own
 * errors alarm too, in function-alarms.ts; these also catch what API Gateway itself answers 5xx, such as
 * an integration timeout.)
 */
export class ApiAlarms extends Construct {
  constructor(scope: Construct, id: string, props: ApiAlarmsProps) {
    super(scope, id);
    const period = Duration.minutes(5);
    const { httpApi, webSocket, topic } = props;

    topic.watch(new Alarm(this, 'HttpServerErrorRate', {
      alarmDescription: `HTTP API: 5xx answers above ${SERVER_ERROR_RATE_PERCENT}% of requests for 10 minutes`,
      metric: rate(httpApi.metricServerError({ period, statistic: 'Sum' }), httpApi.metricCount({ period, statistic: 'Sum' }), 'server errors, % of requests'),
      threshold: SERVER_ERROR_RATE_PERCENT,
      evaluationPeriods: 2,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }));
    topic.watch(new Alarm(this, 'HttpLatencyP99', {
      alarmDescription: `HTTP API: p99 latency at ${HTTP_P99_LATENCY_MS} ms or more for 15 minutes`,
      metric: httpApi.metricLatency({ period, statistic: 'p99' }),
      threshold: HTTP_P99_LATENCY_MS,
      evaluationPeriods: 3,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }));

    // WebSocket APIs publish no 5xx count: ExecutionError (API Gateway could not call the function) and
    // IntegrationError (the function failed or answered an error) are their server errors.
    const dimensionsMap = { ApiId: webSocket.api.apiId, Stage: webSocket.stage.stageName };
    const webSocketMetric = (metricName: string, statistic: string) => new Metric({ namespace: 'AWS/ApiGateway', metricName, dimensionsMap, period, statistic });
    const webSocketErrors = new MathExpression({
      expression: 'execution + integration',
      usingMetrics: { execution: webSocketMetric('ExecutionError', 'Sum'), integration: webSocketMetric('IntegrationError', 'Sum') },
      period,
    });
    const webSocketRequests = new MathExpression({
      expression: 'connects + messages',
      usingMetrics: { connects: webSocketMetric('ConnectCount', 'Sum'), messages: webSocketMetric('MessageCount', 'Sum') },
      period,
    });
    topic.watch(new Alarm(this, 'WebSocketServerErrorRate', {
      alarmDescription: `WebSocket API: execution and integration errors above ${SERVER_ERROR_RATE_PERCENT}% of connects and messages for 10 minutes`,
      metric: rate(webSocketErrors, webSocketRequests, 'server errors, % of connects and messages'),
      threshold: SERVER_ERROR_RATE_PERCENT,
      evaluationPeriods: 2,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }));
    topic.watch(new Alarm(this, 'WebSocketLatencyP99', {
      alarmDescription: `WebSocket API: p99 integration latency at ${WEBSOCKET_P99_LATENCY_MS} ms or more for 15 minutes`,
      metric: webSocketMetric('IntegrationLatency', 'p99'),
      threshold: WEBSOCKET_P99_LATENCY_MS,
      evaluationPeriods: 3,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }));
  }
}
