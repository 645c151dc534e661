import type { Context, EventBridgeEvent } from 'aws-lambda';
import { config } from '#shared/config.ts';
import { type DomainEvent, domainEventSchema } from '#shared/domain/domain-events/contract.ts';
import { createLogger } from '#shared/logger.ts';
import { pushToUsers } from '#shared/realtime/push.ts';
import { presentNotification } from '#shared/domain/notifications/view.ts';
import { type NotifyOutcome, notifyFor } from './notify.ts';

/**
 * Consumer of the domain events (rule `notifications` of shared/routes.ts's eventRules): the in-app
 * notifications and their opted-in emails. A failure is thrown, so EventBridge retries the delivery;
 * the notifications already written make the retry write only the missing ones.
 */
export async function handler(event: EventBridgeEvent<string, DomainEvent>, context: Context): Promise<Omit<NotifyOutcome, 'created'> & { created: number } | { skipped: 'invalid' }> {
  const log = createLogger({ component: 'notify', requestId: context.awsRequestId }, config().LOG_LEVEL);
  const parsed = domainEventSchema.safeParse(event.detail);
  if (!parsed.success) {
    // Not a domain event of this contract: a retry would not change that, so it is logged and dropped.
    log.warn('domain event ignored', { detailType: event['detail-type'], problems: parsed.error.issues.length });
    return { skipped: 'invalid' };
  }
  const outcome = await notifyFor(parsed.data, new Date());
  const [first] = outcome.created;
  if (first && config().WEBSOCKET_ENDPOINT) {
    // Real-time delivery is a courtesy on top of the feed: a failed push is logged, never retried. The
    // notification reads the same for every recipient, so one message goes to all of them.
    await pushToUsers(outcome.created.map((record) => record.user_id), { type: 'notification', notification: presentNotification(first) })
      .catch((error: unknown) => log.warn('notification push failed', { message: error instanceof Error ? error.message : String(error) }));
  }
  const summary = { ...outcome, created: outcome.created.length };
  log.info('notified', { domainEvent: parsed.data.id, type: parsed.data.type, ...summary });
  return summary;
}
