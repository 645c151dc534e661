import type { Context, EventBridgeEvent } from 'aws-lambda';
import { config } from '#shared/config.ts';
import { type DomainEvent, domainEventSchema } from '#shared/domain/domain-events/contract.ts';
import { visibleDomainEvent } from '#shared/domain/visibility/domain-events.ts';
import { visibleCounters } from '#shared/domain/visibility/event.ts';
import { createLogger } from '#shared/logger.ts';
import { type PushOutcome, pushToEventSubscribers } from '#shared/realtime/push.ts';
import { tracedHandler } from '#shared/observability/tracer.ts';

/**
 * Consumer of the domain events (rule `realtime` of shared/routes.ts's eventRules): after any change to
 * an event, its subscribers get the event's counters as they are now (the event item is read strongly
 * consistent with the subscribers' memberships; the same summaries GET /api/events/{id} shows). No
 * idempotence record on purpose: the message carries counters read at send time, not a delta, so a
 * redelivered domain event only sends the current counters again, which a client replacing its copy
 * shows unchanged; `as_of` lets a client drop a push that overtook a newer one.
 */
export type RealtimePushOutcome = PushOutcome | { skipped: 'invalid' };

async function handle(event: EventBridgeEvent<string, DomainEvent>, context: Context): Promise<RealtimePushOutcome> {
  const log = createLogger({ component: 'realtime-push', requestId: context.awsRequestId }, config().LOG_LEVEL);
  const parsed = domainEventSchema.safeParse(event.detail);
  if (!parsed.success) {
    // Not a domain event of this contract: retrying would not help, so it is logged and dropped.
    log.warn('domain event ignored', { detailType: event['detail-type'], problems: parsed.error.issues.length });
    return { skipped: 'invalid' };
  }
  const domainEvent = parsed.data;
  // Each subscriber hears of the change only if it is of an area they read, with the counters they may see.
  const outcome = await pushToEventSubscribers(domainEvent.event_id, (planned, permissions, openDue) => {
    if (!visibleDomainEvent(domainEvent, permissions)) return null;
    const readAt = new Date();
    return {
      type: 'event.updated',
      event_id: domainEvent.event_id,
      domain_event: { type: domainEvent.type, id: domainEvent.id, occurred_at: domainEvent.occurred_at },
      counters: visibleCounters(planned, openDue, readAt, permissions),
      as_of: readAt.toISOString(),
    };
  });
  log.info('pushed', { eventId: domainEvent.event_id, domainEvent: domainEvent.id, type: domainEvent.type, ...outcome });
  return outcome;
}

export const handler = tracedHandler(handle);
