import { Duration, NestedStack, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  type CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { corsPolicy, type FunctionGroup, routeKey, routes } from '../../shared/routes.ts';
import { stageAccessLogs } from './access-logs.ts';
import type { ApiFunction } from './api-function.ts';

export type EventPlanningHttpApiProps = {
  groupFunctions: Record<FunctionGroup, ApiFunction>;
  authorizerFunction: ApiFunction;
  corsAllowedOrigins: string[];
  throttle: { rateLimit: number; burstLimit: number };
  publicRouteThrottle: { rateLimit: number; burstLimit: number };
  /** Carried in the API's name, so two stages in one account are told apart in the console and alarms. */
  stage: string;
  logRemovalPolicy: RemovalPolicy;
  /** With the CloudFront + WAF front (ApiEdge): the execute-api endpoint is off, so nothing goes around WAF. */
  disableExecuteApiEndpoint?: true;
};

/**
 * Beyond the common fields, with HTTP API variables only (CDK's default format uses REST API ones such as
 * $context.resourcePath). Never the Authorization header; the authorizer's userId identifies the caller.
 */
// No path: it carries secrets (RSVP codes, reset and verification tokens, team-invitation tokens); the
// route key (`GET /rsvp/{code}`) says which route without them.
const OWN_ACCESS_LOG_FIELDS = {
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  userAgent: '$context.identity.userAgent',
};

/** The groups whose public routes take a credential or a code without a token: each is capped on its own. */
const CAPPED_PUBLIC_GROUPS: readonly FunctionGroup[] = ['auth', 'rsvp', 'team'];

/**
 * The HTTP API built from the route table: one route per entry, each integrated with its group's
 * function; protected routes go through the Lambda authorizer that verifies the access token.
 */
export class EventPlanningHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  /** By route key (`GET /api/events/{id}`), for tests and suppressions. */
  readonly routesByKey = new Map<string, HttpRoute>();
  /** The nested stack that holds the routes, their integrations and the authorizer. */
  readonly routesStack: NestedStack;

  constructor(scope: Construct, id: string, props: EventPlanningHttpApiProps) {
    super(scope, id);

    this.api = new HttpApi(this, 'Api', {
      apiName: `event-planning-${props.stage}`,
      description: 'Event planning API',
      // The default stage is made below, where access logs and throttling can be set on it.
      createDefaultStage: false,
      disableExecuteApiEndpoint: props.disableExecuteApiEndpoint,
      // The same policy the local server applies, from the route table's module.
      corsPreflight: {
        allowOrigins: props.corsAllowedOrigins,
        allowMethods: [...corsPolicy.allowMethods.map((method) => CorsHttpMethod[method]), CorsHttpMethod.OPTIONS],
        allowHeaders: [...corsPolicy.allowHeaders],
        exposeHeaders: [...corsPolicy.exposeHeaders],
        maxAge: Duration.seconds(corsPolicy.maxAgeSeconds),
      },
    });

    const accessLogs = stageAccessLogs(this, props.logRemovalPolicy, OWN_ACCESS_LOG_FIELDS);
    this.accessLogs = accessLogs.logGroup;
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      // HTTP APIs have no per-client throttling; these stage limits only cap the total (login throttling
      // per account and address lives in the app).
      throttle: props.throttle,
      accessLogSettings: accessLogs.settings,
    });

    // Every integration and the authorizer invoke the functions' `live` aliases, which CodeDeploy shifts.
    const authorizer = new HttpLambdaAuthorizer('AccessTokenAuthorizer', props.authorizerFunction.alias, {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: ['$request.header.Authorization'],
      // Short, because the cache is keyed by token: a logged-out token stays "authorized" here for up to
      // this long, and the handlers' own session check is what refuses it at once.
      resultsCacheTtl: Duration.minutes(1),
    });
    const integrations = new Map<FunctionGroup, HttpLambdaIntegration>();
    const integrationFor = (group: FunctionGroup): HttpLambdaIntegration => {
      const existing = integrations.get(group);
      if (existing) return existing;
      // One invoke permission per function for the whole API rather than one per route: the group's function
      // serves all of its routes anyway, and the 104 route permissions took the room in CloudFormation's
      // 500 resources per stack that the functions' versions, aliases and deployment groups need.
      const created = new HttpLambdaIntegration(`${group}Integration`, props.groupFunctions[group].alias, { scopePermissionToRoute: false });
      integrations.set(group, created);
      return created;
    };

    // CloudFormation holds 500 resources per stack: the routes, their integrations and the authorizer (a
    // route per entry of the route table) are a nested stack of their own. The API and its stage stay here,
    // so the functions that link to the API's URL do not depend on the stack that invokes them.
    this.routesStack = new NestedStack(this, 'Routes');
    for (const route of routes) {
      const created = new HttpRoute(this.routesStack, `${route.method}${route.path}`, {
        httpApi: this.api,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration: integrationFor(route.group),
        authorizer: route.access === 'protected' ? authorizer : new HttpNoneAuthorizer(),
      });
      this.routesByKey.set(routeKey(route), created);
      if (route.access === 'public') {
        Validations.of(created).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${routeKey(route)} is public by design (${route.summary.toLowerCase()}): it is how a caller without a token gets one, or a liveness probe; the route table marks it public.`,
        });
      }
    }

    // The stage's limits are one pool for everyone: without their own caps, a flood of sign-in attempts or
    // guessed RSVP codes (no token needed) would take it from the signed-in planners. Per caller limits
    // live in the app (docs/abuse-limits.md); these cap each public route as a whole.
    const publicRoutes = routes.filter((route) => route.access === 'public' && CAPPED_PUBLIC_GROUPS.includes(route.group)).map(routeKey);
    const cfnStage = this.stage.node.defaultChild as CfnStage;
    cfnStage.routeSettings = Object.fromEntries(
      publicRoutes.map((key) => [key, { ThrottlingRateLimit: props.publicRouteThrottle.rateLimit, ThrottlingBurstLimit: props.publicRouteThrottle.burstLimit }]),
    );
    // CloudFormation names (routeSettings is untyped in CDK, so passed through as written).
    // Route settings name routes that must exist before the stage is updated.
    for (const key of publicRoutes) this.stage.node.addDependency(this.routesByKey.get(key) as HttpRoute);
  }
}
