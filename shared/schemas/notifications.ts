import * as z from 'zod';
import { emailableNotificationTypes } from '../domain/notifications/rules.ts';
import { pageQuery } from './common.ts';

/** `GET /api/notifications?unread=true&limit=&cursor=`. */
export const notificationListQuery = pageQuery.extend({
  unread: z.enum(['true', 'false']).transform((value) => value === 'true').default(false),
});

/**
 * `PUT /api/auth/user/preferences`: which notification kinds also come by email. A PUT replaces: a kind
 * left out is off. Unknown kinds are refused (not ignored) so a typo never silently turns nothing on.
 */
export const preferencesBody = z.object({
  email_notifications: z.strictObject(Object.fromEntries(emailableNotificationTypes.map((type) => [type, z.boolean().optional()])) as Record<(typeof emailableNotificationTypes)[number], z.ZodOptional<z.ZodBoolean>>),
});
export type PreferencesBody = z.infer<typeof preferencesBody>;
