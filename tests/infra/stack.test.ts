import { pendingAuditFilter } from '../../shared/events/stream-records.ts';
import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiFunction } from '../../infra/constructs/api-function.ts';
import { ApiGatewayAccountStack } from '../../infra/account-stack.ts';
import { consumerNeeds, type FunctionNeeds, groupNeeds, scheduleNeeds, serviceConsumerNeeds, standaloneTableUse } from '../../infra/function-needs.ts';
import type { TableUse } from '../../infra/constructs/grants.ts';
import type { EventPlanningStack } from '../../infra/stack.ts';
import { createTableInput, tableDefinition } from '../../shared/data/table.ts';
import { domainEventSource } from '../../shared/domain/domain-events/contract.ts';
import { eventRules, functionGroups, routeKey, routes, schedules, serviceEventRules } from '../../shared/routes.ts';
import { prodContext, synthStack, withApiRoutes } from './synth-stack.ts';
import { outboxOldestPendingAge } from '../../infra/constructs/outbox-alarms.ts';
import { businessMetrics } from '../../shared/observability/metric-names.ts';
import { testApp } from './test-app.ts';

/** What every function may do: write its own log group and its X-Ray trace (active tracing). */
const everyFunction = ['logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'];

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string }; // any: CloudFormation properties of every resource type

let stack: EventPlanningStack;
let template: Template;
let resources: Record<string, Resource>;

const logicalId = (element: unknown): string => stack.getLogicalId(element as CfnElement);
/** CDK's one provider (function and role) of the `autoDeleteObjects` custom resources of development buckets. */
const isAutoDeleteProvider = (id: string) => id.startsWith('CustomS3AutoDeleteObjectsCustomResourceProvider');
const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);

/** Every IAM action granted to the role of one function, from all the policies attached to it. */
function actionsOf(fn: ApiFunction): string[] {
  const roleId = logicalId(fn.role.node.defaultChild);
  return ofType('AWS::IAM::Policy')
    .filter(([, policy]) => (policy.Properties.Roles as unknown[]).some((role) => JSON.stringify(role) === JSON.stringify({ Ref: roleId })))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as { Action: string | string[] }[])
    .flatMap((statement) => [statement.Action].flat())
    .sort();
}

beforeAll(() => {
  ({ stack, template } = synthStack());
  resources = withApiRoutes(stack, template) as Record<string, Resource>;
});

describe('HTTP API routes', () => {
  it('has exactly one route per route-table entry, with the same method and path', () => {
    const httpApiId = logicalId(stack.httpApi.api.node.defaultChild);
    const routeKeys = ofType('AWS::ApiGatewayV2::Route')
      .filter(([, route]) => JSON.stringify(route.Properties.ApiId) === JSON.stringify({ Ref: httpApiId }))
      .map(([, route]) => route.Properties.RouteKey as string);

    expect(routeKeys.sort()).toEqual(routes.map(routeKey).sort());
  });

  it.each(routes.map((route) => [routeKey(route), route] as const))('%s is authorized as the table says and reaches its group', (key, route) => {
    const [, created] = ofType('AWS::ApiGatewayV2::Route').find(([, candidate]) => candidate.Properties.RouteKey === key) ?? [];
    const integrationId = JSON.stringify(created?.Properties.Target).match(/"Ref":"([^"]+)"/)?.[1] ?? '';
    const integrationUri = JSON.stringify(resources[integrationId]?.Properties.IntegrationUri);

    expect(created?.Properties.AuthorizationType).toBe(route.access === 'protected' ? 'CUSTOM' : 'NONE');
    expect(integrationUri).toContain(logicalId(stack.groupFunctions[route.group].alias.node.defaultChild));
  });

  it('authorizes protected routes with the Lambda authorizer: simple responses, Authorization header, short cache', () => {
    // This one and the WebSocket API's (below).
    expect(ofType('AWS::ApiGatewayV2::Authorizer')).toHaveLength(2);
    const [, authorizer] = ofType('AWS::ApiGatewayV2::Authorizer').find(([, candidate]) => candidate.Properties.EnableSimpleResponses === true) ?? [];
    expect(authorizer?.Properties).toMatchObject({
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: '2.0',
      IdentitySource: ['$request.header.Authorization'],
    });
    expect(authorizer?.Properties.AuthorizerResultTtlInSeconds).toBeLessThanOrEqual(300);
    expect(JSON.stringify(authorizer?.Properties.AuthorizerUri)).toContain(logicalId(stack.authorizerFunction.alias.node.defaultChild));
  });

  it('logs access to a log group and throttles the default stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('\\$context\\.requestId') },
      // The documented defaults (README, Deploying): 50 requests a second, bursts of 100.
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
  });

  it('caps each public sign-in, registration and RSVP route on its own, below the stage, once its route exists', () => {
    const [stageId, stage] = ofType('AWS::ApiGatewayV2::Stage').find(([, candidate]) => candidate.Properties.StageName === '$default') ?? [];
    const settings = stage?.Properties.RouteSettings as Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>;
    const capped = routes.filter((route) => route.access === 'public' && ['auth', 'rsvp', 'team'].includes(route.group)).map(routeKey);

    expect(Object.keys(settings).sort()).toEqual(capped.sort());
    expect(capped).toEqual(expect.arrayContaining(['POST /api/auth/login']));
    for (const key of capped) expect(settings[key]).toEqual({ ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 });
    // The routes live in the nested stack: the stage waits for it, so for every route it names.
    const dependsOn = (template.toJSON().Resources[stageId as string] as { DependsOn?: string[] }).DependsOn ?? [];
    expect(dependsOn).toContain(logicalId(stack.httpApi.routesStack.nestedStackResource));
    for (const key of capped) expect(stack.httpApi.routesByKey.get(key)?.stack).toBe(stack.httpApi.routesStack);
  });

  it("names both APIs after the stage, so two stages in one account are told apart", () => {
    const names = [...ofType('AWS::ApiGatewayV2::Api')].map(([, api]) => api.Properties.Name).sort();

    expect(names).toEqual(['event-planning-dev', 'event-planning-realtime-dev']);
  });

  it('keeps paths and query strings out of every access log: they carry RSVP codes and account tokens', () => {
    const formats = ofType('AWS::ApiGatewayV2::Stage').map(([, stage]) => stage.Properties.AccessLogSettings?.Format as string);

    expect(formats).toHaveLength(2);
    for (const format of formats) {
      const variables = format.match(/\$context\.[A-Za-z.]+/g) ?? [];
      expect(variables).toContain('$context.routeKey');
      expect(variables.filter((variable) => /path|querystring|url|uri/i.test(variable))).toEqual([]);
    }
  });

  it('keeps function logs 30 days and the stages\' access logs 90 days, as documented', () => {
    const retentionOf = (accessLogs: boolean) => ofType('AWS::Logs::LogGroup')
      .filter(([id]) => id.includes('AccessLogs') === accessLogs)
      .map(([, group]) => group.Properties.RetentionInDays);

    expect(retentionOf(false).length).toBeGreaterThan(0);
    expect(new Set(retentionOf(false))).toEqual(new Set([30]));
    // The HTTP API's and the WebSocket API's stages.
    expect(retentionOf(true)).toEqual([90, 90]);
  });

  it('answers CORS preflight for the configured origins only', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({
        AllowOrigins: ['https://app.example.com'],
        AllowHeaders: Match.arrayWith(['Authorization', 'Content-Type']),
      }),
    });
  });
});

describe('Lambda functions', () => {
  it('makes one function per group, the authorizer, one per schedule, the SES event recorder and the admin function, all Node.js 24 on arm64', () => {
    const functions = ofType('AWS::Lambda::Function').filter(([id]) => !isAutoDeleteProvider(id));

    // + the WebSocket API's function and its authorizer, + one consumer per domain-event rule and per service-event rule, + the admin function and the key rotation,
    // + the table stream's consumer.
    expect(functions).toHaveLength(functionGroups.length + 1 + schedules.length + 1 + 2 + eventRules.length + serviceEventRules.length + 2 + 1);
    for (const [, fn] of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
      expect(fn.Properties.LoggingConfig?.LogGroup).toBeDefined();
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
    }
  });

  it('logs as JSON at the configured application level, with the Powertools service and metrics namespace of each function', () => {
    const functions = [...stack.node.findAll()].filter((construct): construct is ApiFunction => construct instanceof ApiFunction);

    // Every function but CDK's auto-delete provider of the development buckets (its own runtime settings).
    expect(functions.length).toBe(ofType('AWS::Lambda::Function').filter(([id]) => !isAutoDeleteProvider(id)).length);
    for (const fn of functions) {
      const properties = resources[logicalId(fn.function.node.defaultChild)]?.Properties ?? {};
      expect(properties.LoggingConfig).toMatchObject({ LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'INFO' });
      expect(properties.Environment.Variables).toMatchObject({ LOG_LEVEL: 'info', POWERTOOLS_SERVICE_NAME: fn.entry, POWERTOOLS_METRICS_NAMESPACE: 'EventPlanning-dev' });
    }
  });

  it('watches the outbox backlog on the metric its Powertools Metrics write: namespace of the stage, service outbox', () => {
    const metric = outboxOldestPendingAge(stack.scheduledFunctions.outbox);

    expect(metric).toMatchObject({ namespace: 'EventPlanning-dev', metricName: businessMetrics.outboxOldestAgeSeconds, dimensions: { service: 'outbox' }, statistic: 'Maximum' });
  });

  it('reserves concurrency where a flood would starve the others or outrun what is behind it, as function-needs declares', () => {
    const reserved = (fn: ApiFunction) => resources[logicalId(fn.function.node.defaultChild)]?.Properties.ReservedConcurrentExecutions;

    expect(reserved(stack.groupFunctions.auth)).toBe(groupNeeds.auth.reservedConcurrency);
    expect(groupNeeds.auth.reservedConcurrency).toBeGreaterThan(0);
    for (const [name, needs] of Object.entries(scheduleNeeds) as [keyof typeof scheduleNeeds, FunctionNeeds][]) expect(reserved(stack.scheduledFunctions[name])).toBe(needs.reservedConcurrency);
    expect(reserved(stack.groupFunctions.events)).toBeUndefined();
  });

  it('gives each function its own role without AWS managed policies', () => {
    // CDK's auto-delete provider of the development buckets comes with its own (README: tearing down), and
    // CodeDeploy's role (not a function's) has AWS's Lambda deployment policy (tests/infra/releases.test.ts).
    const roles = ofType('AWS::IAM::Role').filter(([id, role]) => !isAutoDeleteProvider(id) && JSON.stringify(role.Properties.AssumeRolePolicyDocument).includes('lambda.amazonaws.com'));

    expect(roles.length).toBeGreaterThan(28);
    for (const [, role] of roles) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('sets exactly the configuration variables each function needs', () => {
    const variables = (fn: ApiFunction) =>
      Object.keys(resources[logicalId(fn.function.node.defaultChild)]?.Properties.Environment.Variables ?? {}).sort();
    const base = ['LOG_LEVEL', 'NODE_OPTIONS', 'POWERTOOLS_METRICS_NAMESPACE', 'POWERTOOLS_SERVICE_NAME', 'TABLE_NAME'];
    const key = 'TOKEN_VERIFICATION_KEYS_SECRET_ARN';
    const email = ['PUBLIC_BASE_URL', 'SES_CONFIGURATION_SET', 'SES_FROM_ADDRESS'];

    expect(variables(stack.authorizerFunction)).toEqual([...base, key].sort());
    expect(variables(stack.groupFunctions.health)).toEqual([...base, 'CORS_ALLOWED_ORIGINS'].sort());
    expect(variables(stack.groupFunctions.docs)).toEqual([...base, 'CORS_ALLOWED_ORIGINS'].sort());
    // Deleting an account deletes the events it chose to, with their files, as the events function does.
    expect(variables(stack.groupFunctions.auth)).toEqual([...base, key, 'TOKEN_SIGNING_KEYS_SECRET_ARN', 'SEALING_KEY_SECRET_ARN', 'CORS_ALLOWED_ORIGINS', 'DOCUMENTS_BUCKET'].sort());
    expect(variables(stack.scheduledFunctions.accounts)).toEqual([...base, 'DOCUMENTS_BUCKET'].sort());
    // The guests function builds RSVP links but sends no mail: the base URL without the sender settings;
    // it pushes the door's counts after a check-in (docs/check-in.md): the WebSocket's management endpoint.
    expect(variables(stack.groupFunctions.guests)).toEqual([...base, key, 'SEALING_KEY_SECRET_ARN', 'PUBLIC_BASE_URL', 'CORS_ALLOWED_ORIGINS', 'EVENT_BUS_NAME', 'WEBSOCKET_ENDPOINT'].sort());
    expect(variables(stack.scheduledFunctions.outbox)).toEqual([...base, 'SEALING_KEY_SECRET_ARN', ...email, 'EVENT_BUS_NAME'].sort());
    expect(variables(stack.tokenKeys.rotationFunction)).toEqual([...base, key, 'SEALING_KEY_SECRET_ARN'].sort());
    expect(variables(stack.groupFunctions.events)).toEqual([...base, key, 'CORS_ALLOWED_ORIGINS', 'DOCUMENTS_BUCKET', 'GUEST_DATA_RETENTION_DAYS'].sort());
    expect(variables(stack.scheduledFunctions.privacy)).toEqual(base);
    expect(variables(stack.scheduledFunctions.reminders)).toEqual(base);
    expect(variables(stack.scheduledFunctions.overspend)).toEqual([...base].sort());
    // The table stream's consumer marks entries published and puts their events on the bus.
    expect(variables(stack.domainEventStreamFunction)).toEqual([...base, 'EVENT_BUS_NAME'].sort());
    expect(variables(stack.groupFunctions.documents)).toEqual([...base, key, 'CORS_ALLOWED_ORIGINS', 'DOCUMENTS_BUCKET'].sort());
    expect(variables(stack.groupFunctions.notifications)).toEqual([...base, key, 'CORS_ALLOWED_ORIGINS'].sort());
    expect(variables(stack.eventConsumers.notify)).toEqual([...base, 'WEBSOCKET_ENDPOINT'].sort());
    expect(variables(stack.serviceConsumers['document-scan'])).toEqual([...base, 'DOCUMENTS_BUCKET'].sort());
  });
});

describe('least privilege', () => {
  const readKey = ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'];
  // Each function's own DynamoDB actions, as function-needs declares them (function-calls.test.ts holds
  // those to the calls of its code).
  const table = (use: TableUse) => (use === 'none' ? [] : use.actions.map((action) => `dynamodb:${action}`));
  const sendEmail = ['ses:SendEmail', 'ses:SendRawEmail'];
  // An async target sends its failed invocations to its dead-letter queue (infra/constructs/async-target.ts).
  const deadLetter = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'];
  const unique = (actions: string[]) => [...new Set(actions)].sort();

  it('never grants a wildcard action, and only the admin function may Scan (the operator\'s re-seal), on the table alone', () => {
    const statements = ofType('AWS::IAM::Policy').flatMap(([, policy]) =>
      (policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]).map((statement) => ({ policy, statement })),
    );
    const actions = statements.flatMap(({ statement }) => [statement.Action].flat());
    const scans = statements.filter(({ statement }) => [statement.Action].flat().includes('dynamodb:Scan'));
    const adminRole = JSON.stringify({ Ref: logicalId(stack.adminFunction.role.node.defaultChild) });

    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((action) => action.includes('*'))).toEqual([]);
    expect(scans.flatMap(({ policy }) => (policy.Properties.Roles as unknown[]).map((role) => JSON.stringify(role)))).toEqual([adminRole]);
    expect(scans.map(({ statement }) => statement.Resource)).toEqual([{ 'Fn::GetAtt': [logicalId(stack.table.node.defaultChild), 'Arn'] }]);
  });

  it('grants each function only the actions it needs', () => {
    expect(unique(actionsOf(stack.authorizerFunction))).toEqual(unique([...everyFunction, ...readKey]));
    expect(unique(actionsOf(stack.groupFunctions.health))).toEqual(unique([...everyFunction, 'dynamodb:DescribeTable']));
    // The API reference reads nothing: no table, no key, no email.
    expect(unique(actionsOf(stack.groupFunctions.docs))).toEqual(unique(everyFunction));
    expect(unique(actionsOf(stack.groupFunctions.auth))).toEqual(unique([...everyFunction, ...readKey, ...table(groupNeeds.auth.table), 's3:DeleteObject']));
    expect(unique(actionsOf(stack.scheduledFunctions.accounts))).toEqual(unique([...everyFunction, ...deadLetter, ...table(scheduleNeeds.accounts.table), 's3:DeleteObject']));
    // Any mail the events, guests and overspend functions cause is an outbox notice: no SES of their own.
    expect(unique(actionsOf(stack.groupFunctions.events))).toEqual(unique([...everyFunction, ...readKey, ...table(groupNeeds.events.table), 's3:DeleteObject']));
    expect(unique(actionsOf(stack.groupFunctions.guests))).toEqual(unique([...everyFunction, ...readKey, ...table(groupNeeds.guests.table), 'events:PutEvents', 'execute-api:ManageConnections']));
    expect(unique(actionsOf(stack.scheduledFunctions.reminders))).toEqual(unique([...everyFunction, ...deadLetter, ...table(scheduleNeeds.reminders.table)]));
    // The overspend job records each crossing (alert item + outbox notice), so it writes.
    expect(unique(actionsOf(stack.scheduledFunctions.overspend))).toEqual(unique([...everyFunction, ...deadLetter, ...table(scheduleNeeds.overspend.table)]));
    expect(unique(actionsOf(stack.scheduledFunctions.outbox))).toEqual(unique([...everyFunction, ...deadLetter, ...readKey, ...table(scheduleNeeds.outbox.table), ...sendEmail, 'events:PutEvents']));
    expect(unique(actionsOf(stack.groupFunctions.documents))).toEqual(unique([...everyFunction, ...readKey, ...table(groupNeeds.documents.table), 's3:DeleteObject', 's3:GetObject', 's3:PutObject']));
    // The feed and the notification consumer write the table, never the bus.
    expect(unique(actionsOf(stack.groupFunctions.notifications))).toEqual(unique([...everyFunction, ...readKey, ...table(groupNeeds.notifications.table)]));
    expect(unique(actionsOf(stack.eventConsumers.notify))).toEqual(unique([...everyFunction, ...deadLetter, ...table(consumerNeeds.notify.table), 'execute-api:ManageConnections']));
    // The scan recorder: the result on the table (`document.infected` reaches the bus through the table's stream), an infected object version deleted; it reads no file.
    expect(unique(actionsOf(stack.serviceConsumers['document-scan']))).toEqual(unique([...everyFunction, ...deadLetter, ...table(serviceConsumerNeeds['document-scan'].table), 's3:DeleteObject', 's3:DeleteObjectVersion']));
    // The table stream's consumer: the stream, the published mark, the bus, and its failure queue (the mapping's destination).
    expect(unique(actionsOf(stack.domainEventStreamFunction))).toEqual(unique([...everyFunction, 'dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams', 'dynamodb:UpdateItem', 'events:PutEvents', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage']));
  });

  it('lets only the auth function and the rotation read the private signing keys, and only the functions that seal, the rotation and the admin function the sealing keys', () => {
    const readers = (secret: { node: { defaultChild?: unknown } }) => {
      const secretRef = JSON.stringify({ Ref: logicalId(secret.node.defaultChild) });
      return ofType('AWS::IAM::Policy')
        .filter(([, policy]) =>
          (policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]).some(
            (statement) => [statement.Action].flat().includes('secretsmanager:GetSecretValue') && JSON.stringify(statement.Resource).includes(secretRef),
          ),
        )
        .flatMap(([, policy]) => (policy.Properties.Roles as unknown[]).map((role) => JSON.stringify(role)))
        .sort();
    };
    const roleOf = (fn: ApiFunction) => JSON.stringify({ Ref: logicalId(fn.role.node.defaultChild) });
    const sealingSecret = stack.node.findChild('SealingKey');

    expect(readers(stack.tokenKeys.signingKeys)).toEqual([stack.groupFunctions.auth, stack.tokenKeys.rotationFunction].map(roleOf).sort());
    expect(readers(sealingSecret)).toEqual([stack.groupFunctions.auth, stack.groupFunctions.guests, stack.groupFunctions.rsvp, stack.eventConsumers['guest-import'], stack.groupFunctions.team, stack.scheduledFunctions.outbox, stack.tokenKeys.rotationFunction, stack.adminFunction, stack.groupFunctions.webhooks, stack.eventConsumers['webhook-dispatch'], stack.scheduledFunctions['webhook-retries']].map(roleOf).sort());
    // Every verifier reads the published keys: each group with protected routes and the HTTP API's authorizer
    // (the WebSocket's takes single-use tickets, not tokens).
    const verifiers = functionGroups.filter((group) => routes.some((route) => route.group === group && route.access === 'protected')).map((group) => stack.groupFunctions[group]);
    expect(readers(stack.tokenKeys.verificationKeys)).toEqual([...verifiers, stack.authorizerFunction].map(roleOf).sort());
  });

  it('rotates the signing keys every 30 days, the first time at deploy, with a function that may do a rotation and nothing else', () => {
    const signingRef = { Ref: logicalId(stack.tokenKeys.signingKeys.node.defaultChild) };

    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: signingRef,
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
      RotateImmediatelyOnUpdate: true,
      RotationLambdaARN: { Ref: logicalId(stack.tokenKeys.rotationFunction.alias.node.defaultChild) },
    });
    expect(unique(actionsOf(stack.tokenKeys.rotationFunction))).toEqual(unique([
      ...everyFunction,
      'secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage',
    ]));
    // No key is ever in the template: both secrets start as empty sets.
    for (const secret of [stack.tokenKeys.signingKeys, stack.tokenKeys.verificationKeys]) {
      expect(resources[logicalId(secret.node.defaultChild)]?.Properties.SecretString).toBe('{"keys":[]}');
    }
  });

  it('rotates the sealing key set every 90 days with the same function, not at deploy (it starts as one generated key)', () => {
    const sealingRef = { Ref: logicalId(stack.node.findChild('SealingKey').node.defaultChild) };

    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: sealingRef,
      RotationRules: { ScheduleExpression: 'rate(90 days)' },
      RotateImmediatelyOnUpdate: false,
      RotationLambdaARN: { Ref: logicalId(stack.tokenKeys.rotationFunction.alias.node.defaultChild) },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', { Principal: 'secretsmanager.amazonaws.com', SourceArn: sealingRef });
  });

  it('scopes index queries to the named indexes of the table, not index/*', () => {
    const resourcesJson = JSON.stringify(ofType('AWS::IAM::Policy').map(([, policy]) => policy.Properties.PolicyDocument));

    for (const index of tableDefinition.indexes) expect(resourcesJson).toContain(`/index/${index.name}"`);
    expect(resourcesJson).not.toContain('/index/*');
  });
});

describe("the operator's admin function", () => {
  it('has the table (with Scan) and the sealing key set (read, and written by a retirement), nothing else: no signing key, no email, no bus', () => {
    const variables = Object.keys(resources[logicalId(stack.adminFunction.function.node.defaultChild)]?.Properties.Environment.Variables ?? {}).sort();
    const unique = (actions: string[]) => [...new Set(actions)].sort();
    const sealingRef = JSON.stringify({ Ref: logicalId(stack.node.findChild('SealingKey').node.defaultChild) });
    const secretStatements = ofType('AWS::IAM::Policy')
      .filter(([, policy]) => JSON.stringify(policy.Properties.Roles).includes(logicalId(stack.adminFunction.role.node.defaultChild)))
      .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[])
      .filter((statement) => [statement.Action].flat().some((action) => action.startsWith('secretsmanager:')));

    expect(variables).toEqual(['LOG_LEVEL', 'NODE_OPTIONS', 'POWERTOOLS_METRICS_NAMESPACE', 'POWERTOOLS_SERVICE_NAME', 'SEALING_KEY_SECRET_ARN', 'TABLE_NAME']);
    expect(unique(actionsOf(stack.adminFunction))).toEqual(unique([
      ...everyFunction,
      'dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem',
      'secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue',
    ]));
    expect(secretStatements.map((statement) => JSON.stringify(statement.Resource))).toEqual(secretStatements.map(() => sealingRef));
  });

  it('is invoked by hand only: no API route, schedule, rule or other service may invoke it', () => {
    const adminId = logicalId(stack.adminFunction.function.node.defaultChild);
    const aliasId = logicalId(stack.adminFunction.alias.node.defaultChild);
    const mentions = (type: string) => ofType(type).filter(([, resource]) => [adminId, aliasId].some((id) => JSON.stringify(resource).includes(id)));

    expect(mentions('AWS::Lambda::Permission')).toEqual([]);
    expect(mentions('AWS::ApiGatewayV2::Integration')).toEqual([]);
    expect(mentions('AWS::Events::Rule')).toEqual([]);
    template.hasOutput('AdminFunctionName', { Value: { Ref: adminId } });
  });
});

describe('WebSocket API (real-time updates)', () => {
  const webSocketApiId = () => logicalId(stack.realtime.api.node.defaultChild);
  const ofWebSocketApi = (type: string) => ofType(type).filter(([, resource]) => JSON.stringify(resource.Properties.ApiId) === JSON.stringify({ Ref: webSocketApiId() }));

  it('selects routes by the action field and has exactly $connect, $disconnect, $default, subscribe and unsubscribe, all to the realtime function', () => {
    const routesOfApi = ofWebSocketApi('AWS::ApiGatewayV2::Route');
    const realtimeId = logicalId(stack.realtimeFunction.alias.node.defaultChild);

    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' });
    expect(routesOfApi.map(([, route]) => route.Properties.RouteKey).sort()).toEqual(['$connect', '$default', '$disconnect', 'subscribe', 'unsubscribe']);
    for (const [, route] of routesOfApi) {
      const integrationId = JSON.stringify(route.Properties.Target).match(/"Ref":"([^"]+)"/)?.[1] ?? '';
      expect(JSON.stringify(resources[integrationId]?.Properties.IntegrationUri)).toContain(realtimeId);
    }
  });

  it('authorizes $connect only, with the realtime authorizer reading the ticket from the query string', () => {
    const routesOfApi = ofWebSocketApi('AWS::ApiGatewayV2::Route');
    const [authorizerId, authorizer] = ofWebSocketApi('AWS::ApiGatewayV2::Authorizer')[0] ?? [];

    expect(authorizer?.Properties).toMatchObject({ AuthorizerType: 'REQUEST', IdentitySource: ['route.request.querystring.ticket'] });
    expect(JSON.stringify(authorizer?.Properties.AuthorizerUri)).toContain(logicalId(stack.realtimeAuthorizerFunction.alias.node.defaultChild));
    expect(Object.fromEntries(routesOfApi.map(([, route]) => [route.Properties.RouteKey, route.Properties.AuthorizationType]))).toEqual({
      $connect: 'CUSTOM', $disconnect: 'NONE', $default: 'NONE', subscribe: 'NONE', unsubscribe: 'NONE',
    });
    expect(routesOfApi.find(([, route]) => route.Properties.RouteKey === '$connect')?.[1].Properties.AuthorizerId).toEqual({ Ref: authorizerId });
  });

  it('returns the answers of the message routes to the client', () => {
    const responded = ofWebSocketApi('AWS::ApiGatewayV2::RouteResponse').map(([, response]) => JSON.stringify(response.Properties.RouteId));
    const routeIdOf = (key: string) => JSON.stringify({ Ref: ofWebSocketApi('AWS::ApiGatewayV2::Route').find(([, route]) => route.Properties.RouteKey === key)?.[0] });

    expect(responded.sort()).toEqual(['$default', 'subscribe', 'unsubscribe'].map(routeIdOf).sort());
  });

  it('logs access without the query string (it carries the token) and throttles its stage', () => {
    const [, stage] = ofWebSocketApi('AWS::ApiGatewayV2::Stage')[0] ?? [];

    expect(stage?.Properties).toMatchObject({
      StageName: 'live',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: expect.anything(), Format: expect.stringContaining('$context.connectionId') },
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    expect(stage?.Properties.AccessLogSettings.Format).not.toMatch(/querystring|token|ticket|request\.url/i);
    // One per account and region: in a stage's stack a second stage would take it over (account-stack.ts).
    template.resourceCountIs('AWS::ApiGateway::Account', 0);
  });

  it('lets the pushing consumers manage connections of its stage only, and tells them the management endpoint', () => {
    const variables = (fn: ApiFunction) => resources[logicalId(fn.function.node.defaultChild)]?.Properties.Environment.Variables ?? {};
    const manageStatements = ofType('AWS::IAM::Policy').flatMap(([, policy]) =>
      (policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]).filter((statement) => [statement.Action].flat().includes('execute-api:ManageConnections')),
    );

    expect(JSON.stringify(variables(stack.eventConsumers['realtime-push']).WEBSOCKET_ENDPOINT)).toContain('https://');
    expect(actionsOf(stack.eventConsumers['realtime-push'])).toContain('execute-api:ManageConnections');
    expect(actionsOf(stack.realtimeFunction)).not.toContain('execute-api:ManageConnections');
    expect(manageStatements.length).toBeGreaterThan(0);
    for (const statement of manageStatements) expect(JSON.stringify(statement.Resource)).toMatch(/\/live\/\*\/@connections\/\*"/);
  });

  it('gives the realtime function the table, and its authorizer only the deletion of connect tickets (no signing key)', () => {
    const unique = (actions: string[]) => [...new Set(actions)].sort();
    const roleId = logicalId(stack.realtimeAuthorizerFunction.role.node.defaultChild);
    const ticketStatements = ofType('AWS::IAM::Policy')
      .filter(([, policy]) => (policy.Properties.Roles as unknown[]).some((role) => JSON.stringify(role) === JSON.stringify({ Ref: roleId })))
      .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as { Action: string; Condition?: unknown }[])
      .filter((statement) => statement.Action === 'dynamodb:DeleteItem');

    expect(unique(actionsOf(stack.realtimeAuthorizerFunction))).toEqual(['dynamodb:DeleteItem', ...everyFunction].sort());
    expect(ticketStatements).toEqual([expect.objectContaining({ Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['WSTICKET#*'] } } })]);
    expect(Object.keys(resources[logicalId(stack.realtimeAuthorizerFunction.function.node.defaultChild)]?.Properties.Environment.Variables ?? {})).not.toContain('SIGNING_KEY_SECRET_ARN');
    expect(unique(actionsOf(stack.realtimeFunction))).toEqual(unique([...everyFunction, ...standaloneTableUse.realtime.actions.map((action) => `dynamodb:${action}`)]));
  });

  it('outputs the WebSocket URL', () => {
    template.hasOutput('WebSocketUrl', { Value: Match.objectLike({ 'Fn::Join': Match.anyValue() }) });
  });
});

describe('documents bucket', () => {
  it('is versioned, encrypted, TLS only, private, logged, expires old versions and allows the frontend origins', () => {
    const logicalIdOf = (bucket: unknown) => logicalId((bucket as { node: { defaultChild: unknown } }).node.defaultChild);
    const documents = resources[logicalIdOf(stack.documentsBucket)]?.Properties ?? {};

    expect(ofType('AWS::S3::Bucket')).toHaveLength(2);
    expect(documents).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: { LogFilePrefix: 'documents/' },
      LifecycleConfiguration: { Rules: [expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 90 } })] },
      CorsConfiguration: { CorsRules: [expect.objectContaining({ AllowedMethods: ['GET', 'PUT'] })] },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalIdOf(stack.documentsBucket) },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });
});

describe('buckets of a development stage', () => {
  it('are emptied and deleted with the stack: both buckets DESTROY, each with its auto-delete custom resource', () => {
    const buckets = ofType('AWS::S3::Bucket');
    const autoDeletes = ofType('Custom::S3AutoDeleteObjects');

    expect(buckets).toHaveLength(2);
    for (const [, bucket] of buckets) expect([bucket.DeletionPolicy, bucket.UpdateReplacePolicy]).toEqual(['Delete', 'Delete']);
    expect(autoDeletes.map(([, resource]) => JSON.stringify(resource.Properties.BucketName)).sort()).toEqual(buckets.map(([id]) => JSON.stringify({ Ref: id })).sort());
    expect(ofType('AWS::Lambda::Function').filter(([id]) => isAutoDeleteProvider(id))).toHaveLength(1);
  });
});

describe('malware scan of uploaded documents (GuardDuty Malware Protection for S3)', () => {
  const documentsBucketRef = () => ({ Ref: logicalId(stack.documentsBucket.node.defaultChild) });

  it('protects the documents bucket under events/ with tagging on, through its own role', () => {
    const plans = ofType('AWS::GuardDuty::MalwareProtectionPlan');

    expect(plans).toHaveLength(1);
    expect(plans[0]?.[1].Properties).toEqual({
      Role: { 'Fn::GetAtt': [logicalId(stack.malwareProtection.role.node.defaultChild), 'Arn'] },
      ProtectedResource: { S3Bucket: { BucketName: documentsBucketRef(), ObjectPrefixes: ['events/'] } },
      Actions: { Tagging: { Status: 'ENABLED' } },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'malware-protection-plan.guardduty.amazonaws.com' } })] },
    });
  });

  it("lets GuardDuty's role manage only its own rule, and read and tag only the documents", () => {
    const roleId = logicalId(stack.malwareProtection.role.node.defaultChild);
    const statements = ofType('AWS::IAM::Policy')
      .filter(([, policy]) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown; Condition?: unknown }[]);
    const byAction = (action: string) => statements.filter((statement) => [statement.Action].flat().includes(action));

    expect(statements.flatMap((statement) => [statement.Action].flat()).sort()).toEqual([
      'events:DeleteRule', 'events:DescribeRule', 'events:ListTargetsByRule', 'events:PutRule', 'events:PutTargets', 'events:RemoveTargets',
      's3:GetBucketNotification', 's3:GetObject', 's3:GetObjectTagging', 's3:GetObjectVersion', 's3:GetObjectVersionTagging', 's3:ListBucket',
      's3:PutBucketNotification', 's3:PutObject', 's3:PutObjectTagging', 's3:PutObjectVersionTagging',
    ]);
    expect(JSON.stringify(byAction('events:PutRule')[0]?.Resource)).toContain('rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*');
    expect(byAction('events:PutRule')[0]?.Condition).toEqual({ StringLike: { 'events:ManagedBy': 'malware-protection-plan.guardduty.amazonaws.com' } });
    expect(JSON.stringify(byAction('s3:GetObject')[0]?.Resource)).toContain('/events/*');
    expect(JSON.stringify(byAction('s3:PutObject')[0]?.Resource)).toContain('/malware-protection-resource-validation-object');
  });

  it("sends GuardDuty's scan results about the documents bucket, on the default bus, to the recorder, with retries", () => {
    const recorder = logicalId(stack.serviceConsumers['document-scan'].alias.node.defaultChild);
    const [, rule] = ofType('AWS::Events::Rule').find(([, candidate]) => JSON.stringify(candidate.Properties.Targets).includes(recorder)) ?? [];

    expect(rule?.Properties.EventBusName).toBe('default');
    expect(rule?.Properties.EventPattern).toEqual({
      source: ['aws.guardduty'],
      'detail-type': ['GuardDuty Malware Protection Object Scan Result'],
      detail: { s3ObjectDetails: { bucketName: [documentsBucketRef()] } },
    });
    expect(rule?.Properties.Targets[0].RetryPolicy).toEqual({ MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 21600 });
  });

  it('refuses presigned downloads of objects GuardDuty has not tagged clean', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: documentsBucketRef(),
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: ['s3:GetObject', 's3:GetObjectVersion'],
          Condition: { StringEquals: { 's3:authType': 'REST-QUERY-STRING' }, StringNotEquals: { 's3:ExistingObjectTag/GuardDutyMalwareScanStatus': 'NO_THREATS_FOUND' } },
        })]),
      },
    });
  });
});

describe('table', () => {
  it('has the keys and indexes of the shared table definition, exactly', () => {
    const expected = createTableInput('unused');
    const [[, table] = []] = ofType('AWS::DynamoDB::Table');

    expect(ofType('AWS::DynamoDB::Table')).toHaveLength(1);
    expect(table?.Properties.KeySchema).toEqual(expected.KeySchema);
    expect(table?.Properties.GlobalSecondaryIndexes).toEqual(expected.GlobalSecondaryIndexes);
    expect(table?.Properties.AttributeDefinitions).toEqual(expect.arrayContaining(expected.AttributeDefinitions));
    expect(table?.Properties.AttributeDefinitions).toHaveLength(expected.AttributeDefinitions.length);
  });

  it('is on demand, with TTL and point-in-time recovery', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: tableDefinition.ttlAttribute, Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('can be deleted with a development stack', () => {
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete', Properties: Match.objectLike({ DeletionProtectionEnabled: false }) });
  });
});

describe('schedules', () => {
  it.each([
    ['reminders', 'rate(15 minutes)'],
    ['overspend', 'rate(1 hour)'],
    ['outbox', 'rate(1 minute)'],
    ['privacy', 'rate(1 day)'],
    ['accounts', 'rate(1 hour)'],
  ] as const)('runs %s on %s', (name, expression) => {
    // Two schedules may share an expression (overspend and accounts run hourly): one rule targets each.
    const target = logicalId(stack.scheduledFunctions[name].alias.node.defaultChild);
    const rules = ofType('AWS::Events::Rule').filter(([, rule]) => rule.Properties.ScheduleExpression === expression && JSON.stringify(rule.Properties.Targets).includes(target));

    expect(rules).toHaveLength(1);
  });

  it('has a rule for every schedule of the route table, plus the SES events rule, plus one per domain-event and service-event rule, and no other', () => {
    expect(ofType('AWS::Events::Rule')).toHaveLength(schedules.length + 1 + eventRules.length + serviceEventRules.length);
  });

  it('wires each domain-event rule of the route table to its consumer on the API\'s own bus, with retries', () => {
    const busId = logicalId(stack.domainEventBus.node.defaultChild);
    for (const eventRule of eventRules) {
      const [, rule] = ofType('AWS::Events::Rule').find(([, candidate]) => JSON.stringify(candidate.Properties.Targets).includes(logicalId(stack.eventConsumers[eventRule.target].alias.node.defaultChild))) ?? [];

      expect(rule?.Properties.EventBusName, eventRule.name).toEqual({ Ref: busId });
      expect(rule?.Properties.EventPattern).toEqual({ source: [domainEventSource], 'detail-type': [...eventRule.detailTypes] });
      expect(rule?.Properties.Targets[0].RetryPolicy).toEqual({ MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 21600 });
    }
  });

  it('lets exactly the functions that put events on that bus themselves do it, and tells them its name', () => {
    const busName = { Ref: logicalId(stack.domainEventBus.node.defaultChild) };
    // Writing an audit entry with domain events needs no bus: the table's stream consumer publishes it.
    const publishers = [
      stack.domainEventStreamFunction,
      // Republishes what the stream could not.
      stack.scheduledFunctions.outbox,
      // An invitation's first open; a background import's request (and each batch of it, `guest.added`).
      stack.groupFunctions.rsvp,
      stack.groupFunctions.guests,
      stack.eventConsumers['guest-import'],
    ];
    const all = [
      ...Object.values(stack.groupFunctions), ...Object.values(stack.scheduledFunctions), ...Object.values(stack.eventConsumers), ...Object.values(stack.serviceConsumers),
      stack.authorizerFunction, stack.emailEventsFunction, stack.domainEventStreamFunction,
    ];
    const variables = (fn: ApiFunction) => resources[logicalId(fn.function.node.defaultChild)]?.Properties.Environment.Variables ?? {};

    for (const fn of all) {
      const publishes = publishers.includes(fn);
      expect(actionsOf(fn).includes('events:PutEvents'), fn.node.path).toBe(publishes);
      expect(variables(fn).EVENT_BUS_NAME, fn.node.path).toEqual(publishes ? busName : undefined);
    }
  });

  it("hands the table's stream (new images) to the domain-event consumer's live alias: only pending audit entries, retried from the failed record, failures to a queue that alarms", () => {
    expect(resources[logicalId(stack.table.node.defaultChild)]?.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
    const [mapping, ...others] = ofType('AWS::Lambda::EventSourceMapping');
    expect(others).toEqual([]);
    expect(mapping?.[1].Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [logicalId(stack.table.node.defaultChild), 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 5,
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify(pendingAuditFilter) }] },
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(stack.domainEventStream.failures.node.defaultChild), 'Arn'] } } },
    });
    expect(JSON.stringify(mapping?.[1].Properties.FunctionName)).toContain(`"Ref":"${logicalId(stack.domainEventStreamFunction.alias.node.defaultChild)}"`);
    expect(JSON.stringify(mapping?.[1].Properties.FunctionName)).toContain(':live');
    // Only the consumer reads the stream.
    const streamReaders = ofType('AWS::IAM::Policy').filter(([, policy]) => JSON.stringify(policy.Properties.PolicyDocument).includes('dynamodb:GetRecords'));
    expect(streamReaders.map(([, policy]) => policy.Properties.Roles)).toEqual([[{ Ref: logicalId(stack.domainEventStreamFunction.role.node.defaultChild) }]]);
  });

  it('sends SES send, delivery, bounce, complaint, open and click events to the default bus, and those to the recorder', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: Match.arrayWith(['send', 'delivery', 'bounce', 'complaint', 'open', 'click']),
        EventBridgeDestination: Match.objectLike({ EventBusArn: Match.anyValue() }),
      }),
    });
    const [, rule] = ofType('AWS::Events::Rule').find(([, candidate]) => candidate.Properties.EventPattern?.source?.[0] === 'aws.ses') ?? [];
    expect(JSON.stringify(rule?.Properties.Targets)).toContain(logicalId(stack.emailEventsFunction.alias.node.defaultChild));
    expect(rule?.Properties.EventPattern['detail-type']).toContain('Email Sent');
    // The default bus is the account's: another stage's mail must not reach this recorder.
    expect(rule?.Properties.EventPattern.detail).toEqual({ mail: { tags: { 'ses:configuration-set': [{ Ref: logicalId(stack.node.findChild('EmailConfigurationSet').node.defaultChild) }] } } });
    expect(actionsOf(stack.emailEventsFunction)).not.toContain('ses:SendEmail');
    expect(actionsOf(stack.emailEventsFunction)).toContain('dynamodb:UpdateItem');
    expect(actionsOf(stack.scheduledFunctions.outbox)).toEqual(expect.arrayContaining(['ses:SendEmail', 'ses:SendRawEmail', 'secretsmanager:GetSecretValue', 'dynamodb:Query']));
  });
});

describe('signing key, email and outputs', () => {
  it('generates a 64-character signing key without punctuation', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ PasswordLength: 64, ExcludePunctuation: true }),
    });
  });

  it('outputs the API URL and the table name', () => {
    template.hasOutput('ApiUrl', {});
    template.hasOutput('TableName', {});
  });
});

describe('a production stack with its context parameters set', () => {
  const ARCHIVE = prodContext.logArchiveDestinationArn;
  let production: Template;

  beforeAll(() => {
    // The production stage the other infra files check too (nag, releases): one build per process.
    production = synthStack(prodContext, 'us-east-1').template;
  });

  it('streams every log group, functions and access logs alike, to the log-archive account\'s destination', () => {
    const logGroups = Object.keys(production.findResources('AWS::Logs::LogGroup'));
    const filters = Object.values(production.findResources('AWS::Logs::SubscriptionFilter')).map((filter) => filter.Properties);

    expect(logGroups.length).toBeGreaterThan(20);
    expect(filters).toHaveLength(logGroups.length);
    expect(new Set(filters.map((filter) => JSON.stringify(filter.LogGroupName)))).toEqual(new Set(logGroups.map((id) => JSON.stringify({ Ref: id }))));
    for (const filter of filters) expect(filter).toMatchObject({ DestinationArn: ARCHIVE, FilterPattern: '' });
  });

  it('refuses to synthesize prod without a log-archive destination, and a destination that is not one', () => {
    expect(() => synthStack({ stage: 'prod' })).toThrow(/logArchiveDestinationArn is required for stage prod/);
    expect(() => synthStack({ logArchiveDestinationArn: 'arn:aws:s3:::a-bucket' })).toThrow(/must be a CloudWatch Logs destination ARN/);
  });

  it('protects and retains the table', () => {
    production.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
    });
  });

  it('keeps every store of data through a property change or a stack deletion: same logical ids, no names, no key change, retained', () => {
    // A new logical id, a physical name or a key-schema change makes CloudFormation replace the resource:
    // a new empty table, bucket or secret under the running functions (the old sealing key gone means no
    // invitation code opens). Such a change needs a migration (README, Deploying), not an edit here.
    const stores = Object.entries(production.toJSON().Resources as Record<string, Resource>).filter(([, resource]) =>
      ['AWS::DynamoDB::Table', 'AWS::S3::Bucket', 'AWS::SecretsManager::Secret'].includes(resource.Type),
    );
    const stripHash = (id: string) => id.replace(/[0-9A-F]{8}$/, '');

    expect(stores.map(([id]) => stripHash(id)).sort()).toEqual(['Documents', 'DocumentsAccessLogs', 'SealingKey', 'Table', 'TokenKeysSigningKeys', 'TokenKeysVerificationKeys']);
    for (const [id, resource] of stores) {
      expect({ id, deletion: resource.DeletionPolicy, replace: resource.UpdateReplacePolicy }).toEqual({ id, deletion: 'Retain', replace: 'Retain' });
      expect([resource.Properties.TableName, resource.Properties.BucketName, resource.Properties.Name], id).toEqual([undefined, undefined, undefined]);
    }
    const [, table] = stores.find(([id]) => stripHash(id) === 'Table') ?? [];
    expect(table?.Properties.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
  });

  it('never empties a bucket: no auto-delete custom resource and no provider for one', () => {
    expect(Object.keys(production.findResources('Custom::S3AutoDeleteObjects'))).toEqual([]);
    expect(Object.keys(production.findResources('AWS::Lambda::Function')).filter(isAutoDeleteProvider)).toEqual([]);
  });

  it('creates the SES configuration set named by context', () => {
    production.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'planner-mail' });
  });

  it('allows the CORS origins given as a comma-separated list', () => {
    production.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://a.example.com', 'https://b.example.com'] }),
    });
  });
});

describe('security alarms', () => {
  it('alarms on bursts of security events per kind, a reused refresh token at the first one', () => {
    // In the Monitoring nested stack, with the other alarms.
    const alarms = Object.values(Template.fromStack(stack.monitoring).toJSON().Resources as Record<string, Resource>)
      .filter((resource) => resource.Type === 'AWS::CloudWatch::Alarm' && resource.Properties.Namespace === 'EventPlanning/Security')
      .map((alarm) => alarm.Properties);
    const byKind = Object.fromEntries(alarms.map((alarm) => [alarm.Dimensions?.[0]?.Value, alarm]));

    expect(Object.keys(byKind).sort()).toEqual(['access.refused', 'input.refused', 'login.failed', 'mfa.challenge_failed', 'rate_limited', 'refresh_token.reused', 'rule.refused', 'sessions.ended_by_operator', 'upload.infected']);
    expect(byKind['refresh_token.reused']).toMatchObject({ Namespace: 'EventPlanning/Security', MetricName: 'SecurityEvents', Statistic: 'Sum', Period: 300, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
    expect(byKind['login.failed']).toMatchObject({ Threshold: 100 });
  });
});

describe('the account stack', () => {
  it("holds API Gateway's CloudWatch role, once per account and region, that may write logs but never read them", () => {
    const account = Template.fromStack(new ApiGatewayAccountStack(testApp({ builtinCloudFormationValidation: false }), 'Account'));
    const roles = Object.values(account.findResources('AWS::IAM::Role')) as Resource[];

    account.resourceCountIs('AWS::ApiGateway::Account', 1);
    expect(roles).toHaveLength(1);
    expect(JSON.stringify(roles[0]?.Properties.AssumeRolePolicyDocument)).toContain('apigateway.amazonaws.com');
    const actions = (roles[0]?.Properties.Policies as { PolicyDocument: { Statement: { Action: string[] }[] } }[]).flatMap((policy) => policy.PolicyDocument.Statement.flatMap((statement) => statement.Action));
    expect(actions.sort()).toEqual(['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams', 'logs:PutLogEvents']);
  });
});

describe('webhooks (docs/webhooks.md)', () => {
  it("never sets the test-only allowlist of the webhook sender on any function: the SSRF rule holds in every deployed stack", () => {
    const functions = ofType('AWS::Lambda::Function');
    const variables = functions.flatMap(([, fn]) => Object.keys(fn.Properties.Environment?.Variables ?? {}));

    expect(functions.length).toBeGreaterThan(30);
    expect(variables.filter((name) => name.startsWith('WEBHOOK_TEST_'))).toEqual([]);
  });
});
