// @ts-nocheck
import {
  InternalServerError,
  ProvisionedThroughputExceededException,
  ThrottlingException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { SESv2ServiceException, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import type { MiddlewareStack } from '@smithy/types';
import { db } from '../../shared/data/client.ts';
import { sesClient } from '../../shared/email/ses.ts';
import { eventBridge } from '../../shared/events/bus.ts';

/**
 * Test-only fault injection at the SDK layer: one middleware on a shared client (the document client of
 * shared/data/client.ts, the SES client of shared/email/ses.ts, ...) that fails chosen calls the way the
 * service would, before they reach the emulator. It sits in the `deserialize` step, inside the SDK's
 * retry middleware, so every injected error meets the product's real retry policy first
 * (shared/aws/client-options.ts): the SDK retries throttling and timeouts, the product's own loops retry
 * transaction conflicts and SES throttling, and whatever survives reaches the handlers.
 *
 * Rules say which calls fail (client's command names, an optional test on the input), with what, and how
 * often: `probability` (drawn from a seeded generator, so a failing run replays with its seed) and/or
 * `firstCalls` (the first N matching calls). Nothing here is imported by product code.
 */
export type Fault =
  /** DynamoDB throttling, as the SDK sees a 400 ProvisionedThroughputExceededException / ThrottlingException. */
  | 'dynamodb-throughput'
  | 'dynamodb-throttling'
  /** A 500 from DynamoDB. */
  | 'dynamodb-internal'
  /** TransactWriteItems cancelled because another transaction held one of its items. */
  | 'transaction-conflict'
  /** The request timed out before it was sent (nothing written). */
  | 'timeout'
  /** The request was applied, then its answer was lost to a socket hang-up (the SDK retries it). */
  | 'lost-answer'
  /** SES: TooManyRequestsException (429-like) and an InternalFailure (500). */
  | 'ses-throttling'
  | 'ses-internal'
  /** EventBridge: the PutEvents call fails (500), or succeeds with some entries failed (FailedEntryCount > 0). */
  | 'eventbridge-internal'
  | 'eventbridge-partial';

export type FaultRule = {
  fault: Fault;
  /** Command names without `Command` (`TransactWriteItems`, `SendEmail`, `PutEvents`); all when absent. */
  commands?: string[];
  /** 0..1, drawn from the injector's seeded generator. */
  probability?: number;
  /** The first N calls this rule matches fail (before `probability` is considered). */
  firstCalls?: number;
  /** A further test on the call's input (after the document client marshalled it). */
  when?: (input: Record<string, unknown>) => boolean;
};

export type FaultInjector = {
  /** Calls that reached the injector (every SDK attempt, retries included), by command. */
  attempts: Record<string, number>;
  /** Faults injected, by fault. */
  injected: Partial<Record<Fault, number>>;
  totalInjected: () => number;
  /** Stop injecting (the middleware stays, counting, until `remove`). */
  pause: () => void;
  resume: () => void;
  remove: () => void;
};

type Stacked = { middlewareStack: MiddlewareStack<any, any> }; // any: the injector sits on any service's client

/** mulberry32: a small seeded generator, so a run's faults can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const $metadata = (httpStatusCode: number) => ({ httpStatusCode, attempts: 1, totalRetryDelay: 0 });

function errorFor(fault: Exclude<Fault, 'lost-answer' | 'eventbridge-partial'>, input: Record<string, unknown>): Error {
  switch (fault) {
    case 'dynamodb-throughput':
      return new ProvisionedThroughputExceededException({ message: 'injected: throughput exceeded', $metadata: $metadata(400) });
    case 'dynamodb-throttling':
      return new ThrottlingException({ message: 'injected: rate of requests exceeds the allowed throughput', $metadata: $metadata(400) });
    case 'dynamodb-internal':
      return new InternalServerError({ message: 'injected: internal server error', $metadata: $metadata(500) });
    case 'transaction-conflict': {
      const items = Array.isArray(input.TransactItems) ? input.TransactItems.length : 1;
      return new TransactionCanceledException({
        message: 'injected: Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]',
        $metadata: $metadata(400),
        CancellationReasons: Array.from({ length: items }, (_, index) => ({ Code: index === 0 ? 'TransactionConflict' : 'None' })),
      });
    }
    case 'timeout':
      return Object.assign(new Error('injected: connection timed out'), { name: 'TimeoutError', code: 'ETIMEDOUT' });
    case 'ses-throttling':
      return new TooManyRequestsException({ message: 'injected: maximum sending rate exceeded', $metadata: $metadata(429) });
    case 'ses-internal':
      return new SESv2ServiceException({ name: 'InternalFailure', $fault: 'server', message: 'injected: internal failure', $metadata: $metadata(500) });
    case 'eventbridge-internal':
      return Object.assign(new Error('injected: internal exception'), { name: 'InternalException', $fault: 'server', $metadata: $metadata(500) });
  }
}

type Entry = Record<string, unknown>;

export function injectFaults(client: Stacked, rules: FaultRule[], options: { seed: number }): FaultInjector {
  const random = seededRandom(options.seed);
  const matched = new Map<FaultRule, number>();
  const injector: FaultInjector = {
    attempts: {},
    injected: {},
    totalInjected: () => Object.values(injector.injected).reduce((sum, count) => sum + (count ?? 0), 0),
    pause: () => {
      active = false;
    },
    resume: () => {
      active = true;
    },
    remove: () => {
      client.middlewareStack.remove(name);
    },
  };
  let active = true;
  const name = `fault-injection-${options.seed}-${Math.random().toString(36).slice(2)}`;
  const choose = (command: string, input: Record<string, unknown>): FaultRule | null => {
    for (const rule of rules) {
      if (rule.commands && !rule.commands.includes(command)) continue;
      if (rule.when && !rule.when(input)) continue;
      const seen = (matched.get(rule) ?? 0) + 1;
      matched.set(rule, seen);
      if (rule.firstCalls !== undefined && seen <= rule.firstCalls) return rule;
      if (rule.probability !== undefined && random() < rule.probability) return rule;
    }
    return null;
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName ?? 'unknown').replace(/Command$/, '');
      injector.attempts[command] = (injector.attempts[command] ?? 0) + 1;
      const input = args.input as Record<string, unknown>;
      const rule = active ? choose(command, input) : null;
      if (!rule) return next(args);
      injector.injected[rule.fault] = (injector.injected[rule.fault] ?? 0) + 1;
      if (rule.fault === 'lost-answer') {
        await next(args);
        throw Object.assign(new Error('injected: socket hang up'), { code: 'ECONNRESET' });
      }
      if (rule.fault === 'eventbridge-partial') return failSomeEntries(next, args, random);
      throw errorFor(rule.fault, input);
    },
    { step: 'deserialize', name },
  );
  return injector;
}

/** PutEvents with the first of its entries (and each other with even odds) failed, the rest published. */
async function failSomeEntries(next: (args: any) => Promise<any>, args: { input: Record<string, unknown> }, random: () => number) { // any: the SDK's handler types
  const entries = (args.input.Entries as Entry[] | undefined) ?? [];
  const failing = entries.map((_, index) => index === 0 || random() < 0.5);
  const passing = entries.filter((_, index) => !failing[index]);
  const result = passing.length > 0 ? await next({ ...args, input: { ...args.input, Entries: passing } }) : { output: { Entries: [], $metadata: $metadata(200) } };
  const published = [...((result.output.Entries as Entry[] | undefined) ?? [])];
  const merged = failing.map((fails) => (fails ? { ErrorCode: 'InternalFailure', ErrorMessage: 'injected: entry failed' } : (published.shift() ?? {})));
  return { ...result, output: { ...result.output, Entries: merged, FailedEntryCount: failing.filter(Boolean).length + Number(result.output.FailedEntryCount ?? 0) } };
}

/** On the document client every handler shares. */
export const injectDynamoDbFaults = (rules: FaultRule[], options: { seed: number }) => injectFaults(db(), rules, options);

/** On the SES client the outbox sends through. */
export const injectSesFaults = (rules: FaultRule[], options: { seed: number }) => injectFaults(sesClient(), rules, options);

/** On the EventBridge client domain events are published with (shared/events/bus.ts). */
export const injectEventBridgeFaults = async (rules: FaultRule[], options: { seed: number }) => injectFaults(await eventBridge(), rules, options);
