import { claimAttempt, createDelivery, recordAttempt } from '../data/webhooks/deliveries.ts';
import { getEndpoint, listEndpoints, recordEndpointOutcome } from '../data/webhooks/endpoints.ts';
import type { DomainEvent } from '../domain/domain-events/contract.ts';
import { deliveryPayload, type WebhookDelivery } from '../domain/webhooks/delivery.ts';
import { signingSecrets, subscribes, type WebhookEndpoint } from '../domain/webhooks/endpoint.ts';
import { nextAttemptAt, shouldDisable } from '../domain/webhooks/retry-plan.ts';
import { DELIVERY_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signatureHeader } from '../domain/webhooks/signature.ts';
import { notifyEndpointDisabled } from './disabled-notice.ts';
import { openSecrets } from './secrets.ts';
import { postWebhook } from './send.ts';

/**
 * Webhook delivery (docs/webhooks.md): a domain event becomes one delivery per subscribed endpoint, each
 * tried at once; a failed one waits in the due index for the retry job, which tries it again with backoff
 * for 24 hours. Every attempt is taken under a lease (shared/data/webhooks/deliveries.ts), so one success
 * is recorded per event and endpoint however many callers race.
 */
export type AttemptResult = 'delivered' | 'retrying' | 'failed' | 'skipped';

/** The deliveries of one domain event, created once each (a redelivered event finds them) and tried. */
export async function deliverDomainEvent(event: DomainEvent, now = new Date()): Promise<AttemptResult[]> {
  const endpoints = (await listEndpoints(event.event_id)).filter((endpoint) => subscribes(endpoint, event.type));
  return Promise.all(endpoints.map(async (endpoint) => {
    const delivery: WebhookDelivery = {
      id: event.id, endpoint_id: endpoint.id, event_id: event.event_id, event_type: event.type, status: 'pending', attempts: 0,
      payload: deliveryPayload(event), last_status_code: null, last_error: null, first_attempt_at: null, last_attempt_at: null,
      next_attempt_at: now.toISOString(), delivered_at: null, created_at: now.toISOString(),
    };
    await createDelivery(delivery);
    return attemptDelivery(delivery, now);
  }));
}

async function signedHeaders(endpoint: WebhookEndpoint, delivery: WebhookDelivery, now: Date): Promise<Record<string, string> | null> {
  const secrets = await openSecrets(signingSecrets(endpoint.secrets, now), endpoint.id);
  if (secrets.length === 0) return null;
  return {
    [DELIVERY_ID_HEADER]: delivery.id,
    [EVENT_TYPE_HEADER]: delivery.event_type,
    [SIGNATURE_HEADER]: signatureHeader(secrets, Math.floor(Date.now() / 1000), delivery.payload),
  };
}

/** One attempt of one delivery, if no one else is making one and it is still pending. */
export async function attemptDelivery(key: Pick<WebhookDelivery, 'event_id' | 'endpoint_id' | 'id'>, now = new Date()): Promise<AttemptResult> {
  const taken = await claimAttempt(key, now);
  if (!taken) return 'skipped';
  const { delivery, lease } = taken;
  const endpoint = await getEndpoint(delivery.event_id, delivery.endpoint_id);
  if (!endpoint || endpoint.status !== 'active') {
    await recordAttempt(delivery, lease, { status: 'failed', statusCode: null, error: endpoint ? 'The endpoint is disabled' : 'The endpoint was deleted', retryAt: null });
    return 'failed';
  }
  const headers = await signedHeaders(endpoint, delivery, now);
  const outcome = headers
    ? await postWebhook({ url: endpoint.url, body: delivery.payload, headers })
    : { ok: false as const, statusCode: null, error: 'No signing secret can be opened: rotate the secret' };
  const at = new Date().toISOString();
  if (outcome.ok) {
    await recordAttempt(delivery, lease, { status: 'delivered', statusCode: outcome.statusCode, at });
    if (endpoint.failing_since !== null) await recordEndpointOutcome(endpoint, { ok: true });
    return 'delivered';
  }
  const retryAt = nextAttemptAt({ firstAttemptAt: new Date(delivery.first_attempt_at ?? now.toISOString()), attempts: delivery.attempts, now, jitter: Math.random() });
  await recordAttempt(delivery, lease, { status: retryAt ? 'pending' : 'failed', statusCode: outcome.statusCode, error: outcome.error, retryAt: retryAt?.toISOString() ?? null });
  const disable = shouldDisable(endpoint.failing_since ?? now.toISOString(), now);
  if (await recordEndpointOutcome(endpoint, { ok: false, at: now.toISOString(), disable })) await notifyEndpointDisabled(endpoint, now);
  return retryAt ? 'retrying' : 'failed';
}
