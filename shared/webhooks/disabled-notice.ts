import { getEventsByIds } from '../data/events/records.ts';
import { notificationPut } from '../data/notifications.ts';
import { transactIfConditionsHold } from '../data/transact.ts';
import { notificationExpiry } from '../domain/notifications/rules.ts';
import { webhookDisabledKind, type WebhookEndpoint } from '../domain/webhooks/endpoint.ts';

/**
 * The organizer told, in their notification feed, that an endpoint was disabled after 24 hours of
 * failures (once: only the call that disabled it gets here, and the id is the endpoint's and the time's).
 */
export async function notifyEndpointDisabled(endpoint: WebhookEndpoint, now: Date): Promise<void> {
  const [event] = await getEventsByIds([endpoint.event_id]);
  if (!event) return;
  await transactIfConditionsHold([notificationPut({
    id: `${endpoint.id}.${webhookDisabledKind}.${now.getTime()}`,
    user_id: event.organizer_id,
    kind: webhookDisabledKind,
    event_id: event.id,
    event_name: event.name,
    entity_type: 'webhook_endpoint',
    entity_id: endpoint.id,
    actor_id: 'system:webhooks',
    message: `Webhook ${endpoint.url} was disabled: every delivery failed for 24 hours`,
    detail: { url: endpoint.url, failing_since: endpoint.failing_since },
    created_at: now.toISOString(),
    ttl: notificationExpiry(now),
  })]);
}
