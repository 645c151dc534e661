import { httpGroup } from '#shared/http/group.ts';
import { listWebhookDeliveries, redeliverWebhook } from './deliveries.ts';
import { createWebhook, deleteWebhook, enableWebhook, getWebhook, listWebhooks, rotateWebhookSecret } from './endpoints.ts';

/** The webhooks group: one Lambda for every webhook route (see shared/routes.ts). */
export const handler = httpGroup('webhooks', { listWebhooks, createWebhook, getWebhook, deleteWebhook, rotateWebhookSecret, enableWebhook, listWebhookDeliveries, redeliverWebhook });
