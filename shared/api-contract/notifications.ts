import * as z from 'zod';
import { domainEventTypes } from '../domain/domain-events/contract.ts';
import { webhookDisabledKind } from '../domain/webhooks/endpoint.ts';
import { seatingReleasedKind } from '../domain/seating/rules.ts';
import { idParam } from '../schemas/common.ts';
import { notificationListQuery } from '../schemas/notifications.ts';
import { id, many, one, timestamp } from './envelopes.ts';
import type { GroupContract } from './operation-contract.ts';

/** How the feed shows a notification (functions/notifications/present.ts): never whose it is. */
const notificationSchema = z
  .strictObject({
    id,
    type: z.enum([...domainEventTypes, webhookDisabledKind, seatingReleasedKind]),
    event_id: id,
    event_name: z.string(),
    entity_type: z.string(),
    entity_id: z.string(),
    actor_id: id,
    message: z.string().meta({ example: 'Mary Somerville answered yes' }),
    detail: z.record(z.string(), z.unknown()),
    created_at: timestamp,
    read: z.boolean(),
    read_at: timestamp.nullable(),
  })
  .meta({
    id: 'Notification',
    example: {
      id: '01JD3MA2F0S9R6P3M1K8H4D2N1.rsvp.received', type: 'rsvp.received', event_id: '01JD3M8W6ZQ4V7N2K5T9X1B3C8', event_name: 'Ada & Charles', entity_type: 'guest',
      entity_id: '01JD3M8W6ZQ4V7N2K5T9X1B3C8#01JD3MA2F0S9R6P3M1K8H4D2G1', actor_id: '01JD3M8W6ZQ4V7N2K5T9X1B3C0', message: 'Mary Somerville answered yes', detail: { rsvp_status: 'yes' },
      created_at: '2026-11-24T09:30:00.000Z', read: false, read_at: null,
    },
  });

const unreadCount = z.number().int().min(0).meta({ description: "The caller's unread notifications" });

export const notificationsContract: GroupContract = {
  listNotifications: {
    query: notificationListQuery,
    responses: { 200: { description: 'A page of notifications, newest first', schema: many(notificationSchema, { unread_count: unreadCount }) } },
  },
  markNotificationRead: {
    params: idParam,
    responses: { 200: { description: 'The notification, read (the first read time stays)', schema: one(notificationSchema) } },
  },
  markAllNotificationsRead: {
    responses: {
      200: { description: 'How many were marked now, and the unread count left', schema: one(z.strictObject({ marked: z.number().int().min(0), unread_count: unreadCount })) },
    },
  },
};
