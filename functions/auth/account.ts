import { hashPassword } from '#shared/auth/passwords.ts';
import { newSession, tokenBundle, type TokenBundle } from '#shared/auth/sessions.ts';
import { auditPut } from '#shared/data/audit.ts';
import { newId } from '#shared/data/ids.ts';
import { isLive, sessionWrites } from '#shared/data/sessions.ts';
import { eventDatesAndStatuses, eventIdsWithYesRsvp, getUserWithSession, insertUser, saveEmailNotifications, type UserRecord } from '#shared/data/users.ts';
import { type EmailPreferences, emailPreferences } from '#shared/domain/notifications/rules.ts';
import type { Caller } from '#shared/auth/tokens.ts';
import { ConflictError, UnauthorizedError } from '#shared/http/errors.ts';
import type { RegisterBody } from '#shared/schemas/auth.ts';
import type { PreferencesBody } from '#shared/schemas/notifications.ts';
import { countAttended, type PublicUser, publicUser } from './user-view.ts';

/** The fields a registration sets, as they appear in its audit entry (never the password). */
const REGISTERED_FIELDS = ['username', 'email', 'full_name', 'phone'] as const;

/**
 * Creates the account and its first session. The user, both uniqueness claims, the session and the
 * audit entry are one transaction: a taken name or email writes nothing at all.
 */
export async function registerAccount(body: RegisterBody): Promise<{ user: PublicUser } & TokenBundle> {
  const now = new Date().toISOString();
  const user: UserRecord = {
    id: newId(),
    username: body.username,
    email: body.email,
    full_name: body.full_name,
    phone: body.phone,
    password_hash: await hashPassword(body.password),
    events_created: 0,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  const { session, refreshToken, absoluteEnd } = newSession(user);
  const audit = auditPut({ userId: user.id }, {
    actor_id: user.id,
    action: 'register',
    entity_type: 'user',
    entity_id: user.id,
    changes: REGISTERED_FIELDS.map((field) => ({ field, before: null, after: user[field] ?? null })),
    at: now,
  });

  const outcome = await insertUser(user, [...sessionWrites(session, absoluteEnd), audit]);
  if (outcome === 'username_taken') throw new ConflictError('username_taken', 'This username is already taken.');
  if (outcome === 'email_taken') throw new ConflictError('email_taken', 'An account with this email already exists.');
  return { user: publicUser(user), ...(await tokenBundle(session, refreshToken)) };
}

export type UserStats = { events_created: number; events_attended: number };

/**
 * The caller with their stats. The session check rides on the read of the user (one BatchGetItem);
 * events attended are the guest records of the user's email answered yes whose event has passed.
 */
export async function currentUserProfile(caller: Caller, now = new Date()): Promise<PublicUser & { stats: UserStats; preferences: { email_notifications: EmailPreferences } }> {
  const { session, user } = await getUserWithSession(caller.sessionId, caller.userId);
  if (!isLive(session, now) || session.user_id !== caller.userId) {
    throw new UnauthorizedError('The session has ended; sign in again.');
  }
  if (!user) throw new UnauthorizedError('The account no longer exists.');
  const attendedCandidates = await eventDatesAndStatuses(await eventIdsWithYesRsvp(user.email));
  return {
    ...publicUser(user),
    stats: { events_created: Number(user.events_created ?? 0), events_attended: countAttended(attendedCandidates, now) },
    preferences: { email_notifications: emailPreferences(user.email_notifications) },
  };
}

/** PUT /api/auth/user/preferences: replaces which notification kinds also come by email; answers all kinds. */
export async function updateEmailPreferences(caller: Caller, body: PreferencesBody): Promise<{ email_notifications: EmailPreferences }> {
  const preferences = emailPreferences(body.email_notifications);
  if (!(await saveEmailNotifications(caller.userId, preferences, new Date().toISOString()))) throw new UnauthorizedError('The account no longer exists.');
  return { email_notifications: preferences };
}
