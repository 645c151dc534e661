import { loadEventAccess } from '#shared/data/events/access.ts';
import { getDelivery, listDeliveryPage, requeueDelivery } from '#shared/data/webhooks/deliveries.ts';
import { getEndpoint } from '#shared/data/webhooks/endpoints.ts';
import { presentDelivery } from '#shared/domain/webhooks/delivery.ts';
import { ConflictError, NotFoundError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { accepted, list } from '#shared/http/responses.ts';
import { webhookDeliveriesQuery, webhookDeliveryParams, webhookParams } from '#shared/schemas/webhooks.ts';

/**
 * An endpoint's delivery log and the manual redeliver (docs/webhooks.md), with the endpoints' access
 * rule (functions/webhooks/endpoints.ts).
 */

/** GET /api/events/{id}/webhooks/{webhookId}/deliveries: newest first, one Query per page. */
export const listWebhookDeliveries = operation({
  params: webhookParams,
  query: webhookDeliveriesQuery,
  session: 'with-first-read',
  handle: async ({ params, query, caller }) => {
    const [, endpoint, page] = await Promise.all([
      loadEventAccess(caller, params.id, 'event', 'write'),
      getEndpoint(params.id, params.webhookId),
      listDeliveryPage(params.id, params.webhookId, query),
    ]);
    if (!endpoint) throw new NotFoundError('webhook');
    return list(page.deliveries.map(presentDelivery), { next_cursor: page.nextCursor });
  },
});

/**
 * POST /api/events/{id}/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver: the delivery due again
 * now with a fresh 24 hours of retries (the retry job sends it within a minute, with the same
 * `Webhook-Id`); 202 with the delivery. 409 while an attempt is under way.
 */
export const redeliverWebhook = operation({
  params: webhookDeliveryParams,
  handle: async ({ params, caller }) => {
    await loadEventAccess(caller, params.id, 'event', 'write');
    const [endpoint, delivery] = await Promise.all([getEndpoint(params.id, params.webhookId), getDelivery(params.id, params.webhookId, params.deliveryId)]);
    if (!endpoint || !delivery) throw new NotFoundError(endpoint ? 'delivery' : 'webhook');
    if (endpoint.status !== 'active') throw new ConflictError('webhook_disabled', 'The endpoint is disabled; enable it first.');
    const now = new Date();
    if (!(await requeueDelivery(delivery, now))) throw new ConflictError('delivery_in_progress', 'An attempt of this delivery is under way; try again in a minute.');
    return accepted(presentDelivery({ ...delivery, status: 'pending', first_attempt_at: null, next_attempt_at: now.toISOString() }));
  },
});
