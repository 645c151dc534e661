import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { ConfigurationSet, EmailSendingEvent, EventDestination } from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { domainEventSource } from '../shared/domain/domain-events.ts';
import { type EventRuleTarget, eventRules, type FunctionGroup, functionGroups, schedules } from '../shared/routes.ts';
import { swaggerUiFiles } from '../shared/schemas/docs.ts';
import { ApiFunction } from './constructs/api-function.ts';
import { createDataTable } from './constructs/data-table.ts';
import { createDocumentsBucket } from './constructs/documents-bucket.ts';
import { bindCorsOrigins, bindDocumentsBucket, bindEmailSending, bindEventBus, bindSigningKey, bindTable, bindWebSocketManagement, type EmailSending, type TableAccess } from './constructs/grants.ts';
import { EventPlanningHttpApi } from './constructs/http-api.ts';
import { RealtimeWebSocketApi } from './constructs/websocket-api.ts';
import { isProduction, type StackSettings } from './settings.ts';

/** What one function needs beyond the Lambda defaults; each need becomes its variables plus its grant. */
type FunctionNeeds = {
  description: string;
  memorySize: number;
  timeout: Duration;
  table: TableAccess;
  /** Signs or verifies access tokens: gets the secret's ARN and may read it. */
  signingKey: boolean;
  sendsEmail: boolean;
  /** node_modules files it reads at run time, copied into its bundle (ApiFunctionProps). */
  nodeModuleFiles?: readonly string[];
  /**
   * Writes audit entries that are domain events (shared/domain/domain-event-mapping.ts), which it publishes
   * after the commit (shared/events/publish.ts), or republishes them (the outbox): it gets the bus.
   */
  publishesEvents?: true;
};

/** Keyed by the route table's groups, so a new group fails to compile until its needs are written here. */
const groupNeeds: Record<FunctionGroup, FunctionNeeds> = {
  health: {
    description: 'the health check (GET /api/health)',
    memorySize: 256,
    timeout: Duration.seconds(5),
    table: 'describe',
    signingKey: false,
    sendsEmail: false,
  },
  docs: {
    description: 'the API reference (GET /api/openapi.json, /docs)',
    // Builds the OpenAPI document once per container and serves Swagger UI's 1.7 MB script from memory.
    memorySize: 256,
    timeout: Duration.seconds(10),
    table: 'none',
    signingKey: false,
    sendsEmail: false,
    nodeModuleFiles: swaggerUiFiles.map((file) => `swagger-ui-dist/${file}`),
  },
  auth: {
    description: 'the auth endpoints (/api/auth/*)',
    // scrypt at N=2^17, r=8 needs 128 MiB per hash, and Lambda's CPU share grows with memory.
    memorySize: 1024,
    timeout: Duration.seconds(10),
    table: 'readWrite',
    signingKey: true,
    sendsEmail: false,
  },
  events: {
    description: 'the events endpoints (/api/events*)',
    memorySize: 512,
    // Deleting an event removes its whole item collection in batches; API Gateway waits at most 30 s.
    timeout: Duration.seconds(29),
    table: 'readWrite',
    signingKey: true,
    sendsEmail: true,
    publishesEvents: true,
  },
  guests: {
    description: 'the guest-list endpoints (/api/events/{id}/guests*, /api/guests/*)',
    // Adding 1,000 guests writes ~32 transactions in turn; a 10,000-row CSV export holds the list in memory.
    memorySize: 1024,
    timeout: Duration.seconds(29),
    table: 'readWrite',
    signingKey: true,
    // Builds each guest's RSVP link from PUBLIC_BASE_URL (set with the email settings), and `send_invitations`
    // hands guests to the invitations sender.
    sendsEmail: true,
    publishesEvents: true,
  },
  rsvp: {
    description: "the guests' public RSVP pages and API (/rsvp/{code}, /api/rsvp/{code})",
    memorySize: 512,
    timeout: Duration.seconds(10),
    table: 'readWrite',
    signingKey: false,
    sendsEmail: false,
    publishesEvents: true,
  },
  timeline: {
    description: 'the timeline endpoints (/api/events/{id}/timeline, /api/timeline/*)',
    // GET computes the critical path over every item of the event (hundreds) in memory.
    memorySize: 512,
    timeout: Duration.seconds(10),
    table: 'readWrite',
    signingKey: true,
    sendsEmail: false,
    publishesEvents: true,
  },
  checklist: {
    description: 'the checklist endpoints (/api/events/{id}/checklist, /api/checklist/*)',
    memorySize: 256,
    timeout: Duration.seconds(10),
    table: 'readWrite',
    signingKey: true,
    sendsEmail: false,
    publishesEvents: true,
  },
  team: {
    description: 'the team endpoints (/api/events/{id}/team*, /api/events/{id}/transfer, /api/team/*)',
    memorySize: 256,
    timeout: Duration.seconds(10),
    table: 'readWrite',
    signingKey: true,
    // Invitations are recorded as outbox notices; the invitations sender emails them.
    sendsEmail: false,
    publishesEvents: true,
  },
  budget: {
    description: 'the budget endpoints (/api/events/{id}/budget*, /api/budget/*)',
    // The breakdown reads and presents every item of an event (500 items ≈ 250 KB) in memory.
    memorySize: 512,
    timeout: Duration.seconds(10),
    table: 'readWrite',
    signingKey: true,
    // Overspend alerts are recorded as outbox notices; the invitations sender emails them.
    sendsEmail: false,
    publishesEvents: true,
  },
  vendors: {
    description: 'the vendor endpoints (/api/events/{id}/vendors, /api/vendors/*)',
    memorySize: 256,
    timeout: Duration.seconds(10),
    table: 'readWrite',
    signingKey: true,
    sendsEmail: false,
    publishesEvents: true,
  },
  invitations: {
    description: 'the invitation endpoints (/api/events/{id}/invitations)',
    // Queueing 10,000 guests writes 400 BatchWriteItem calls of rows before the batch item.
    memorySize: 512,
    timeout: Duration.seconds(29),
    table: 'readWrite',
    signingKey: true,
    // Records batches only; the outbox sender emails them.
    sendsEmail: false,
  },
  documents: {
    description: 'the document endpoints (/api/events/{id}/documents, /api/documents/*)',
    // Metadata and presigned URLs only: the files go between the browser and S3 directly.
    memorySize: 256,
    timeout: Duration.seconds(10),
    table: 'readWrite',
    signingKey: true,
    sendsEmail: false,
    publishesEvents: true,
  },
  notifications: {
    description: "the notification feed (/api/notifications*): the caller's own notifications",
    memorySize: 256,
    timeout: Duration.seconds(10),
    table: 'readWrite',
    signingKey: true,
    sendsEmail: false,
  },
};

type ScheduleName = (typeof schedules)[number]['name'];

const scheduleNeeds: Record<ScheduleName, FunctionNeeds> = {
  reminders: {
    description: 'the reminders job (scheduled)',
    memorySize: 512,
    timeout: Duration.minutes(2),
    // Records each reminder (once-only) with its outbox notice; the invitations sender emails the notices,
    // so this function itself never calls SES.
    table: 'readWrite',
    signingKey: false,
    sendsEmail: false,
  },
  overspend: {
    description: 'the overspend alerts job (scheduled)',
    memorySize: 512,
    timeout: Duration.minutes(2),
    // Records each crossing (alert item + outbox notice) and clears lines that dropped back.
    table: 'readWrite',
    signingKey: false,
    sendsEmail: true,
    publishesEvents: true,
  },
  privacy: {
    description: "the guest-data purge job: anonymises the guests of events past the retention period (scheduled)",
    memorySize: 512,
    // A 10,000-guest event is purged in pages; a run stops a margin before this and files the rest for
    // the next run (functions/privacy/handler.ts).
    timeout: Duration.minutes(10),
    table: 'readWrite',
    signingKey: false,
    sendsEmail: false,
  },
  outbox: {
    description: 'the outbox sender: every notice and invitation batch, through SES (scheduled)',
    memorySize: 1024,
    // Large batches are sent across runs: each run stops a margin before this and leases what it takes
    // for longer than this (functions/outbox/run.ts), so an overlapping run never sends the same entry.
    timeout: Duration.minutes(10),
    table: 'readWrite',
    // Opens the sealed invitation codes with a key derived from the signing secret.
    signingKey: true,
    sendsEmail: true,
    publishesEvents: true,
  },
};

/** Keyed by the targets of the domain-event rules (shared/routes.ts eventRules), like groupNeeds. */
const consumerNeeds: Record<EventRuleTarget, FunctionNeeds> = {
  notify: {
    description: 'the notification consumer of the domain events (EventBridge rule)',
    memorySize: 256,
    timeout: Duration.seconds(30),
    // Writes notifications and their email notices (the outbox sender emails them).
    table: 'readWrite',
    signingKey: false,
    sendsEmail: false,
  },
  'realtime-push': {
    description: 'the real-time consumer of the domain events: pushes counters to WebSocket subscribers',
    memorySize: 256,
    timeout: Duration.seconds(30),
    // Deletes the connections and subscriptions API Gateway reports gone.
    table: 'readWrite',
    signingKey: false,
    sendsEmail: false,
  },
};

export type EventPlanningStackProps = StackProps & { settings: StackSettings };

/**
 * The whole API: the table, one function per route-table group behind one HTTP API, the token
 * authorizer, the signing key, SES sending, and the scheduled jobs.
 */
export class EventPlanningStack extends Stack {
  readonly table: Table;
  readonly httpApi: EventPlanningHttpApi;
  readonly groupFunctions: Record<FunctionGroup, ApiFunction>;
  readonly authorizerFunction: ApiFunction;
  readonly scheduledFunctions: Record<ScheduleName, ApiFunction>;
  readonly emailEventsFunction: ApiFunction;
  readonly documentsBucket: Bucket;
  /** The domain events' bus and the functions its rules invoke, by rule target. */
  readonly domainEventBus: EventBus;
  readonly eventConsumers: Record<EventRuleTarget, ApiFunction>;
  /** Real-time updates: the WebSocket API, its function and its $connect authorizer. */
  readonly realtime: RealtimeWebSocketApi;
  readonly realtimeFunction: ApiFunction;
  readonly realtimeAuthorizerFunction: ApiFunction;

  constructor(scope: Construct, id: string, props: EventPlanningStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const production = isProduction(settings);
    const removalPolicy = production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.table = createDataTable(this, 'Table', { production });
    this.domainEventBus = new EventBus(this, 'DomainEventBus', { description: 'Domain events of the API (shared/domain/domain-events.ts)' });

    const signingKey = new Secret(this, 'TokenSigningKey', {
      description: 'HMAC key that signs and verifies access tokens (HS256)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy,
    });
    Validations.of(signingKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The HMAC token-signing key is generated by the stack and not rotated automatically: functions cache it per container and verify with one key, so a rotation would reject every live access token. Rotate by replacing the secret value during a deploy.',
    });

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

    const makeFunction = (id: string, entry: string, needs: Omit<FunctionNeeds, 'table' | 'signingKey' | 'sendsEmail'>) =>
      new ApiFunction(this, id, { entry, ...needs, logRemovalPolicy: removalPolicy });

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
      logRemovalPolicy: removalPolicy,
    });

    const email: EmailSending = {
      identityArn,
      configurationSetArn,
      configurationSetName: configurationSet.configurationSetName,
      fromAddress: settings.sesFromAddress,
      publicBaseUrl: settings.publicBaseUrl ?? this.httpApi.stage.url,
    };
    const bindNeeds = (target: ApiFunction, needs: FunctionNeeds) => {
      bindTable(target, this.table, needs.table);
      if (needs.signingKey) bindSigningKey(target, signingKey);
      if (needs.sendsEmail) bindEmailSending(target, email);
      if (needs.publishesEvents) bindEventBus(target, this.domainEventBus);
    };
    for (const group of functionGroups) {
      bindNeeds(this.groupFunctions[group], groupNeeds[group]);
      bindCorsOrigins(this.groupFunctions[group], settings.corsAllowedOrigins);
    }
    for (const schedule of schedules) bindNeeds(this.scheduledFunctions[schedule.name], scheduleNeeds[schedule.name]);
    this.documentsBucket = createDocumentsBucket(this, { corsAllowedOrigins: settings.corsAllowedOrigins });
    bindDocumentsBucket(this.groupFunctions.documents, this.documentsBucket, 'readWrite');
    bindDocumentsBucket(this.groupFunctions.events, this.documentsBucket, 'delete');
    // The events function files each event's guest-data purge at its end plus the retention.
    this.groupFunctions.events.function.addEnvironment('GUEST_DATA_RETENTION_DAYS', String(settings.guestDataRetentionDays));
    // The authorizer only verifies a token's signature and claims: it reads the key and touches no table.
    bindTable(this.authorizerFunction, this.table, 'none');
    bindSigningKey(this.authorizerFunction, signingKey);

    for (const schedule of schedules) {
      new Rule(this, `${pascal(schedule.name)}Schedule`, {
        description: schedule.summary,
        schedule: Schedule.rate(Duration.minutes(schedule.everyMinutes)),
        targets: [
          new LambdaFunction(this.scheduledFunctions[schedule.name].function, {
            retryAttempts: 2,
            // A run older than one interval is superseded by the next one.
            maxEventAge: Duration.minutes(schedule.everyMinutes),
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
    this.emailEventsFunction = makeFunction('EmailEventsFunction', 'email-events', {
      description: 'the SES event recorder (send, delivery, bounce, complaint, open, click)',
      memorySize: 256,
      timeout: Duration.seconds(10),
    });
    bindTable(this.emailEventsFunction, this.table, 'readWrite');
    new Rule(this, 'EmailEventsRule', {
      description: 'SES sending events of the configuration set',
      eventBus: defaultBus,
      eventPattern: { source: ['aws.ses'], detailType: ['Email Sent', 'Email Delivered', 'Email Bounced', 'Email Complaint Received', 'Email Opened', 'Email Clicked'] },
      targets: [new LambdaFunction(this.emailEventsFunction.function, { retryAttempts: 8, maxEventAge: Duration.hours(6) })],
    });

    this.realtimeFunction = makeFunction('RealtimeFunction', 'realtime', {
      description: 'the WebSocket API of real-time updates (connect, subscribe, unsubscribe, disconnect)',
      memorySize: 256,
      timeout: Duration.seconds(10),
    });
    // Records connections and subscriptions; reads sessions, events and memberships.
    bindTable(this.realtimeFunction, this.table, 'readWrite');
    this.realtimeAuthorizerFunction = makeFunction('RealtimeAuthorizerFunction', 'realtime-authorizer', {
      description: 'the access-token authorizer of the WebSocket API ($connect)',
      memorySize: 256,
      timeout: Duration.seconds(5),
    });
    bindTable(this.realtimeAuthorizerFunction, this.table, 'none');
    bindSigningKey(this.realtimeAuthorizerFunction, signingKey);
    this.realtime = new RealtimeWebSocketApi(this, 'Realtime', {
      handler: this.realtimeFunction,
      authorizerFunction: this.realtimeAuthorizerFunction,
      throttle: settings.throttle,
      logRemovalPolicy: removalPolicy,
    });

    // One rule per consumer of the domain events; EventBridge retries a failed invocation for six hours.
    this.eventConsumers = Object.fromEntries(
      eventRules.map((rule) => [rule.target, makeFunction(`${pascalOf(rule.target)}Function`, rule.target, consumerNeeds[rule.target])]),
    ) as Record<EventRuleTarget, ApiFunction>;
    for (const rule of eventRules) {
      bindNeeds(this.eventConsumers[rule.target], consumerNeeds[rule.target]);
      new Rule(this, `${pascalOf(rule.name)}EventRule`, {
        description: rule.summary,
        eventBus: this.domainEventBus,
        eventPattern: { source: [domainEventSource], detailType: [...rule.detailTypes] },
        targets: [new LambdaFunction(this.eventConsumers[rule.target].function, { retryAttempts: 8, maxEventAge: Duration.hours(6) })],
      });
    }
    // New notifications are pushed to the recipients' open WebSocket connections too.
    bindWebSocketManagement(this.eventConsumers.notify, this.realtime.stage);
    // Pushes each changed event's counters to its subscribers (and forgets connections gone with 410).
    bindWebSocketManagement(this.eventConsumers['realtime-push'], this.realtime.stage);

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.stage.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'WebSocketUrl', { value: this.realtime.stage.url, description: 'Real-time updates: connect with ?token=<access token>' });
    new CfnOutput(this, 'DocumentsBucketName', { value: this.documentsBucket.bucketName, description: 'Uploaded documents, one object per version' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'The single DynamoDB table' });
    new CfnOutput(this, 'SesConfigurationSetName', { value: configurationSet.configurationSetName });
  }
}

const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);
/** `realtime-push` -> `RealtimePush`, for construct ids. */
const pascalOf = (name: string): string => name.split('-').map(pascal).join('');
