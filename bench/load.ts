import autocannon from 'autocannon';
import { budgetAlertKeys, childKeys } from '../shared/data/keys.ts';
import { invitationCodeHeader } from './api.ts';
import { type CpuSplit, startCpuSplit } from './cpu-split.ts';
import { LatencyHistogram, type Percentiles } from './latency.ts';
import { type LoadWorld, seedLoadWorld, worldSizesFor } from './load-world.ts';
import { prepareReplay } from './raw-replay.ts';
import { rawAccessRead, rawCollectionPart, rawEventsList, rawGuestPage } from './raw-calls.ts';
import type { BenchContext } from './scenario.ts';

/**
 * The load phase of `npm run bench`: each main route under `connections` concurrent connections for
 * `seconds` (autocannon against the local server), then the raw DynamoDB calls the route needs under the
 * same concurrency for the same time, so the ratio of the two latencies is measured in one run against the
 * same DynamoDB Local. DynamoDB calls and capacity per request come from the meter on the handlers' client.
 */
export type LoadOptions = { connections: number; seconds: number; route?: string };

type HttpRequest = { method: 'GET' | 'POST' | 'PUT'; path: string; headers?: Record<string, string>; body?: unknown };

/** One route under load: the request to send for the n-th call and the raw calls it needs. */
export type LoadTarget = {
  route: string;
  request: (index: number) => HttpRequest;
  /**
   * The raw calls for the n-th request; `replayed` for a write route, whose raw calls are its own, recorded
   * while it is timed and sent again (bench/raw-replay.ts): the same reads, and writes of copies the size of
   * the items it wrote, with their index entries.
   */
  raw: ((index: number) => Promise<unknown>) | 'replayed';
  rawCalls: string;
};

export type TrafficResult = Percentiles & {
  /** Requests written (autocannon stops mid-flight; the server still finishes those). */
  sent: number;
  seconds: number;
  requestsPerSecond: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statuses: Record<string, number>;
};

export type LoadRow = {
  route: string;
  connections: number;
  http: TrafficResult;
  /** The route's own calls (made while serving its requests). */
  dynamoCallsPerRequest: number;
  capacityUnitsPerRequest: number;
  commandsPerRequest: Record<string, number>;
  /** Calls of the in-process event consumers (separate Lambdas in AWS) that the route's domain events triggered. */
  consumerCallsPerRequest: number;
  raw: TrafficResult & { calls: string };
  /** Route latency over raw-call latency, at the median and at p99. */
  ratioP50: number;
  ratioP99: number;
  /** CPU per request of this process and of DynamoDB Local while the route was timed, and while its raw calls were (bench/cpu-split.ts). */
  cpu: { http: CpuSplit; raw: CpuSplit };
};

const round = (value: number): number => Math.round(value * 100) / 100;
const SETTLE_MS = 3_000;
/**
 * Each route is sent traffic this long before it is timed: the local server loads a function group on its
 * first request (tsx compiling its sources, a cold start the bundles phase measures apart) and V8 and
 * DynamoDB Local's JVM compile the route's paths while it runs. The raw calls need no warm-up of their
 * own: the SDK and the same DynamoDB calls were warmed by the route. Issue 15 budgets the warm route.
 */
const WARM_UP_SECONDS = 2;
/** Requests of a write route recorded for its raw calls: enough that concurrent replays rarely share a copy. */
const REPLAYED_REQUESTS = 50;

/** The autocannon request options for a request, JSON-encoding the body and adding the bearer token. */
export function autocannonRequest(request: HttpRequest, token?: string): autocannon.Request {
  return {
    method: request.method,
    path: request.path,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...request.headers,
    },
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
  };
}

/**
 * Runs autocannon with `requests` (each connection cycles through them) and records every response's
 * latency and status in constant memory, however long it runs.
 */
export async function runTraffic(input: {
  url: string;
  connections: number;
  seconds: number;
  requests: autocannon.Request[];
  /** Updated on every response, for a caller that reports progress while the traffic runs. */
  live?: { count: number; failed: number };
}): Promise<TrafficResult> {
  const histogram = new LatencyHistogram();
  const statuses: Record<string, number> = {};
  let instance: autocannon.Instance | undefined;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      { url: input.url, connections: input.connections, duration: input.seconds, requests: input.requests, timeout: 30 },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
  (instance as autocannon.Instance).on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    histogram.record(responseTime);
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    if (input.live) {
      input.live.count += 1;
      if (statusCode < 200 || statusCode > 299) input.live.failed += 1;
    }
  });
  const result = await finished;
  const summary = histogram.summary();
  return {
    ...summary,
    sent: result.requests.sent,
    seconds: result.duration,
    requestsPerSecond: round(summary.count / result.duration),
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statuses,
  };
}

/** `connections` loops calling `fn` until `seconds` have passed: the raw calls under the same concurrency. */
export async function runRawConcurrently(fn: (index: number) => Promise<unknown>, connections: number, seconds: number): Promise<TrafficResult> {
  const histogram = new LatencyHistogram();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let next = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const index = next++;
        const callStarted = performance.now();
        try {
          await fn(index);
        } catch {
          errors += 1;
        }
        histogram.record(performance.now() - callStarted);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const summary = histogram.summary();
  return { ...summary, sent: summary.count, seconds: round(elapsed), requestsPerSecond: round(summary.count / elapsed), errors, timeouts: 0, non2xx: 0, statuses: {} };
}

/** A counter per target: each request of a route picks the next guest, item or answer. */
function rotating<T>(values: T[]): (index: number) => T {
  return (index) => values[index % values.length] as T;
}

/** The main routes with the requests that exercise them and the raw calls each needs. */
export function loadTargets(context: BenchContext, world: LoadWorld): LoadTarget[] {
  const table = { db: context.db, tableName: context.tableName };
  const { access } = world;
  const { eventId } = access;
  const guest = rotating(world.guests);
  const budgetItem = rotating(world.budgetItemIds);
  // Each pass over the guests flips their answer, so every RSVP changes something and writes.
  const answer = (index: number) => (Math.floor(index / world.guests.length) % 2 === 0 ? 'yes' : 'no');
  return [
    {
      route: 'GET /api/events',
      request: () => ({ method: 'GET', path: '/api/events?limit=20&sort=event_date' }),
      raw: () => rawEventsList(table, access.sessionId, access.userId),
      rawCalls: 'session GetItem, memberships Query (GSI1), events BatchGetItem',
    },
    {
      route: 'GET /api/events/{id}',
      request: () => ({ method: 'GET', path: `/api/events/${eventId}` }),
      raw: () => rawAccessRead(table, access),
      rawCalls: 'one BatchGetItem (session, event, membership)',
    },
    {
      route: 'GET /api/events/{id}/guests',
      request: () => ({ method: 'GET', path: `/api/events/${eventId}/guests?limit=50` }),
      raw: () => rawGuestPage(table, eventId, 50),
      rawCalls: 'event BatchGetItem + one Query of 51 guests',
    },
    {
      route: 'POST /api/rsvp',
      request: (index) => ({ method: 'POST', path: '/api/rsvp', headers: invitationCodeHeader(guest(index).code), body: { status: answer(index) } }),
      raw: 'replayed',
      rawCalls: 'its own: code GetItem, event+guest BatchGetItem, one TransactWriteItems (copies)',
    },
    {
      route: 'GET /api/events/{id}/budget',
      request: () => ({ method: 'GET', path: `/api/events/${eventId}/budget` }),
      raw: async () => {
        await rawAccessRead(table, access);
        await rawCollectionPart(table, eventId, budgetAlertKeys.budgetRange);
      },
      rawCalls: 'access BatchGetItem + budget-range Query',
    },
    {
      route: 'PUT /api/budget/items/{id}',
      request: (index) => ({ method: 'PUT', path: `/api/budget/items/${budgetItem(index)}`, body: { actual_cost: 100 + (index % 50) } }),
      raw: 'replayed',
      rawCalls: 'its own: access+item BatchGetItem, one TransactWriteItems of 4 (copies)',
    },
    {
      route: 'GET /api/events/{id}/timeline',
      request: () => ({ method: 'GET', path: `/api/events/${eventId}/timeline` }),
      raw: async () => {
        await rawAccessRead(table, access);
        await rawCollectionPart(table, eventId, { prefix: childKeys.prefix('timelineItem') });
      },
      rawCalls: 'access BatchGetItem + TIMELINE# Query',
    },
  ];
}

/**
 * One entry of autocannon's request list: `setupRequest` hands each call the target's next index. The
 * counter may be shared by several runs (the warm-up and the timed run), so the timed run goes on where
 * the warm-up stopped: each RSVP still changes an answer.
 */
export function targetRequest(target: Pick<LoadTarget, 'request'>, token: string, counter = { next: 0 }): autocannon.Request {
  return { setupRequest: (request) => ({ ...request, ...autocannonRequest(target.request(counter.next++), token) }) };
}

/**
 * The local stack's domain-event path (infra/local/stack.ts): held while a route is timed, then delivered.
 * In AWS the table stream's consumer and the bus consumers are other Lambdas with CPUs of their own; here
 * they share the server's process and its two cores, so running them inside the timed window would time
 * them as the route's. Their DynamoDB calls are still counted (`consumerCallsPerRequest`), after delivery.
 */
export type DomainEventPath = { holdDomainEvents: (held: boolean) => void; eventBusIdle: () => Promise<void> };

/**
 * Traffic with the domain-event feed held, then delivered: the consumers run outside the timed window. The
 * requests cut off when autocannon stops still run to the end in the server: they are let finish, and counted.
 */
async function withEventsHeld<T>(events: DomainEventPath, run: () => Promise<T>): Promise<T> {
  events.holdDomainEvents(true);
  const result = await run();
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  events.holdDomainEvents(false);
  await events.eventBusIdle();
  return result;
}

export async function loadPhase(context: BenchContext, apiUrl: string, options: LoadOptions, events: DomainEventPath): Promise<LoadRow[]> {
  const world = await seedLoadWorld(context, worldSizesFor(options.connections));
  const targets = loadTargets(context, world).filter((target) => options.route === undefined || target.route.includes(options.route));
  if (targets.length === 0) throw new Error(`--route=${options.route}: no load route matches (bench/load.ts loadTargets)`);
  const apiPort = new URL(apiUrl).port;
  const table = { db: context.db, tableName: context.tableName };
  const rows: LoadRow[] = [];
  for (const target of targets) {
    const counter = { next: 0 };
    const traffic = (seconds: number) => runTraffic({ url: apiUrl, connections: options.connections, seconds, requests: [targetRequest(target, world.token, counter)] });
    // The warm-up's domain events are delivered before the timed run, so they count neither in its time nor in its consumers' calls.
    await withEventsHeld(events, () => traffic(WARM_UP_SECONDS));
    context.meter.reset();
    if (target.raw === 'replayed') context.meter.recordRequests(apiPort, REPLAYED_REQUESTS);
    const { http, httpCpuSplit } = await withEventsHeld(events, async () => {
      const httpCpu = startCpuSplit();
      const timed = await traffic(options.seconds);
      return { http: timed, httpCpuSplit: httpCpu.stop(timed.count) };
    });
    const answered = Math.max(1, http.sent);
    const own = context.meter.byServerPort[apiPort] ?? { calls: 0, capacity: 0, commands: {} };
    const commandsPerRequest = Object.fromEntries(Object.entries(own.commands).map(([name, count]) => [name, round(count / answered)]));
    const dynamoCallsPerRequest = round(own.calls / answered);
    const capacityUnitsPerRequest = round(own.capacity / answered);
    const consumerCallsPerRequest = round((context.meter.calls - own.calls) / answered);
    const rawCalls = target.raw === 'replayed' ? await prepareReplay(table, context.meter.takeRecorded()) : target.raw;
    const rawCpu = startCpuSplit();
    const raw = await runRawConcurrently(rawCalls, options.connections, options.seconds);
    const rawCpuSplit = rawCpu.stop(raw.count);
    if (raw.errors > 0) process.stderr.write(`warning: ${raw.errors} of the raw calls for ${target.route} failed; their latencies are still counted\n`);
    rows.push({
      route: target.route,
      connections: options.connections,
      http,
      dynamoCallsPerRequest,
      capacityUnitsPerRequest,
      commandsPerRequest,
      consumerCallsPerRequest,
      raw: { ...raw, calls: target.rawCalls },
      ratioP50: round(http.p50Ms / raw.p50Ms),
      ratioP99: round(http.p99Ms / raw.p99Ms),
      cpu: { http: httpCpuSplit, raw: rawCpuSplit },
    });
  }
  return rows;
}

/** Issue 15, goal 2: the public answer at most 1.5x its raw calls' median latency, at 10 and at 50 connections. */
export const loadRatioBudgets: Record<string, number> = { 'POST /api/rsvp': 1.5 };

/** What the load rows miss of their budgets; nothing for a route without one. */
export function loadBudgetMisses(rows: LoadRow[]): string[] {
  return rows.flatMap((row) => {
    const budget = loadRatioBudgets[row.route];
    return budget !== undefined && row.ratioP50 > budget ? [`budget missed: ${row.route} at ${row.connections} connections p50 ${row.ratioP50}x its raw calls > ${budget}x`] : [];
  });
}

export function printLoadRows(rows: LoadRow[]): string[] {
  const header = ['route', 'conn', 'req/s', 'p50', 'p95', 'p99', 'err', 'non2xx', 'ddb/req', 'cap/req', 'consumers ddb/req', 'raw p50', 'raw p99', 'x p50', 'x p99', 'cpu ms/req node+jvm', 'raw cpu ms/req node+jvm'];
  const cpu = (split: CpuSplit) => `${split.benchProcessMsPerRequest}+${split.dynamoDbLocalMsPerRequest ?? '-'}`;
  const lines = rows.map((row) => [
    row.route, String(row.connections), String(row.http.requestsPerSecond), String(row.http.p50Ms), String(row.http.p95Ms), String(row.http.p99Ms),
    String(row.http.errors), String(row.http.non2xx), String(row.dynamoCallsPerRequest), String(row.capacityUnitsPerRequest), String(row.consumerCallsPerRequest),
    String(row.raw.p50Ms), String(row.raw.p99Ms), String(row.ratioP50), String(row.ratioP99), cpu(row.cpu.http), cpu(row.cpu.raw),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => (line[column] as string).length)));
  return [header, ...lines].map((line) => line.map((cell, column) => cell.padEnd(widths[column] as number)).join('  '));
}
