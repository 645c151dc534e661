import type { Context, EventBridgeEvent } from 'aws-lambda';
import { config } from '#shared/config.ts';
import { releaseSeatsOfGuest } from '#shared/data/seating/release.ts';
import { domainEventSchema } from '#shared/domain/domain-events/contract.ts';
import { createLogger } from '#shared/logger.ts';
import { tracedHandler } from '#shared/observability/tracer.ts';

/**
 * Consumer of rsvp.received, rsvp.changed and guest.removed (rule `seating-release` of shared/routes.ts's
 * eventRules, docs/seating.md): a guest who no longer attends (or was removed, or brings fewer plus-ones)
 * gives up the seats they cannot sit in, each freed in its own conditional transaction, and the organizer
 * gets a notification. A redelivery finds nothing left to free. A failure is thrown: EventBridge retries,
 * then the dead-letter queue keeps the event.
 */
async function handle(event: EventBridgeEvent<string, unknown>, context: Context): Promise<{ released: number } | { skipped: 'invalid' }> {
  const log = createLogger({ component: 'seating-release', requestId: context.awsRequestId }, config().LOG_LEVEL);
  const parsed = domainEventSchema.safeParse(event.detail);
  const guestId = parsed.success ? parsed.data.detail.guest_id : undefined;
  if (!parsed.success || typeof guestId !== 'string') {
    log.warn('seating release ignored', { detailType: event['detail-type'] });
    return { skipped: 'invalid' };
  }
  const guestName = typeof parsed.data.detail.guest_name === 'string' ? parsed.data.detail.guest_name : undefined;
  const released = await releaseSeatsOfGuest({ eventId: parsed.data.event_id, guestId, ...(guestName ? { guestName } : {}), domainEventId: parsed.data.id, now: new Date() });
  log.info('seating release', { domainEvent: parsed.data.id, type: parsed.data.type, released: released.length });
  return { released: released.length };
}

export const handler = tracedHandler(handle);
