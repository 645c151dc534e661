import * as z from 'zod';
import { domainEventTypes } from '../domain/domain-events/contract.ts';
import { idParam, pageQuery, text } from './common.ts';

/** What the webhook routes accept (docs/webhooks.md). */
export const webhookParams = idParam.extend({ webhookId: z.string().trim().min(1).max(64) });
export const webhookDeliveryParams = webhookParams.extend({ deliveryId: z.string().trim().min(1).max(200) });

/** https only: the sender refuses anything else, and an http URL would carry the signed payload in clear. */
const httpsUrl = z.url({ protocol: /^https$/, message: 'Use an https URL such as https://hooks.example.com/planning' }).trim().max(2_000);

export const createWebhookBody = z.object({
  url: httpsUrl,
  event_types: z
    .array(z.enum(domainEventTypes))
    .min(1, 'Choose at least one event type')
    .max(domainEventTypes.length)
    .refine((types) => new Set(types).size === types.length, 'Each event type once'),
  description: text(200).nullish(),
});

export const webhookDeliveriesQuery = pageQuery;
