import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { awsClientOptions } from '../aws/client-options.ts';
import { config } from '../config.ts';
import { type BusEventType, type DomainEvent, domainEventSource } from '../domain/domain-events/contract.ts';
import { traced } from '../observability/client-capture.ts';

/**
 * The EventBridge adapter: one client per container; PutEvents of domain events on the API's bus
 * (`EVENT_BUS_NAME`), locally the endpoint of infra/local/event-bus.ts (`EVENTBRIDGE_ENDPOINT`).
 * Answers the ids of the events the bus accepted; a failed entry (FailedEntryCount) is left out, so its
 * caller leaves it pending for the outbox run.
 */
const ENTRIES_PER_CALL = 10;

// The SDK module is loaded on the first publish: most requests of a function publish nothing, and the
// client costs ~40 ms of CPU at cold start (measured by `npm run bench -- bundles`).
const sdk = () => import('@aws-sdk/client-eventbridge');

let client: Promise<EventBridgeClient> | undefined;

/** Exported for tests, which add fault-injection middleware to it (tests/support/fault-injection.ts). */
export function eventBridge(): Promise<EventBridgeClient> {
  client ??= sdk().then(({ EventBridgeClient }) => {
    const { EVENTBRIDGE_ENDPOINT } = config();
    return traced(new EventBridgeClient({
      ...awsClientOptions('eventbridge'),
      ...(EVENTBRIDGE_ENDPOINT ? { endpoint: EVENTBRIDGE_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    }));
  });
  return client;
}

/** Tests and the local runtime change the environment; this forgets the client. */
export function resetEventBusForTests(): void {
  client = undefined;
}

/** A domain event, or a signal in its envelope (shared/domain/domain-events/contract.ts). */
type BusEvent = Pick<DomainEvent, 'id' | 'occurred_at'> & { type: BusEventType };

export async function putDomainEvents({ events, abortSignal }: { events: BusEvent[]; abortSignal?: AbortSignal }): Promise<Set<string>> {
  const busName = config().EVENT_BUS_NAME;
  if (!busName) throw new Error('EVENT_BUS_NAME is not set for this function');
  const accepted = new Set<string>();
  const [bus, { PutEventsCommand }] = await Promise.all([eventBridge(), sdk()]);
  for (let start = 0; start < events.length; start += ENTRIES_PER_CALL) {
    const chunk = events.slice(start, start + ENTRIES_PER_CALL);
    const result = await bus.send(
      new PutEventsCommand({
        Entries: chunk.map((event) => ({ EventBusName: busName, Source: domainEventSource, DetailType: event.type, Detail: JSON.stringify(event), Time: new Date(event.occurred_at) })),
      }),
      { abortSignal },
    );
    // Entries answer in request order; an entry with an ErrorCode was not put.
    (result.Entries ?? []).forEach((entry, index) => {
      const event = chunk[index];
      if (event && entry.EventId && !entry.ErrorCode) accepted.add(event.id);
    });
  }
  return accepted;
}
