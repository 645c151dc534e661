import type { Context, EventBridgeEvent } from 'aws-lambda';
import { config } from '#shared/config.ts';
import { domainEventSchema } from '#shared/domain/domain-events/contract.ts';
import { createLogger } from '#shared/logger.ts';
import { tracedHandler } from '#shared/observability/tracer.ts';
import { type AttemptResult, deliverDomainEvent } from '#shared/webhooks/deliver.ts';

/**
 * Consumer of the domain events (rule `webhooks` of shared/routes.ts's eventRules): one delivery per
 * endpoint of the event subscribed to the type, tried at once (shared/webhooks/deliver.ts). A failed
 * attempt is not an error here: it waits in the due index for the webhook-retries job. Only a failure
 * of the table is thrown, so EventBridge retries and then dead-letters the event; a redelivered event
 * finds its deliveries and sends nothing twice.
 */
async function handle(event: EventBridgeEvent<string, unknown>, context: Context): Promise<AttemptResult[] | 'invalid'> {
  const log = createLogger({ component: 'webhook-dispatch', requestId: context.awsRequestId }, config().LOG_LEVEL);
  const parsed = domainEventSchema.safeParse(event.detail);
  if (!parsed.success) {
    log.warn('domain event ignored', { detailType: event['detail-type'], problems: parsed.error.issues.length });
    return 'invalid';
  }
  const results = await deliverDomainEvent(parsed.data);
  if (results.length > 0) log.info('webhook deliveries', { eventId: parsed.data.event_id, domainEventId: parsed.data.id, results });
  return results;
}

export const handler = tracedHandler(handle);
