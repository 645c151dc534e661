import type { NotificationRecord } from '../../data/notifications.ts';

/** How the feed shows a notification: what happened, where, and whether it was read (never whose it is). */
export const presentNotification = (record: NotificationRecord) => ({
  id: record.id,
  type: record.kind,
  event_id: record.event_id,
  event_name: record.event_name,
  entity_type: record.entity_type,
  entity_id: record.entity_id,
  actor_id: record.actor_id,
  message: record.message,
  detail: record.detail,
  created_at: record.created_at,
  read: Boolean(record.read_at),
  read_at: record.read_at ?? null,
});
