import { type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { WebSocketApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { webSocketApiDefinition } from '../../shared/realtime/gateway.ts';
import { stageAccessLogs } from './access-logs.ts';
import type { ApiFunction } from './api-function.ts';

export type RealtimeWebSocketApiProps = {
  /** functions/realtime: every route. */
  handler: ApiFunction;
  /** functions/realtime-authorizer: the $connect authorizer. */
  authorizerFunction: ApiFunction;
  throttle: { rateLimit: number; burstLimit: number };
  /** Carried in the API's name, so two stages in one account are told apart. */
  stage: string;
  logRemovalPolicy: RemovalPolicy;
};

/**
 * Beyond the common fields, one line per connect, message and disconnect. Never the query string: it
 * carries the connect ticket (single-use, but a credential until used).
 */
const OWN_ACCESS_LOG_FIELDS = {
  eventType: '$context.eventType',
  connectionId: '$context.connectionId',
};

/**
 * The WebSocket API of real-time updates (shared/realtime/gateway.ts defines it for the stack and the
 * local ws server alike): $connect behind a Lambda REQUEST authorizer using up the `?ticket=`, and every route
 * to the one realtime function; the message routes return their answer to the client.
 */
export class RealtimeWebSocketApi extends Construct {
  readonly api: WebSocketApi;
  readonly stage: WebSocketStage;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: RealtimeWebSocketApiProps) {
    super(scope, id);
    // The `live` aliases, which CodeDeploy shifts (function-releases.ts).
    const integration = new WebSocketLambdaIntegration('RealtimeIntegration', props.handler.alias);
    const authorizer = new WebSocketLambdaAuthorizer('ConnectTicketAuthorizer', props.authorizerFunction.alias, {
      identitySource: [`route.request.querystring.${webSocketApiDefinition.ticketQueryParameter}`],
    });

    this.api = new WebSocketApi(this, 'Api', {
      apiName: `event-planning-realtime-${props.stage}`,
      description: 'Event planning real-time updates',
      routeSelectionExpression: webSocketApiDefinition.routeSelectionExpression,
      connectRouteOptions: { integration, authorizer },
      disconnectRouteOptions: { integration },
      defaultRouteOptions: { integration, returnResponse: true },
    });
    for (const routeKey of webSocketApiDefinition.routeKeys.filter((key) => !key.startsWith('$'))) {
      this.api.addRoute(routeKey, { integration, returnResponse: true });
    }
    for (const child of this.api.node.children) {
      if (child.node.id.endsWith('-Route') && !child.node.id.startsWith('$connect')) {
        Validations.of(child).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: 'A WebSocket API authorizes once, on $connect (Lambda authorizer using up a single-use ticket, then the live session); every later route runs on that authorized connection and the function re-checks the session and the event access itself.',
        });
      }
    }

    // API Gateway writes WebSocket stage logs through the account's CloudWatch role, which is one per
    // account and region: infra/account-stack.ts, deployed once before any stage.
    const accessLogs = stageAccessLogs(this, props.logRemovalPolicy, OWN_ACCESS_LOG_FIELDS);
    this.accessLogs = accessLogs.logGroup;
    this.stage = new WebSocketStage(this, 'Stage', {
      webSocketApi: this.api,
      stageName: 'live',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: accessLogs.settings,
    });
  }
}
