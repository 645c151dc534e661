import type { Context, EventBridgeEvent } from 'aws-lambda';
import { config } from '#shared/config.ts';
import { type DomainEvent, domainEventSchema } from '#shared/domain/domain-events/contract.ts';
import { createLogger } from '#shared/logger.ts';
import { pushToUsers } from '#shared/realtime/push.ts';
import { presentNotification } from '#shared/domain/notifications/view.ts';
import { type NotifyOutcome, notifyFor } from './notify.ts';
import { tracedHandler } from '#shared/observability/tracer.ts';

/**
 * Consumer of the domain events (rule `notifications` of shared/routes.ts's eventRules): the in-app
 * notifications and their opted-in emails. A failure is thrown, so EventBridge retries the delivery;
 * the notifications already written make the retry write only the missing ones.
 */
async function handle(event: EventBridgeEvent<string, DomainEvent>, context: Context): Promise<Omit<NotifyOutcome, 'created'> & { created: number } | { skipped: 'invalid' }> {
  const log = createLogger({ component: 'notify', requestId: context.awsRequestId }, config().LOG_LEVEL);
  const parsed = domainEventSchema.safeParse(event.detail);
  if (!parsed.success) {
    // Not a domain event of this contract: a retry would not change that, so it is logged and dropped.
    log.warn('domain event ignored', { detailType: event['detail-type'], problems: parsed.error.issues.length });
    return { skipped: 'invalid' };
  }
  const outcome = await notifyFor(parsed.data, new Date());
  if (outcome.created.length > 0 && config().WEBSOCKET_ENDPOINT) {
    // Real-time delivery is a courtesy on top of the feed: a failed push is logged, never retried. Each
    // recipient's notification is shaped by their permissions; those that read the same share one push.
    const byNotification = new Map<string, string[]>();
    for (const record of outcome.created) {
      const key = JSON.stringify(presentNotification(record));
      byNotification.set(key, [...(byNotification.get(key) ?? []), record.user_id]);
    }
    await Promise.all([...byNotification].map(([notification, userIds]) =>
      pushToUsers(userIds, { type: 'notification', notification: JSON.parse(notification) as Record<string, unknown> })))
      .catch((error: unknown) => log.warn('notification push failed', { message: error instanceof Error ? error.message : String(error) }));
  }
  const summary = { ...outcome, created: outcome.created.length };
  log.info('notified', { domainEvent: parsed.data.id, type: parsed.data.type, ...summary });
  return summary;
}

export const handler = tracedHandler(handle);
