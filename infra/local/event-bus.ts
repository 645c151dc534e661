import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventBridgeEvent } from 'aws-lambda';
import { domainEventSource } from '../../shared/domain/domain-events/contract.ts';
import { config } from '../../shared/config.ts';
import { createLogger } from '../../shared/logger.ts';
import { eventRules, serviceEventRules } from '../../shared/routes.ts';
import type { AsyncTarget } from '../async-targets.ts';
import { type HandlerSource, invokeAsync } from './async-invoke.ts';
import type { LocalDeadLetters } from './dead-letters.ts';
import { functionEntryExists } from './function-entries.ts';
import { scanConfirmedUpload } from './malware-scanner.ts';

/**
 * The local EventBridge bus: an HTTP endpoint speaking PutEvents' JSON protocol (`X-Amz-Target:
 * AWSEvents.PutEvents`, `application/x-amz-json-1.1`), so the functions publish with the real SDK client
 * (EVENTBRIDGE_ENDPOINT). Each accepted entry is matched against the rule table of shared/routes.ts
 * (`eventRules`, as the stack's rules match it) and handed to each rule's target handler in this process,
 * with the envelope EventBridge delivers, after PutEvents has answered (delivery is asynchronous in AWS
 * too). A target that throws is retried twice and then dead-lettered, as Lambda's asynchronous invocation
 * does in the stack (infra/local/async-invoke.ts). A target whose function does not exist yet is skipped. It also plays GuardDuty: each `document.uploaded`
 * has the stub scanner (infra/local/malware-scanner.ts) scan the version, and its result goes to the
 * target of the `document-scans` service rule, as GuardDuty's event does through the default bus.
 */
export type LocalEventBus = {
  endpoint: string;
  busName: string;
  /** Resolves once every delivery started so far has finished (tests wait on it). */
  idle: () => Promise<void>;
  /** The next `count` entries are refused with `InternalFailure` (tests of the outbox path). */
  failNext: (count: number) => void;
  close: () => Promise<void>;
};

type PutEventsEntry = { Source?: unknown; DetailType?: unknown; Detail?: unknown; EventBusName?: unknown; Time?: unknown };

const LOCAL_ACCOUNT_ID = '000000000000';
/** The bus name the local stack and the tests give the functions (EVENT_BUS_NAME). */
export const localEventBusName = 'event-planning-local';
const [documentScans] = serviceEventRules;
const MAX_ENTRIES = 10;

export type LocalEventBusOptions = {
  port: number;
  busName: string;
  host?: string;
  /** Where events a target kept failing on go. */
  deadLetters: LocalDeadLetters;
  /** The targets' handlers: functions/<target>/handler.ts unless a test wraps one. */
  handlerFor?: HandlerSource;
};

export async function startLocalEventBus(options: LocalEventBusOptions): Promise<LocalEventBus> {
  const inFlight = new Set<Promise<void>>();
  let failures = 0;
  const region = () => process.env.AWS_REGION ?? 'us-east-1';

  async function deliver(target: AsyncTarget, ruleName: string, event: EventBridgeEvent<string, unknown>): Promise<void> {
    await invokeAsync({
      target,
      event: { ...event, resources: [`arn:aws:events:${region()}:${LOCAL_ACCOUNT_ID}:rule/${options.busName}/${ruleName}`] },
      deadLetters: options.deadLetters,
      handlerFor: options.handlerFor,
      // At the functions' level, read when it happens (the environment is set after the bus starts).
      log: createLogger({ component: 'local-event-bus', rule: ruleName }, config().LOG_LEVEL),
    });
  }

  function dispatch(entry: { source: string; detailType: string; detail: unknown; time: Date }): void {
    const event: EventBridgeEvent<string, unknown> = {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.detailType,
      source: entry.source,
      account: LOCAL_ACCOUNT_ID,
      // EventBridge stamps whole seconds.
      time: `${entry.time.toISOString().slice(0, 19)}Z`,
      region: region(),
      resources: [],
      detail: entry.detail,
    };
    for (const rule of eventRules) {
      if (!(rule.detailTypes as readonly string[]).includes(entry.detailType) || entry.source !== domainEventSource) continue;
      if (!functionEntryExists(rule.target)) continue;
      track(deliver(rule.target, rule.name, event));
    }
    if (entry.source === domainEventSource && entry.detailType === 'document.uploaded' && functionEntryExists(documentScans.target)) {
      track(scanConfirmedUpload(entry.detail).then(
        (result) => (result ? deliver(documentScans.target, documentScans.name, result) : undefined),
        (error: unknown) => createLogger({ component: 'local-malware-scanner' }, config().LOG_LEVEL).error('scan failed', { eventId: event.id, message: (error as Error)?.message }),
      ));
    }
  }

  function track(delivery: Promise<void>): void {
    const tracked = delivery.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  }

  function putEvents(body: { Entries?: PutEventsEntry[] }) {
    const entries = Array.isArray(body.Entries) ? body.Entries : [];
    if (entries.length === 0 || entries.length > MAX_ENTRIES) return null;
    const results = entries.map((entry) => {
      if (failures > 0) {
        failures -= 1;
        return { ErrorCode: 'InternalFailure', ErrorMessage: 'Refused on purpose by the local bus (failNext).' };
      }
      if (typeof entry.Source !== 'string' || typeof entry.DetailType !== 'string' || typeof entry.Detail !== 'string') {
        return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Source, DetailType and Detail are required.' };
      }
      if (entry.EventBusName !== undefined && entry.EventBusName !== options.busName) {
        return { ErrorCode: 'InvalidArgument', ErrorMessage: `No event bus named ${String(entry.EventBusName)}.` };
      }
      let detail: unknown;
      try {
        detail = JSON.parse(entry.Detail);
      } catch {
        return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is not JSON.' };
      }
      // The SDK sends Time as epoch seconds.
      const time = typeof entry.Time === 'number' ? new Date(entry.Time * 1000) : new Date();
      dispatch({ source: entry.Source, detailType: entry.DetailType, detail, time });
      return { EventId: randomUUID() };
    });
    return { FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length, Entries: results };
  }

  const answer = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
    response.end(JSON.stringify(body));
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.headers['x-amz-target'] !== 'AWSEvents.PutEvents') {
        answer(response, 400, { __type: 'UnknownOperationException', message: 'The local bus answers PutEvents only.' });
        return;
      }
      let body: { Entries?: PutEventsEntry[] };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Entries?: PutEventsEntry[] };
      } catch {
        answer(response, 400, { __type: 'SerializationException', message: 'The body is not JSON.' });
        return;
      }
      const result = putEvents(body);
      if (!result) answer(response, 400, { __type: 'ValidationException', message: `Entries must hold 1 to ${MAX_ENTRIES} entries.` });
      else answer(response, 200, result);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const idle = async () => {
    while (inFlight.size > 0) await Promise.all([...inFlight]);
  };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    busName: options.busName,
    idle,
    failNext: (count) => {
      failures = count;
    },
    close: async () => {
      await idle();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The SDK keeps its sockets alive; they hold nothing once every delivery is done.
        server.closeAllConnections();
      });
    },
  };
}
