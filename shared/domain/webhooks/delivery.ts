import type { DomainEvent } from '../domain-events/contract.ts';

/**
 * One domain event for one endpoint (docs/webhooks.md). Its id is the domain event's id, unique within
 * the endpoint: a redelivered domain event finds the delivery it already made, so there is one row, one
 * `Webhook-Id` and at most one recorded success per event and endpoint.
 */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export type WebhookDelivery = {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  status: DeliveryStatus;
  attempts: number;
  /** The body sent, kept so a retry or a redelivery sends the same bytes (signed afresh). */
  payload: string;
  last_status_code: number | null;
  last_error: string | null;
  first_attempt_at: string | null;
  last_attempt_at: string | null;
  next_attempt_at: string | null;
  delivered_at: string | null;
  created_at: string;
};

/**
 * What a receiver gets: the domain event as the bus carries it, less the snapshots a deleted event's
 * detail holds for the internal consumers only (its team and its record).
 */
export function deliveryPayload(event: DomainEvent): string {
  const { team: _team, event: _event, ...detail } = event.detail;
  return JSON.stringify({ id: event.id, type: event.type, event_id: event.event_id, occurred_at: event.occurred_at, actor_id: event.actor_id, entity_type: event.entity_type, entity_id: event.entity_id, detail });
}

/** How the API shows a delivery in the log: the payload stays out (the receiver has it). */
export const presentDelivery = ({ payload: _payload, ...delivery }: WebhookDelivery) => delivery;

/** An attempt's outcome as a short line for the log (never the response body: it is the receiver's). */
export type AttemptOutcome = { ok: true; statusCode: number } | { ok: false; statusCode: number | null; error: string };
