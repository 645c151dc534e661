import { type OutboxEntry, releaseOutboxEntry } from '#shared/data/outbox.ts';
import { retryDelayMs } from '#shared/domain/invitations/delivery.ts';
import { pendingDomainEvents, publishPending } from '#shared/events/publish.ts';
import type { SenderRun } from './run-summary.ts';

/**
 * An audit entry whose domain events were not published right after their commit (the bus failed or
 * was slow, or the function stopped in between): put them on the bus now and take the entry out of the
 * outbox, or leave it due again after a backoff. Never given up: a domain event is cheap to keep trying.
 */
type Claimed = { item: Record<string, unknown>; lease: string };

export async function publishDomainEvents(entry: Extract<OutboxEntry, { kind: 'DOMAINEVENT' }>, claimed: Claimed, run: SenderRun): Promise<void> {
  const pending = pendingDomainEvents(claimed.item);
  const attempts = Number(claimed.item.attempts ?? 0) + 1;
  const published = pending ? await publishPending([pending]).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))) : [];
  if (published instanceof Error || (pending && published.length === 0)) {
    const lastError = published instanceof Error ? published.message : 'the bus refused an entry';
    await releaseOutboxEntry(entry, claimed.lease, { done: false, nextAt: new Date(Date.now() + retryDelayMs(attempts)) }, { attempts, last_error: lastError });
    run.failures += 1;
    return;
  }
  await releaseOutboxEntry(entry, claimed.lease, { done: true }, {});
  run.domain_events_published += 1;
}
