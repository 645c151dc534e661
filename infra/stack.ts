import { Aws, CfnOutput, CfnRule, Duration, Fn, RemovalPolicy, Stack, type StackProps, Token } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { ConfigurationSet, EmailSendingEvent, EventDestination } from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { realtimeKeys } from '../shared/data/keys.ts';
import { tableDefinition } from '../shared/data/table.ts';
import { domainEventSource } from '../shared/domain/domain-events/contract.ts';
import { type EventRuleTarget, eventRules, type FunctionGroup, functionGroups, schedules, serviceEventRules, type ServiceEventRuleTarget } from '../shared/routes.ts';
import { ApiFunction } from './constructs/api-function.ts';
import { type AsyncTarget as AsyncTargetName, emailEventsTarget } from './async-targets.ts';
import { AsyncTarget } from './constructs/async-target.ts';
import { createDataTable } from './constructs/data-table.ts';
import { DomainEventStream, domainEventStreamEntry } from './constructs/domain-event-stream.ts';
import { createDocumentsBucket } from './constructs/documents-bucket.ts';
import { FunctionReleases } from './constructs/function-releases.ts';
import { bindCorsOrigins, bindDocumentsBucket, bindEmailSending, bindEventBus, bindPageLinks, bindSealingKey, bindTable, bindTokenKeys, bindWebSocketManagement, type EmailSending } from './constructs/grants.ts';
import { EventPlanningHttpApi } from './constructs/http-api.ts';
import { consumerNeeds, type FunctionNeeds, groupNeeds, type ScheduleName, scheduleNeeds, serviceConsumerNeeds, standaloneTableUse } from './function-needs.ts';
import { DocumentsMalwareProtection } from './constructs/malware-protection.ts';
import { RealtimeWebSocketApi } from './constructs/websocket-api.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { archiveLogs } from './constructs/log-archive.ts';
import { SEALING_ROTATION_INTERVAL_DAYS, TokenKeys } from './constructs/token-keys.ts';
import { type EdgeSettings, isProduction, type StackSettings } from './settings.ts';
import { ApiEdge } from './constructs/api-edge.ts';

export type EventPlanningStackProps = StackProps & { settings: StackSettings };

/**
 * The whole API: the table, one function per route-table group behind one HTTP API, the token
 * authorizer, the token keys and their rotation, the sealing key, SES sending, and the scheduled jobs.
 */
export class EventPlanningStack extends Stack {
  readonly table: Table;
  readonly httpApi: EventPlanningHttpApi;
  readonly groupFunctions: Record<FunctionGroup, ApiFunction>;
  readonly authorizerFunction: ApiFunction;
  readonly scheduledFunctions: Record<ScheduleName, ApiFunction>;
  readonly emailEventsFunction: ApiFunction;
  readonly domainEventStreamFunction: ApiFunction;
  readonly domainEventStream: DomainEventStream;
  readonly documentsBucket: Bucket;
  /** The domain events' bus and the functions its rules invoke, by rule target. */
  readonly domainEventBus: EventBus;
  readonly eventConsumers: Record<EventRuleTarget, ApiFunction>;
  /** Consumers of AWS services' events on the default bus (shared/routes.ts serviceEventRules), by target. */
  readonly serviceConsumers: Record<ServiceEventRuleTarget, ApiFunction>;
  /** GuardDuty Malware Protection for S3 on the documents bucket. */
  readonly malwareProtection: DocumentsMalwareProtection;
  /** Real-time updates: the WebSocket API, its function and its $connect authorizer. */
  readonly realtime: RealtimeWebSocketApi;
  readonly realtimeFunction: ApiFunction;
  readonly realtimeAuthorizerFunction: ApiFunction;
  /** The access tokens' key pairs, their published public keys and their rotation. */
  readonly tokenKeys: TokenKeys;
  /** The operator's function (functions/admin), invoked by hand only. */
  readonly adminFunction: ApiFunction;
  /** Every function EventBridge invokes asynchronously, with its dead-letter queue (infra/async-targets.ts). */
  readonly asyncTargets: AsyncTarget[] = [];
  /** The optional CloudFront + WAF front of the HTTP API (context edge=true). */
  readonly edge: ApiEdge | undefined;
  /** The alarms, their topic and the dashboard (a nested stack). */
  readonly monitoring: Monitoring;
  /** CodeDeploy: every function's `live` alias moves to a new version by the stage's strategy. */
  readonly releases: FunctionReleases;

  constructor(scope: Construct, id: string, props: EventPlanningStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const production = isProduction(settings);
    const removalPolicy = production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.table = createDataTable(this, 'Table', { production });
    this.domainEventBus = new EventBus(this, 'DomainEventBus', { description: 'Domain events of the API (shared/domain/domain-events/contract.ts)' });

    const observability = { logLevel: settings.logLevel, metricsNamespace: `EventPlanning-${settings.stage}` };
    this.releases = new FunctionReleases(this, 'Releases', { strategy: settings.deploymentStrategy });
    const releases = this.releases;
    this.tokenKeys = new TokenKeys(this, 'TokenKeys', { removalPolicy, logRemovalPolicy: removalPolicy, observability, releases });
    // Starts as one generated string, which the key set reads as its legacy key (shared/auth/sealing-key-set.ts);
    // each rotation adds a key in front and keeps the others until the operator retires them (docs/token-keys.md).
    const sealingKey = new Secret(this, 'SealingKey', {
      description: 'The sealing key set that sealing keys are derived from (TOTP secrets, invitation codes, team-invitation tokens, stored answers)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy,
    });
    this.tokenKeys.rotateAlso('SealingKeyRotation', sealingKey, { everyDays: SEALING_ROTATION_INTERVAL_DAYS, variable: 'SEALING_KEY_SECRET_ARN' });

    const configurationSet = new ConfigurationSet(this, 'EmailConfigurationSet', {
      configurationSetName: settings.sesConfigurationSet,
    });
    // The identity is verified outside the stack (a domain needs DNS, an address a click), so it is
    // referenced by name, never created here.
    const identityArn = this.formatArn({ service: 'ses', resource: 'identity', resourceName: settings.sesIdentity });
    const configurationSetArn = this.formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: configurationSet.configurationSetName,
    });

    const makeFunction = (id: string, entry: string, needs: Omit<FunctionNeeds, 'table' | 'tokens' | 'sendsEmail' | 'linksToPages'>) =>
      new ApiFunction(this, id, { entry, ...needs, logRemovalPolicy: removalPolicy, observability, releases });

    this.groupFunctions = Object.fromEntries(
      functionGroups.map((group) => [group, makeFunction(`${pascal(group)}Function`, group, groupNeeds[group])]),
    ) as Record<FunctionGroup, ApiFunction>;
    this.scheduledFunctions = Object.fromEntries(
      schedules.map((schedule) => [schedule.name, makeFunction(`${pascal(schedule.name)}Function`, schedule.entry, scheduleNeeds[schedule.name])]),
    ) as Record<ScheduleName, ApiFunction>;
    this.authorizerFunction = makeFunction('AuthorizerFunction', 'authorizer', {
      description: 'the access-token authorizer of the HTTP API',
      memorySize: 256,
      timeout: Duration.seconds(5),
    });

    this.httpApi = new EventPlanningHttpApi(this, 'Http', {
      groupFunctions: this.groupFunctions,
      authorizerFunction: this.authorizerFunction,
      corsAllowedOrigins: settings.corsAllowedOrigins,
      throttle: settings.throttle,
      publicRouteThrottle: settings.publicRouteThrottle,
      stage: settings.stage,
      logRemovalPolicy: removalPolicy,
      ...(settings.edge ? { disableExecuteApiEndpoint: true } : {}),
    });
    if (settings.edge) this.edge = this.apiEdge(settings.edge, settings.stage);
    // Where callers reach the API: its own domain through the edge, else the stage's execute-api URL.
    const apiUrl = settings.edge ? `https://${settings.edge.domainName}/` : this.httpApi.stage.url;

    const email: EmailSending = {
      identityArn,
      configurationSetArn,
      configurationSetName: configurationSet.configurationSetName,
      fromAddress: settings.sesFromAddress,
      publicBaseUrl: settings.publicBaseUrl ?? apiUrl,
    };
    const bindNeeds = (target: ApiFunction, needs: FunctionNeeds) => {
      bindTable(target, this.table, needs.table);
      if (needs.tokens !== 'none') bindTokenKeys(target, this.tokenKeys, needs.tokens);
      if (needs.sealingKey) bindSealingKey(target, sealingKey);
      if (needs.sendsEmail) bindEmailSending(target, email);
      else if (needs.linksToPages) bindPageLinks(target, email.publicBaseUrl);
      if (needs.publishesEvents) bindEventBus(target, this.domainEventBus);
    };
    for (const group of functionGroups) {
      bindNeeds(this.groupFunctions[group], groupNeeds[group]);
      bindCorsOrigins(this.groupFunctions[group], settings.corsAllowedOrigins);
    }
    for (const schedule of schedules) bindNeeds(this.scheduledFunctions[schedule.name], scheduleNeeds[schedule.name]);
    this.documentsBucket = createDocumentsBucket(this, { corsAllowedOrigins: settings.corsAllowedOrigins, production });
    bindDocumentsBucket(this.groupFunctions.documents, this.documentsBucket, 'readWrite');
    bindDocumentsBucket(this.groupFunctions.events, this.documentsBucket, 'delete');
    // Deleting an account deletes the events it chose to, with their files (the request, then the accounts job).
    bindDocumentsBucket(this.groupFunctions.auth, this.documentsBucket, 'delete');
    bindDocumentsBucket(this.scheduledFunctions.accounts, this.documentsBucket, 'delete');
    // The events function files each event's guest-data purge at its end plus the retention.
    this.groupFunctions.events.function.addEnvironment('GUEST_DATA_RETENTION_DAYS', String(settings.guestDataRetentionDays));
    // The authorizer only verifies a token's signature and claims: it reads the public keys and touches no table.
    bindTable(this.authorizerFunction, this.table, standaloneTableUse.authorizer);
    bindTokenKeys(this.authorizerFunction, this.tokenKeys, 'verify');

    for (const schedule of schedules) {
      new Rule(this, `${pascal(schedule.name)}Schedule`, {
        description: schedule.summary,
        schedule: Schedule.rate(Duration.minutes(schedule.everyMinutes)),
        targets: [
          this.asyncTarget(schedule.entry, this.scheduledFunctions[schedule.name], {
            deliveryRetries: 2,
            // A run older than one interval is superseded by the next one (Lambda keeps an event 1 minute to 6 hours).
            maxEventAge: Duration.minutes(Math.min(Math.max(schedule.everyMinutes, 1), 6 * 60)),
          }),
        ],
      });
    }

    // SES reports sends, deliveries, bounces, complaints, opens and clicks to the default event bus; a rule
    // hands them to the function that notes them on the invitation rows and suppresses bouncing addresses.
    // The Send event is how a send the outbox could not record (it died after SES accepted) is known.
    const defaultBus = EventBus.fromEventBusName(this, 'DefaultEventBus', 'default');
    configurationSet.addEventDestination('ToEventBridge', {
      destination: EventDestination.eventBus(defaultBus),
      events: [EmailSendingEvent.SEND, EmailSendingEvent.DELIVERY, EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.OPEN, EmailSendingEvent.CLICK],
    });
    this.emailEventsFunction = makeFunction('EmailEventsFunction', emailEventsTarget, {
      description: 'the SES event recorder (send, delivery, bounce, complaint, open, click)',
      memorySize: 256,
      timeout: Duration.seconds(10),
    });
    bindTable(this.emailEventsFunction, this.table, standaloneTableUse['email-events']);
    new Rule(this, 'EmailEventsRule', {
      description: 'SES sending events of the configuration set',
      eventBus: defaultBus,
      eventPattern: {
        source: ['aws.ses'],
        detailType: ['Email Sent', 'Email Delivered', 'Email Bounced', 'Email Complaint Received', 'Email Opened', 'Email Clicked'],
        // The default bus carries the SES events of every stage in the account: only this stage's mail.
        detail: { mail: { tags: { 'ses:configuration-set': [configurationSet.configurationSetName] } } },
      },
      targets: [this.asyncTarget(emailEventsTarget, this.emailEventsFunction, eventConsumerDelivery)],
    });

    // Every committed audit entry's domain events go on the bus from the table's stream, not from the request.
    this.domainEventStreamFunction = makeFunction('DomainEventStreamFunction', domainEventStreamEntry, {
      description: "the table stream's consumer: puts new audit entries' domain events on the bus",
      memorySize: 256,
      timeout: Duration.seconds(30),
    });
    bindTable(this.domainEventStreamFunction, this.table, standaloneTableUse['domain-event-stream']);
    bindEventBus(this.domainEventStreamFunction, this.domainEventBus);
    this.domainEventStream = new DomainEventStream(this, 'DomainEventStream', { table: this.table, consumer: this.domainEventStreamFunction });

    this.realtimeFunction = makeFunction('RealtimeFunction', 'realtime', {
      description: 'the WebSocket API of real-time updates (connect, subscribe, unsubscribe, disconnect)',
      memorySize: 256,
      timeout: Duration.seconds(10),
    });
    bindTable(this.realtimeFunction, this.table, standaloneTableUse.realtime);
    this.realtimeAuthorizerFunction = makeFunction('RealtimeAuthorizerFunction', 'realtime-authorizer', {
      description: 'the connect-ticket authorizer of the WebSocket API ($connect)',
      memorySize: 256,
      timeout: Duration.seconds(5),
    });
    // It uses up single-use connect tickets and nothing else: DeleteItem of the items whose partition key
    // is a ticket's (shared/data/realtime/tickets.ts). It no longer reads the token signing key.
    bindTable(this.realtimeAuthorizerFunction, this.table, 'none');
    this.realtimeAuthorizerFunction.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:DeleteItem'],
        resources: [this.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${realtimeKeys.ticketPartitionPrefix}*`] } },
      }),
    );
    this.realtime = new RealtimeWebSocketApi(this, 'Realtime', {
      handler: this.realtimeFunction,
      authorizerFunction: this.realtimeAuthorizerFunction,
      throttle: settings.throttle,
      stage: settings.stage,
      logRemovalPolicy: removalPolicy,
    });

    // One rule per consumer of the domain events.
    this.eventConsumers = Object.fromEntries(
      eventRules.map((rule) => [rule.target, makeFunction(`${pascalOf(rule.target)}Function`, rule.target, consumerNeeds[rule.target])]),
    ) as Record<EventRuleTarget, ApiFunction>;
    for (const rule of eventRules) {
      bindNeeds(this.eventConsumers[rule.target], consumerNeeds[rule.target]);
      new Rule(this, `${pascalOf(rule.name)}EventRule`, {
        description: rule.summary,
        eventBus: this.domainEventBus,
        eventPattern: { source: [domainEventSource], detailType: [...rule.detailTypes] },
        targets: [this.asyncTarget(rule.target, this.eventConsumers[rule.target], eventConsumerDelivery)],
      });
    }
    // New notifications are pushed to the recipients' open WebSocket connections too.
    bindWebSocketManagement(this.eventConsumers.notify, this.realtime.stage);
    // Pushes each changed event's counters to its subscribers (and forgets connections gone with 410).
    bindWebSocketManagement(this.eventConsumers['realtime-push'], this.realtime.stage);
    // Tells the event's subscribers how a background guest import goes.
    bindWebSocketManagement(this.eventConsumers['guest-import'], this.realtime.stage);
    // Pushes the door's counts to the event's subscribers after each check-in (docs/check-in.md).
    bindWebSocketManagement(this.groupFunctions.guests, this.realtime.stage);

    // The operator's function (end sessions; re-seal stored values, retire a sealing key), invoked by hand
    // with `aws lambda invoke` and by nothing else: no API route, schedule or rule, no signing key, no email.
    this.adminFunction = makeFunction('AdminFunction', 'admin', {
      description: "the operator's actions, invoked by hand: end sessions, re-seal stored values, retire a sealing key, run the data migrations",
      memorySize: 256,
      // A re-seal walks the whole table; it stops a minute before this and answers where to go on from.
      timeout: Duration.minutes(15),
    });
    // With the Scan of the re-seal and the retirement, on the table, not its indexes.
    bindTable(this.adminFunction, this.table, standaloneTableUse.admin);
    // Opens and re-seals with the set; a retirement writes the set without the retired key, checking the
    // version stages first (functions/admin/sealing-key-store.ts).
    bindSealingKey(this.adminFunction, sealingKey);
    this.adminFunction.function.addToRolePolicy(new PolicyStatement({ actions: ['secretsmanager:DescribeSecret', 'secretsmanager:PutSecretValue'], resources: [sealingKey.secretArn] }));
    // Uploaded documents are scanned by GuardDuty; its results (on the default bus) reach the recorder,
    // only those about this bucket.
    this.malwareProtection = new DocumentsMalwareProtection(this, 'DocumentsMalwareProtection', { bucket: this.documentsBucket });
    this.serviceConsumers = Object.fromEntries(
      serviceEventRules.map((rule) => [rule.target, makeFunction(`${pascalOf(rule.target)}Function`, rule.target, serviceConsumerNeeds[rule.target])]),
    ) as Record<ServiceEventRuleTarget, ApiFunction>;
    for (const rule of serviceEventRules) {
      bindNeeds(this.serviceConsumers[rule.target], serviceConsumerNeeds[rule.target]);
      new Rule(this, `${pascalOf(rule.name)}Rule`, {
        description: rule.summary,
        eventBus: defaultBus,
        eventPattern: { source: [rule.source], detailType: [...rule.detailTypes], detail: { s3ObjectDetails: { bucketName: [this.documentsBucket.bucketName] } } },
        targets: [this.asyncTarget(rule.target, this.serviceConsumers[rule.target], eventConsumerDelivery)],
      });
    }
    bindDocumentsBucket(this.serviceConsumers['document-scan'], this.documentsBucket, 'deleteVersions');

    // Alarms last, over everything made above: every function of the stack (found in the tree, so a new
    // one cannot be left out), every dead-letter queue, the APIs, the table and its indexes, and SES.
    this.monitoring = new Monitoring(this, 'Monitoring', {
      stage: settings.stage,
      alarmEmail: settings.alarmEmail,
      removalPolicy,
      functions: this.node.findAll().filter((construct): construct is ApiFunction => construct instanceof ApiFunction),
      outbox: this.scheduledFunctions.outbox,
      asyncTargets: this.asyncTargets,
      streamFailures: this.domainEventStream.failures,
      httpApi: this.httpApi.api,
      webSocket: { api: this.realtime.api, stage: this.realtime.stage },
      table: this.table,
      indexNames: tableDefinition.indexes.map((index) => index.name),
    });
    // Last, so every log group made above is found.
    if (settings.logArchiveDestinationArn) archiveLogs(this, settings.logArchiveDestinationArn);

    new CfnOutput(this, 'ApiUrl', { value: apiUrl, description: 'Base URL of the HTTP API' });
    if (this.edge) new CfnOutput(this, 'EdgeDistributionDomainName', { value: this.edge.distribution.distributionDomainName, description: 'Point the API domain at this (alias or CNAME) when the stack does not hold its DNS zone' });
    new CfnOutput(this, 'WebSocketUrl', { value: this.realtime.stage.url, description: 'Real-time updates: connect with ?ticket=<ticket from POST /api/realtime/ticket>' });
    new CfnOutput(this, 'DocumentsBucketName', { value: this.documentsBucket.bucketName, description: 'Uploaded documents, one object per version' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'The single DynamoDB table' });
    new CfnOutput(this, 'AdminFunctionName', { value: this.adminFunction.function.functionName, description: 'The operator\'s function: aws lambda invoke with {"action": "end-sessions" | "reseal-sealed-values" | "retire-sealing-key" | "run-migrations" | "migration-status", "operator", ...} (functions/admin/handler.ts)' });
    new CfnOutput(this, 'SesConfigurationSetName', { value: configurationSet.configurationSetName });
    new CfnOutput(this, 'ReleasesApplicationName', { value: this.releases.application.applicationName, description: "CodeDeploy's application of every function's live alias: list and stop its deployments to roll a release back (docs/runbooks/deploy.md)" });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.alarmTopic.topic.topicArn, description: 'Every alarm notifies it (context alarmEmail subscribes an address)' });
  }

  /**
   * The CloudFront + WAF front. CloudFront's web ACLs exist in us-east-1 only (WAF scope CLOUDFRONT), so
   * with the edge on the stack must be deployed there: refused at synth when the region is known, and by a
   * template rule at deploy when the stack is environment-agnostic.
   */
  private apiEdge(edge: EdgeSettings, stage: string): ApiEdge {
    if (!Token.isUnresolved(this.region) && this.region !== EDGE_REGION) {
      throw new Error(`Context edge=true: the stack must be deployed in ${EDGE_REGION} (CloudFront's WAF web ACLs live there), not ${this.region}`);
    }
    new CfnRule(this, 'EdgeRegion', {
      assertions: [{ assert: Fn.conditionEquals(Aws.REGION, EDGE_REGION), assertDescription: `With edge=true the stack must be deployed in ${EDGE_REGION}: CloudFront's WAF web ACLs live there.` }],
    });
    return new ApiEdge(this, 'Edge', { api: this.httpApi.api, stage: this.httpApi.stage, settings: edge, stageName: stage });
  }

  /** The rule target of an asynchronously invoked function, with its dead-letter queue. */
  private asyncTarget(name: AsyncTargetName, consumer: ApiFunction, delivery: { deliveryRetries: number; maxEventAge: Duration }) {
    const target = new AsyncTarget(this, `${pascalOf(name)}AsyncTarget`, { name, consumer, ...delivery });
    this.asyncTargets.push(target);
    return target.ruleTarget;
  }
}

/**
 * An event rule's function: EventBridge retries a delivery it could not make for six hours, and Lambda
 * keeps a thrown event up to six hours for its two retries; past either it is dead-lettered.
 */
/** Where CloudFront's WAF web ACLs (scope CLOUDFRONT) and certificates live. */
const EDGE_REGION = 'us-east-1';

const eventConsumerDelivery = { deliveryRetries: 8, maxEventAge: Duration.hours(6) };

const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);
/** `realtime-push` -> `RealtimePush`, for construct ids. */
const pascalOf = (name: string): string => name.split('-').map(pascal).join('');
