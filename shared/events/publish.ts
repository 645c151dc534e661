import * as z from 'zod';
import { config } from '../config.ts';
import { type DomainEvent, domainEventSchema } from '../domain/domain-events/contract.ts';
import type { Key } from '../data/keys.ts';
import { markDomainEventsPublished } from '../data/outbox.ts';
import { createLogger } from '../logger.ts';
import { putDomainEvents } from './bus.ts';

/**
 * Publishing the domain events an audit entry carries (see auditPut). Right after a transaction commits,
 * its entries' events are put on the bus at once, so consumers see them within a second, and the entries
 * leave the outbox. That is best effort: a bus that fails or is slow is logged, never thrown (the write
 * succeeded and the caller's answer must not change), and the outbox run publishes what is left.
 * At least once: a crash after PutEvents and before the entry leaves the outbox publishes again, so
 * consumers deduplicate on the event id.
 */
const AFTER_COMMIT_TIMEOUT_MS = 2_000;

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

/** After a committed transaction: publish its entries' events now and take them out of the outbox. */
export async function publishAfterCommit(entries: PendingDomainEvents[]): Promise<void> {
  if (entries.length === 0) return;
  try {
    const published = await publishPending(entries, AbortSignal.timeout(AFTER_COMMIT_TIMEOUT_MS));
    await Promise.all(published.map((entry) => markDomainEventsPublished(entry.key)));
    if (published.length < entries.length) log().warn('domain events left for the outbox run', { failed: entries.length - published.length });
  } catch (error) {
    log().warn('domain events left for the outbox run', { message: error instanceof Error ? error.message : String(error) });
  }
}

const log = () => createLogger({ component: 'domain-events' }, config().LOG_LEVEL);
