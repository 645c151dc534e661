import * as z from 'zod';
import { domainEventTypes } from '../domain/domain-events/contract.ts';
import { idParam } from '../schemas/common.ts';
import { createWebhookBody, webhookDeliveriesQuery, webhookDeliveryParams, webhookParams } from '../schemas/webhooks.ts';
import { deletedBody, id, many, one, timestamp, version } from './envelopes.ts';
import type { GroupContract } from './operation-contract.ts';

/** How the API shows webhook endpoints and deliveries (shared/domain/webhooks: presentEndpoint, presentDelivery). */
const endpointFields = {
  id,
  event_id: id,
  url: z.string(),
  event_types: z.array(z.enum(domainEventTypes)),
  description: z.string().nullable(),
  status: z.enum(['active', 'disabled']),
  failing_since: timestamp.nullable().meta({ description: 'Since when every delivery has failed (null: the last one succeeded); 24 hours of it disables the endpoint' }),
  disabled_at: timestamp.nullable(),
  disabled_reason: z.string().nullable(),
  secrets: z.array(z.strictObject({ created_at: timestamp, expires_at: timestamp.nullable() })).meta({ description: 'The secrets that sign now (never their values): after a rotation the previous one until it expires' }),
  created_by: id,
  created_at: timestamp,
  updated_at: timestamp,
  version,
};
const example = {
  id: '01JD3MA2F0S9R6P3M1K8H4D2W1', event_id: '01JD3M8W6ZQ4V7N2K5T9X1B3C8', url: 'https://hooks.example.com/planning', event_types: ['rsvp.received', 'rsvp.changed'],
  description: 'CRM sync', status: 'active', failing_since: null, disabled_at: null, disabled_reason: null, secrets: [{ created_at: '2026-11-24T09:30:00.000Z', expires_at: null }],
  created_by: '01JD3M8W6ZQ4V7N2K5T9X1B3C0', created_at: '2026-11-24T09:30:00.000Z', updated_at: '2026-11-24T09:30:00.000Z', version: 1,
};
const endpointSchema = z.strictObject(endpointFields).meta({ id: 'WebhookEndpoint', example });
const withSecret = z
  .strictObject({ ...endpointFields, secret: z.string().meta({ description: 'The signing secret: shown this once, keep it with the receiver', example: 'whsec_3q2-7wE...' }) })
  .meta({ id: 'WebhookEndpointWithSecret' });

const deliverySchema = z
  .strictObject({
    id: z.string().meta({ description: "The domain event's id: the Webhook-Id header, the same on every attempt" }),
    endpoint_id: id,
    event_id: id,
    event_type: z.enum(domainEventTypes),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int().min(0),
    last_status_code: z.number().int().nullable(),
    last_error: z.string().nullable(),
    first_attempt_at: timestamp.nullable(),
    last_attempt_at: timestamp.nullable(),
    next_attempt_at: timestamp.nullable(),
    delivered_at: timestamp.nullable(),
    created_at: timestamp,
  })
  .meta({ id: 'WebhookDelivery' });

export const webhooksContract: GroupContract = {
  listWebhooks: { params: idParam, responses: { 200: { description: "The event's endpoints (at most 10, one page)", schema: many(endpointSchema) } } },
  createWebhook: {
    params: idParam,
    body: { schema: createWebhookBody, example: { url: 'https://hooks.example.com/planning', event_types: ['rsvp.received', 'rsvp.changed'], description: 'CRM sync' }, description: 'An https URL whose host resolves to public addresses only (checked again at each delivery)' },
    responses: { 201: { description: 'The endpoint with its signing secret, shown this once', schema: one(withSecret), headers: { Location: '/api/events/{id}/webhooks/{webhookId}' } } },
  },
  getWebhook: { params: webhookParams, responses: { 200: { description: 'The endpoint', schema: one(endpointSchema) } } },
  deleteWebhook: { params: webhookParams, responses: { 200: { description: 'Deleted; nothing more is sent to it', schema: deletedBody } } },
  rotateWebhookSecret: { params: webhookParams, responses: { 200: { description: 'The endpoint with its new secret, shown this once; the previous one signs too for 24 hours', schema: one(withSecret) } } },
  enableWebhook: { params: webhookParams, responses: { 200: { description: 'The endpoint, active again', schema: one(endpointSchema) } } },
  listWebhookDeliveries: {
    params: webhookParams,
    query: webhookDeliveriesQuery,
    responses: { 200: { description: 'A page of the delivery log, newest first (one Query per page)', schema: many(deliverySchema) } },
  },
  redeliverWebhook: { params: webhookDeliveryParams, responses: { 202: { description: 'Due again now: the retry job sends it within a minute', schema: one(deliverySchema) } } },
};
