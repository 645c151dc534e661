import { countUnreadNotifications, listNotifications, markAllNotificationsRead, markNotificationRead } from '#shared/data/notifications.ts';
import { NotFoundError } from '#shared/http/errors.ts';
import { httpGroup, operation } from '#shared/http/group.ts';
import { list, ok } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { notificationListQuery } from '#shared/schemas/notifications.ts';
import { presentNotification } from '#shared/domain/notifications/view.ts';

/**
 * The notifications group: the signed-in user's own feed. Every key is built from the caller's user id,
 * so another user's notification id simply is not found (404), whatever it is.
 */
export const handler = httpGroup('notifications', {
  /** GET /api/notifications: newest first, `unread=true` for the unread ones; `meta.unread_count` always. */
  listNotifications: operation({
    query: notificationListQuery,
    handle: async ({ query, caller }) => {
      const now = new Date();
      const [page, unreadCount] = await Promise.all([
        listNotifications(caller.userId, { limit: query.limit, cursor: query.cursor, unreadOnly: query.unread }, now),
        countUnreadNotifications(caller.userId, now),
      ]);
      return list(page.notifications.map(presentNotification), { next_cursor: page.nextCursor, unread_count: unreadCount });
    },
  }),

  /** POST /api/notifications/{id}/read: idempotent; the first read time stays. */
  markNotificationRead: operation({
    params: idParam,
    handle: async ({ params, caller }) => {
      const record = await markNotificationRead(caller.userId, params.id, new Date().toISOString());
      if (!record) throw new NotFoundError('notification');
      return ok(presentNotification(record));
    },
  }),

  /** POST /api/notifications/read-all: answers how many were marked now, and the count left (0). */
  markAllNotificationsRead: operation({
    handle: async ({ caller }) => {
      const marked = await markAllNotificationsRead(caller.userId, new Date().toISOString());
      return ok({ marked, unread_count: await countUnreadNotifications(caller.userId, new Date()) });
    },
  }),
});
