import { hashPassword, verifyPassword } from '#shared/auth/passwords.ts';
import { config } from '#shared/config.ts';
import { sha256 } from '#shared/auth/tokens.ts';
import { isTransientAwsFailure } from '#shared/aws/transient-errors.ts';
import { verificationMailPut } from '#shared/data/accounts/email-verification.ts';
import { unverifiedMarkerPut } from '#shared/data/accounts/unverified.ts';
import { newSession, tokenBundle, type TokenBundle } from '#shared/auth/sessions.ts';
import { auditPut } from '#shared/data/audit.ts';
import { newId } from '#shared/data/ids.ts';
import { isLive, putSession, sessionWrites } from '#shared/data/sessions.ts';
import { eventDatesAndStatuses, eventIdsWithYesRsvp, findUserByUsername, getUserWithSession, insertUser, registrationLanded, saveEmailNotifications, type UserRecord } from '#shared/data/users.ts';
import { isRepeatedRegistration, registrationRateRule, unverifiedAccountExpiresAt } from '#shared/domain/accounts/registration.ts';
import { isEmailVerified } from '#shared/domain/accounts/verification.ts';
import { type EmailPreferences, emailPreferences } from '#shared/domain/notifications/rules.ts';
import type { Caller } from '#shared/auth/tokens.ts';
import { ConflictError, RateLimitedError, ServiceUnavailableError, UnauthorizedError } from '#shared/http/errors.ts';
import { RequestLimiter } from '#shared/http/request-limiter.ts';
import type { RegisterBody } from '#shared/schemas/auth.ts';
import type { PreferencesBody } from '#shared/schemas/notifications.ts';
import { countAttended, type PublicUser, publicUser } from './user-view.ts';

/** The fields a registration sets, as they appear in its audit entry (never the password). */
const REGISTERED_FIELDS = ['username', 'email', 'full_name', 'phone'] as const;

/**
 * Creates the account and its first session. The user, its claims, the session, the audit entry and the
 * unverified-account marker are one transaction: a taken username writes nothing. A taken email does not
 * refuse (the answer must not tell whether an address has an account): the account is made without the
 * address's claim, and the mail to the address says it already has an account when a verified one holds
 * it (docs/email-verification.md).
 *
 * A 503 means nothing was written (docs/email-verification.md): the tokens are signed before the write,
 * so nothing can fail after it; a write whose answer was lost is read back (201 when it landed); and a
 * repeat of a registration that did land (same Idempotency-Key, username, email and password) answers 201
 * with a new session instead of 409.
 */
export async function registerAccount(body: RegisterBody, request: { sourceIp: string; idempotencyKey?: string; userAgent?: string }): Promise<{ user: PublicUser } & TokenBundle> {
  const now = new Date();
  await throttleRegistration(request.sourceIp, now);
  const keyHash = request.idempotencyKey ? sha256(request.idempotencyKey) : null;
  const user: UserRecord = {
    id: newId(),
    username: body.username,
    email: body.email,
    full_name: body.full_name,
    phone: body.phone,
    password_hash: await hashPassword(body.password),
    events_created: 0,
    ...(keyHash ? { registration_key_hash: keyHash } : {}),
    version: 1,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
  const { session, refreshToken, absoluteEnd } = newSession(user, now, request.userAgent);
  const tokens = await tokenBundle(session, refreshToken);
  const audit = auditPut({ userId: user.id }, {
    actor_id: user.id,
    action: 'register',
    entity_type: 'user',
    entity_id: user.id,
    changes: REGISTERED_FIELDS.map((field) => ({ field, before: null, after: user[field] ?? null })),
    at: user.created_at,
  });

  const outcome = await insertUser(user, [
    ...sessionWrites(session, absoluteEnd),
    audit,
    unverifiedMarkerPut({ user_id: user.id, expires_at: unverifiedAccountExpiresAt(user.created_at) }),
    // The verification mail, sent once by the outbox (its token is made when it is sent).
    verificationMailPut(user.id, user.created_at),
  ]).catch(async (error: unknown) => {
    if ((isTransientAwsFailure(error) || error instanceof ServiceUnavailableError) && (await registrationLanded(user.id))) return 'created' as const;
    throw error;
  });
  if (outcome === 'created') return { user: publicUser(user), ...tokens };
  const repeat = await repeatedRegistration(body, keyHash, now);
  if (repeat) return repeat;
  throw new ConflictError('username_taken', 'This username is already taken.');
}

/** This container's limiter of registrations: the shared count only in batches, never per request. */
const registrations = new RequestLimiter();

/** Registrations an hour per source address (taken before anything else is done). */
async function throttleRegistration(sourceIp: string, now: Date): Promise<void> {
  const decision = await registrations.take(registrationRateRule(config().REGISTRATIONS_PER_SOURCE_PER_HOUR), sourceIp, now);
  if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds, 'Too many registrations from this address; try again later.');
}

/**
 * The account a repeated registration already created (its first answer was lost): a new session for it,
 * or null when the taken name or email belongs to someone else.
 */
async function repeatedRegistration(body: RegisterBody, keyHash: string | null, now: Date): Promise<({ user: PublicUser } & TokenBundle) | null> {
  if (!keyHash) return null;
  const existing = await findUserByUsername(body.username);
  if (!existing || !isRepeatedRegistration(existing, { username: body.username, email: body.email, keyHash }, now)) return null;
  if (!(await verifyPassword(body.password, existing.password_hash))) return null;
  const { session, refreshToken, absoluteEnd } = newSession(existing, now);
  if (!(await putSession(session, absoluteEnd, existing.password_hash))) return null;
  const tokens = await tokenBundle(session, refreshToken);
  return { user: publicUser(existing), ...tokens };
}

export type UserStats = { events_created: number; events_attended: number };

/**
 * The caller with their stats. The session check rides on the read of the user (one BatchGetItem);
 * events attended are the guest records of the user's verified email answered yes whose event has passed.
 */
export async function currentUserProfile(caller: Caller, now = new Date()): Promise<PublicUser & { stats: UserStats; preferences: { email_notifications: EmailPreferences } }> {
  const { session, user } = await getUserWithSession(caller.sessionId, caller.userId);
  if (!isLive(session, now) || session.user_id !== caller.userId) {
    throw new UnauthorizedError('The session has ended; sign in again.');
  }
  if (!user || user.deleting_at) throw new UnauthorizedError('The account no longer exists.');
  // Matched by email: only once the account has proved the address is its own (anyone may register any address).
  const attendedCandidates = isEmailVerified(user) ? await eventDatesAndStatuses(await eventIdsWithYesRsvp(user.email)) : [];
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
