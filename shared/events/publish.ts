import * as z from 'zod';
import { type DomainEvent, domainEventSchema } from '../domain/domain-events/contract.ts';
import type { Key } from '../data/keys.ts';
import { markDomainEventsPublished } from '../data/outbox.ts';
import { putDomainEvents } from './bus.ts';

/**
 * Publishing the domain events an audit entry carries (see auditPut). A request only commits its one
 * transaction: the table's stream hands each new audit entry to the domain-event stream consumer
 * (functions/domain-event-stream), which puts its events on the bus and takes the entry out of the outbox,
 * off the request path (docs/domain-events.md). What the stream could not publish stays pending in the
 * outbox, and the outbox run publishes it after its grace. At least once: a crash after PutEvents and
 * before the entry leaves the outbox publishes again, so consumers deduplicate on the event id.
 */
export type PendingDomainEvents = { key: Key; events: DomainEvent[] };

/** The domain events an item (an audit entry) carries, with its key; null for any other item. */
export function pendingDomainEvents(item: Record<string, unknown>): PendingDomainEvents | null {
  const events = z.array(domainEventSchema).min(1).safeParse(item.domain_events);
  return events.success ? { key: { pk: String(item.pk), sk: String(item.sk) }, events: events.data } : null;
}

/** Publishes every event of these entries; answers the entries whose events were all accepted. */
export async function publishPending(entries: PendingDomainEvents[], abortSignal?: AbortSignal): Promise<PendingDomainEvents[]> {
  const accepted = await putDomainEvents({ events: entries.flatMap((entry) => entry.events), ...(abortSignal ? { abortSignal } : {}) });
  return entries.filter((entry) => entry.events.every((event) => accepted.has(event.id)));
}

/**
 * Committed entries (the stream's new audit items): publish their events and take the published ones out
 * of the outbox. Answers the entries left pending (the bus refused one of their events), for the caller
 * to retry; a bus that fails altogether throws.
 */
export async function publishCommitted(entries: PendingDomainEvents[]): Promise<PendingDomainEvents[]> {
  if (entries.length === 0) return [];
  const published = await publishPending(entries);
  await Promise.all(published.map((entry) => markDomainEventsPublished(entry.key)));
  const done = new Set(published);
  return entries.filter((entry) => !done.has(entry));
}
