import { Duration } from 'aws-cdk-lib';
import { type EventRuleTarget, type FunctionGroup, schedules, type ServiceEventRuleTarget } from '../shared/routes.ts';
import { swaggerUiFiles } from '../shared/schemas/docs.ts';
import type { TableUse } from './constructs/grants.ts';

/** What one function needs beyond the Lambda defaults; each need becomes its variables plus its grant. */
export type FunctionNeeds = {
  description: string;
  memorySize: number;
  timeout: Duration;
  /**
   * The DynamoDB actions its code calls and the indexes it queries, exactly (TableUse): the bundle's calls,
   * as tests/infra/function-calls.test.ts reads them, must equal these.
   */
  table: TableUse;
  /**
   * Access tokens: `sign` (the issuer: the private keys and the published ones), `verify` (the published
   * public keys only) or `none`. Each gets the secrets' ARNs and may read exactly those.
   */
  tokens: 'sign' | 'verify' | 'none';
  /** Seals or opens codes kept in the table (invitation codes, team tokens, stored answers): the sealing key. */
  sealingKey?: true;
  /**
   * Calls SES itself (only the outbox sender does: every other function records a notice): SendEmail on
   * the identity and configuration set, the sender settings, and PUBLIC_BASE_URL for the links it mails.
   */
  sendsEmail: boolean;
  /** Builds links to the public pages (an RSVP link) without sending mail: PUBLIC_BASE_URL alone. */
  linksToPages?: true;
  /** node_modules files it reads at run time, copied into its bundle (ApiFunctionProps). */
  nodeModuleFiles?: readonly string[];
  /**
   * Puts events on the bus itself: the stream consumer and the outbox (domain events of committed audit
   * entries, shared/events/publish.ts), the RSVP page (an invitation's first open) and the guest import
   * (its job's request). Writing an audit entry that carries domain events needs no bus: the table's
   * stream publishes it.
   */
  publishesEvents?: true;
  /**
   * Concurrent executions reserved, which is also the most it may run at once: a flood of this function
   * cannot take the account's concurrency from the others, nor hit what is behind it harder than this.
   */
  reservedConcurrency?: number;
};

/** Most endpoint groups: signed-in callers, quick requests, and any email left to the outbox sender. */
const signedInEndpoints = {
  timeout: Duration.seconds(10),
  tokens: 'verify',
  sendsEmail: false,
} as const satisfies Partial<FunctionNeeds>;

/** Keyed by the route table's groups, so a new group fails to compile until its needs are written here. */
export const groupNeeds: Record<FunctionGroup, FunctionNeeds> = {
  health: {
    description: 'the health check (GET /api/health)',
    memorySize: 256,
    timeout: Duration.seconds(5),
    table: { actions: ['DescribeTable'] },
    tokens: 'none',
    sendsEmail: false,
  },
  docs: {
    description: 'the API reference (GET /api/openapi.json, /docs)',
    // Builds the OpenAPI document once per container and serves Swagger UI's 1.7 MB script from memory.
    memorySize: 256,
    timeout: Duration.seconds(10),
    table: 'none',
    tokens: 'none',
    sendsEmail: false,
    nodeModuleFiles: swaggerUiFiles.map((file) => `swagger-ui-dist/${file}`),
  },
  auth: {
    description: 'the auth endpoints (/api/auth/*) and the WebSocket connect ticket (/api/realtime/ticket)',
    // scrypt at N=2^17, r=8 needs 128 MiB per hash, and Lambda's CPU share grows with memory.
    memorySize: 1024,
    ...signedInEndpoints,
    table: { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'ConditionCheckItem'], indexes: ['gsi1'] },
    tokens: 'sign',
    // Seals and opens the accounts' TOTP secrets (docs/mfa.md).
    sealingKey: true,
    // Deleting an account deletes the events it chose to, in batches, for up to 20 s before leaving the
    // rest to the accounts job; API Gateway waits at most 30 s.
    timeout: Duration.seconds(29),
    // A sign-in costs a 1 GiB function ~250 ms of scrypt: a credential-stuffing flood would otherwise take
    // the account's 1,000 concurrent executions from every other route. 100 is ~400 sign-ins a second.
    reservedConcurrency: 100,
  },
  events: {
    description: 'the events endpoints (/api/events*)',
    memorySize: 512,
    // Deleting an event removes its whole item collection in batches; API Gateway waits at most 30 s.
    timeout: Duration.seconds(29),
    table: { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'ConditionCheckItem'], indexes: ['gsi1'] },
    tokens: 'verify',
    // Any mail it causes is an outbox notice: it calls no SES itself.
    sendsEmail: false,
  },
  guests: {
    description: 'the guest-list endpoints (/api/events/{id}/guests*, /api/guests/*) and the custom RSVP questions (/api/events/{id}/questions*, /api/questions/*)',
    // Adding 1,000 guests writes ~32 transactions in turn; a 10,000-row CSV export holds the list in memory.
    memorySize: 1024,
    timeout: Duration.seconds(29),
    table: { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'ConditionCheckItem'], indexes: ['gsi1', 'gsi2', 'gsi3'] },
    tokens: 'verify',
    // `send_invitations` hands guests to the outbox sender; the planner's copy of each guest's RSVP link
    // is built from PUBLIC_BASE_URL.
    sendsEmail: false,
    linksToPages: true,
    publishesEvents: true,
    // Seals each new guest's invitation code for the sender, and the stored answers that show codes once.
    sealingKey: true,
  },
  rsvp: {
    description: "the guests' public RSVP pages and API (/rsvp and the invitation links /rsvp/{code}, /api/rsvp)",
    memorySize: 512,
    timeout: Duration.seconds(10),
    table: { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'] },
    tokens: 'none',
    sendsEmail: false,
    publishesEvents: true,
    // Makes an attending guest's check-in code for their page (docs/check-in.md): a key derived from the set.
    sealingKey: true,
  },
  timeline: {
    description: 'the timeline endpoints (/api/events/{id}/timeline, /api/timeline/*) and the calendar feeds (/api/events/{id}/calendar-feed, /calendar/{token})',
    // GET computes the critical path over every item of the event (hundreds) in memory.
    memorySize: 512,
    ...signedInEndpoints,
    table: { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'] },
    // A new calendar feed answers its URL under PUBLIC_BASE_URL.
    linksToPages: true,
  },
  checklist: {
    description: 'the checklist endpoints (/api/events/{id}/checklist, /api/checklist/*)',
    memorySize: 256,
    ...signedInEndpoints,
    table: { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'] },
  },
  team: {
    description: 'the team endpoints (/api/events/{id}/team*, /api/events/{id}/transfer, /api/team/*) and the team invitation page (/team-invitations/{token})',
    memorySize: 256,
    timeout: Duration.seconds(10),
    table: { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'] },
    tokens: 'verify',
    // Invitations are recorded as outbox notices; the invitations sender emails them.
    sendsEmail: false,
    // Seals the invitation token into its notice for the sender.
    sealingKey: true,
  },
  budget: {
    description: 'the budget endpoints (/api/events/{id}/budget*, /api/budget/*)',
    // The breakdown reads and presents every item of an event (500 items ≈ 250 KB) in memory.
    memorySize: 512,
    timeout: Duration.seconds(10),
    table: { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem'] },
    tokens: 'verify',
    // Overspend alerts are recorded as outbox notices; the invitations sender emails them.
    sendsEmail: false,
  },
  vendors: {
    description: 'the vendor endpoints (/api/events/{id}/vendors, /api/vendors/*)',
    memorySize: 256,
    ...signedInEndpoints,
    // The list's filters read their sparse partitions: status on GSI3, service type on GSI2. A payment plan's write
    // checks its vendor, document and assignee, and a vendor's delete that it has no plan (ConditionCheck).
    table: { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'], indexes: ['gsi2', 'gsi3'] },
  },
  invitations: {
    description: 'the invitation endpoints (/api/events/{id}/invitations) and the announcements (/api/events/{id}/announcements)',
    // Queueing 10,000 guests writes 400 BatchWriteItem calls of rows before the batch item.
    memorySize: 512,
    timeout: Duration.seconds(29),
    // The announcements' history is a page of GSI3 (ANNOUNCEMENTS#<eventId>); until migration 0004 is done, of the event's notices on GSI1.
    table: { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'ConditionCheckItem'], indexes: ['gsi1', 'gsi3'] },
    tokens: 'verify',
    // Records batches only; the outbox sender emails them.
    sendsEmail: false,
  },
  documents: {
    description: 'the document endpoints (/api/events/{id}/documents, /api/documents/*)',
    // Metadata and presigned URLs only: the files go between the browser and S3 directly.
    memorySize: 256,
    ...signedInEndpoints,
    // The list's filters read their sparse partitions: category on GSI3, vendor on GSI2.
    table: { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'], indexes: ['gsi2', 'gsi3'] },
  },
  notifications: {
    description: "the notification feed (/api/notifications*): the caller's own notifications",
    memorySize: 256,
    ...signedInEndpoints,
    table: { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem'], indexes: ['gsi1'] },
  },
  webhooks: {
    description: "the webhook endpoints of an event and their delivery logs (/api/events/{id}/webhooks*)",
    memorySize: 256,
    ...signedInEndpoints,
    table: { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem'] },
    // Seals each new signing secret (docs/webhooks.md); it never opens one.
    sealingKey: true,
  },
  seating: {
    description: 'the seating endpoints: tables, seats, constraints, the proposal and the exports (/api/events/{id}/tables, /api/events/{id}/seating/*, /api/tables/*)',
    // The chart, the proposal and the export read the event's tables, seats and guests whole (10,000 guests ≈ 5 MB).
    memorySize: 512,
    ...signedInEndpoints,
    // Each seat change is one transaction (conditional seat create, ConditionCheck of the guest's answer).
    table: { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'] },
  },
};

export type ScheduleName = (typeof schedules)[number]['name'];

/**
 * The webhook senders (the dispatch consumer and the retry job) open the signing secrets and POST to the
 * endpoints themselves, SSRF-checked (shared/webhooks/send.ts): attempts of 10 s at most, under leases.
 */
const webhookSender = {
  memorySize: 256,
  // Takes each attempt under its lease and records it; disables an endpoint and writes the organizer's notification.
  table: { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem'] },
  tokens: 'none',
  sendsEmail: false,
  sealingKey: true,
} as const satisfies Partial<FunctionNeeds>;

export const scheduleNeeds: Record<ScheduleName, FunctionNeeds> = {
  'webhook-retries': {
    description: 'the webhook retry job: deliveries due again after their backoff (scheduled)',
    ...webhookSender,
    // Queries the due deliveries' GSI2 partitions.
    table: { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem'], indexes: ['gsi2'] },
    // A run stops taking work 30 s before this; an overlapping run skips what the other holds (leases).
    timeout: Duration.minutes(2),
    reservedConcurrency: 2,
  },
  reminders: {
    description: 'the reminders job (scheduled)',
    memorySize: 512,
    timeout: Duration.minutes(2),
    // Records each reminder (once-only) with its outbox notice; the invitations sender emails the notices,
    // so this function itself never calls SES.
    table: { actions: ['BatchGetItem', 'Query', 'PutItem', 'ConditionCheckItem'], indexes: ['gsi2'] },
    tokens: 'none',
    sendsEmail: false,
  },
  overspend: {
    description: 'the overspend alerts job (scheduled)',
    memorySize: 512,
    timeout: Duration.minutes(2),
    // Records each crossing (alert item + outbox notice) and clears lines that dropped back.
    table: { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'DeleteItem'], indexes: ['gsi2'] },
    tokens: 'none',
    // The alerts are outbox notices: the outbox sender emails them.
    sendsEmail: false,
  },
  privacy: {
    description: "the guest-data purge job: anonymises the guests of events past the retention period (scheduled)",
    memorySize: 512,
    // A 10,000-guest event is purged in pages; a run stops a margin before this and files the rest for
    // the next run (functions/privacy/handler.ts).
    timeout: Duration.minutes(10),
    table: { actions: ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'], indexes: ['gsi1', 'gsi2'] },
    tokens: 'none',
    sendsEmail: false,
    // A scheduled job that writes in bulk: two runs at once only race each other for the same events.
    reservedConcurrency: 2,
  },
  accounts: {
    description: 'the squatting-expiry job: deletes accounts never verified within 7 days (scheduled)',
    memorySize: 256,
    timeout: Duration.minutes(5),
    // Deletes the account, its claims and its marker conditionally (functions/accounts/handler.ts), and
    // finishes owners' deletions: their events' deletions are domain events.
    table: { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'ConditionCheckItem'], indexes: ['gsi1', 'gsi2'] },
    tokens: 'none',
    sendsEmail: false,
  },
  outbox: {
    description: 'the outbox sender: every notice and invitation batch, through SES (scheduled)',
    memorySize: 1024,
    // Large batches are sent across runs: each run stops a margin before this and leases what it takes
    // for longer than this (functions/outbox/run.ts), so an overlapping run never sends the same entry.
    timeout: Duration.minutes(10),
    table: { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'], indexes: ['gsi2'] },
    tokens: 'none',
    // Opens the sealed invitation codes and team tokens to put them in the links it mails.
    sealingKey: true,
    sendsEmail: true,
    publishesEvents: true,
    // Overlapping runs are leased apart, but each adds its own sending rate against SES's account quota.
    reservedConcurrency: 3,
  },
};

/** Keyed by the targets of the domain-event rules (shared/routes.ts eventRules), like groupNeeds. */
export const consumerNeeds: Record<EventRuleTarget, FunctionNeeds> = {
  'webhook-dispatch': {
    description: "the webhook consumer of the domain events: one signed delivery per subscribed endpoint (EventBridge rule)",
    ...webhookSender,
    // Up to ten endpoints at once, each attempt cut at 10 s.
    timeout: Duration.seconds(30),
  },
  notify: {
    description: 'the notification consumer of the domain events (EventBridge rule)',
    memorySize: 256,
    timeout: Duration.seconds(30),
    // Writes notifications and their email notices (the outbox sender emails them).
    table: { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'DeleteItem', 'BatchWriteItem'], indexes: ['gsi1'] },
    tokens: 'none',
    sendsEmail: false,
  },
  'realtime-push': {
    description: 'the real-time consumer of the domain events: pushes counters to WebSocket subscribers',
    memorySize: 256,
    timeout: Duration.seconds(30),
    // Deletes the connections and subscriptions API Gateway reports gone.
    table: { actions: ['GetItem', 'BatchGetItem', 'Query', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'] },
    tokens: 'none',
    sendsEmail: false,
  },
  'invitation-opens': {
    description: "the invitation open recorder: a guest's look at their RSVP page, announced by the GET (EventBridge rule)",
    memorySize: 256,
    timeout: Duration.seconds(30),
    // Marks the guest and the invitation row opened and counts the open on the batch, in one transaction;
    // while migration 0008 is not done, finds the row first (its checkpoint's GetItem, a BatchGetItem of both keys).
    table: { actions: ['GetItem', 'BatchGetItem', 'UpdateItem'] },
    tokens: 'none',
    sendsEmail: false,
  },
  'seating-release': {
    description: 'the seating consumer of the domain events: unseats a guest who stopped attending, and tells the organizer (EventBridge rule)',
    memorySize: 256,
    timeout: Duration.seconds(30),
    // Reads the guest and their seats, frees each seat in a transaction, writes the organizer's notification.
    table: { actions: ['BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem'] },
    tokens: 'none',
    sendsEmail: false,
  },
  'guest-import': {
    description: 'the background guest import: a stored CSV job added in checkpointed transactions, progress to the WebSocket (EventBridge rule)',
    // 10,000 rows are ~320 transactions in turn (about a minute); a run cut short is retried and resumes
    // from the job's checkpoint.
    memorySize: 1024,
    timeout: Duration.minutes(10),
    // Reads the job and its rows, the email claims, the event after a refusal and the subscribers; writes
    // the batches (guests, claims, lookups, counters, audit, checkpoint) and ends the job; forgets gone
    // WebSocket connections as realtime-push does.
    table: { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'ConditionCheckItem'] },
    tokens: 'none',
    sendsEmail: false,
    // Seals each new guest's invitation code for the invitations sender.
    sealingKey: true,
    // Each batch's audit entry is a `guest.added` domain event.
    publishesEvents: true,
    // Imports of different events run side by side; this bounds how hard they write at once.
    reservedConcurrency: 5,
  },
};

/** Keyed by the targets of the AWS service-event rules (shared/routes.ts serviceEventRules), like groupNeeds. */
export const serviceConsumerNeeds: Record<ServiceEventRuleTarget, FunctionNeeds> = {
  'document-scan': {
    description: "the malware scan recorder: GuardDuty's result of each uploaded document version (EventBridge rule)",
    memorySize: 256,
    timeout: Duration.seconds(30),
    // Records the result on the version (and its document); an infected one also writes the audit entry
    // `document.infected`, whose domain event it publishes, and deletes the object (bindDocumentsBucket).
    table: { actions: ['BatchGetItem', 'PutItem', 'UpdateItem', 'ConditionCheckItem'] },
    tokens: 'none',
    sendsEmail: false,
  },
};

/**
 * The table use of the functions the stack makes one by one (no needs record of their own). The realtime
 * authorizer's one DeleteItem, of connect tickets only, is granted with its condition in infra/stack.ts.
 */
export const standaloneTableUse = {
  authorizer: 'none',
  // Notes each event on its invitation row or notice, and suppresses a bouncing address; while migration
  // 0008 is not done, reads its checkpoint (GetItem) and finds the row at either key (BatchGetItem).
  'email-events': { actions: ['GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem'] },
  // Takes each published audit entry out of the outbox (a conditional UpdateItem); reads only the stream.
  'domain-event-stream': { actions: ['UpdateItem'] },
  // Records connections and subscriptions; reads sessions, events and memberships.
  realtime: { actions: ['GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'] },
  // Reads the account, writes its audit entry, Queries and deletes its sessions, or moves the sessions
  // cut-off. Sealed values live in many partitions and no index gathers them: the re-seal and the
  // retirement walk the table with a Scan (shared/data/sealed-values.ts), the only function that may; so
  // do the data migrations (shared/data/migrations: Scan pages, conditional rewrites, the checkpoint; 0005
  // writes a sub-event's marker in a transaction with ConditionChecks of the sub-event and its event;
  // 0006 reads an event and its open-due item in one BatchGetItem; 0008 moves an invitation row: a Put and
  // the legacy row's Delete in one transaction).
  admin: { actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'Scan', 'ConditionCheckItem'] },
} as const satisfies Record<string, TableUse>;
