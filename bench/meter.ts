import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe } from 'node:diagnostics_channel';
import type { Server } from 'node:http';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { callTouches, type Touch } from './model/touches.ts';
import type { RecordedCall } from './raw-replay.ts';

/**
 * Counts DynamoDB calls and the capacity they consume, by adding one middleware to the document client
 * the handlers use. Every command is asked for ReturnConsumedCapacity=INDEXES (a read-only option that
 * changes nothing else; the total is the same as TOTAL's, split by table and index). Bench-only: the
 * handlers never see it in production.
 */
export type Meter = {
  calls: number;
  /**
   * Calls made one after another: a call that starts while none is in flight begins a new round, so a
   * BatchGetItem followed by a Query and a GetItem sent together is 2 rounds of 3 calls.
   */
  rounds: number;
  capacity: number;
  commands: Record<string, number>;
  /**
   * The same counts split by the local HTTP server whose request made the call (keyed by its port): the
   * API server's requests apart from the in-process event bus delivering their domain events to the
   * consumers (which are separate Lambdas in AWS). Calls made outside any request are not in here.
   */
  byServerPort: Record<string, { calls: number; capacity: number; commands: Record<string, number>; touches: Map<string, Touch> }>;
  /** Capacity by partition-key family, index and read/write (bench/model/touches.ts), for the capacity model. */
  touches: Map<string, Touch>;
  /**
   * From now on, the calls of the next `requests` requests the local server on `port` serves, by request
   * (bench/raw-replay.ts sends them again as a write route's raw calls).
   */
  recordRequests: (port: string, requests: number) => void;
  /** The calls recorded since `recordRequests`, by request; recording stops. */
  takeRecorded: () => RecordedCall[][];
  reset: () => void;
};

/**
 * Which local server's request the running code serves: entered when Node's HTTP server starts a request
 * (its `http.server.request.start` diagnostics channel), so it follows that request's async work.
 */
const serverScope = new AsyncLocalStorage<{ port: string; request: number }>();
let requestsStarted = 0;
subscribe('http.server.request.start', (message) => {
  const address = (message as { server: Server }).server.address();
  requestsStarted += 1;
  serverScope.enterWith({ port: typeof address === 'object' && address ? String(address.port) : 'unknown', request: requestsStarted });
});

type Capacity = { CapacityUnits?: number };

const CAPACITY_COMMANDS = /^(Get|Put|Update|Delete|Query|Scan|BatchGet|BatchWrite|TransactGet|TransactWrite)/;

export function attachMeter(client: DynamoDBDocumentClient): Meter {
  let inFlight = 0;
  let recording: { port: string; requests: number; calls: Map<number, RecordedCall[]> } | null = null;
  const meter: Meter = {
    calls: 0,
    rounds: 0,
    capacity: 0,
    commands: {},
    byServerPort: {},
    touches: new Map(),
    recordRequests(port, requests) {
      recording = { port, requests, calls: new Map() };
    },
    takeRecorded() {
      const calls = [...(recording?.calls.values() ?? [])];
      recording = null;
      return calls;
    },
    reset() {
      meter.calls = 0;
      meter.rounds = 0;
      meter.capacity = 0;
      meter.commands = {};
      meter.byServerPort = {};
      meter.touches = new Map();
    },
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName ?? 'unknown').replace(/Command$/, '');
      const input = args.input as Record<string, unknown>;
      if (CAPACITY_COMMANDS.test(name)) input.ReturnConsumedCapacity = 'INDEXES';
      const scope = serverScope.getStore();
      const port = scope?.port;
      if (recording && scope && port === recording.port) {
        const calls = recording.calls.get(scope.request) ?? (recording.calls.size < recording.requests ? [] : null);
        // The input as sent: nothing changes it afterwards, so the reference is the record.
        if (calls) recording.calls.set(scope.request, [...calls, { name, input }]);
      }
      const scoped = port === undefined ? undefined : (meter.byServerPort[port] ??= { calls: 0, capacity: 0, commands: {}, touches: new Map() });
      meter.calls += 1;
      if (inFlight === 0) meter.rounds += 1;
      meter.commands[name] = (meter.commands[name] ?? 0) + 1;
      if (scoped) {
        scoped.calls += 1;
        scoped.commands[name] = (scoped.commands[name] ?? 0) + 1;
      }
      inFlight += 1;
      const result = await next(args).finally(() => {
        inFlight -= 1;
      });
      const consumed = (result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity;
      const touches = callTouches(name, input, consumed);
      addTouches(meter.touches, touches);
      if (scoped) addTouches(scoped.touches, touches);
      for (const entry of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
        meter.capacity += entry.CapacityUnits ?? 0;
        if (scoped) scoped.capacity += entry.CapacityUnits ?? 0;
      }
      return result;
    },
    { step: 'initialize', name: 'benchMeter' },
  );
  return meter;
}

function addTouches(into: Map<string, Touch>, touches: Touch[]): void {
  for (const touch of touches) {
    const key = `${touch.index} ${touch.family} ${touch.op}`;
    const seen = into.get(key);
    if (seen) seen.units += touch.units;
    else into.set(key, { ...touch });
  }
}

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const index = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return sortedMs[Math.max(0, index)] as number;
}

/** Runs `fn` `count` times one after another (latency, not throughput) and returns p50/p95 in ms. */
export async function measure(count: number, fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  const timings: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    await fn();
    timings.push(performance.now() - started);
  }
  timings.sort((a, b) => a - b);
  return { p50: percentile(timings, 50), p95: percentile(timings, 95) };
}
