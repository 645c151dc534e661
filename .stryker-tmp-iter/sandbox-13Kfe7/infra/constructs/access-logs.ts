// @ts-nocheck
import type { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** What every API stage logs of a request: who, which route, how it ended, and the authorizer's verdict. */
const COMMON_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  userId: '$context.authorizer.userId',
  sourceIp: '$context.identity.sourceIp',
};

/**
 * An API stage's access logs: a log group kept three months (`AccessLogs` in `scope`) and the stage's
 * accessLogSettings writing one JSON line per request to it, the common fields plus the API's own
 * (`$context` variables of its kind only).
 */
export function stageAccessLogs(scope: Construct, removalPolicy: RemovalPolicy, ownFields: Record<string, string>) {
  const logGroup = new LogGroup(scope, 'AccessLogs', { retention: RetentionDays.THREE_MONTHS, removalPolicy });
  const format = AccessLogFormat.custom(JSON.stringify({ ...COMMON_FIELDS, ...ownFields }));
  return { logGroup, settings: { destination: new LogGroupLogDestination(logGroup), format } };
}
