import * as z from 'zod';
import { emailableNotificationTypes } from '../domain/notifications/rules.ts';
import { changeEmailBody, changePasswordBody, deleteAccountBody, forgotPasswordBody, loginBody, refreshBody, registerBody, resetFormBody, resetPasswordBody, resetTokenParam, sessionParams, verifyEmailBody, verifyEmailFormBody, verifyEmailParams } from '../schemas/auth.ts';
import { preferencesBody } from '../schemas/notifications.ts';
import { deletedBody, id, many, one, timestamp } from './envelopes.ts';
import type { GroupContract } from './operation-contract.ts';

/** What the API shows of a user (functions/auth/user-view.ts): never the password hash. */
const userFields = {
  id,
  username: z.string(),
  email: z.string(),
  full_name: z.string(),
  phone: z.string().nullable(),
  email_verified: z.boolean().meta({ description: 'Whether the owner of the address followed the verification link sent at registration' }),
  created_at: timestamp,
  updated_at: timestamp,
};
// Components are never `.extend`ed: the generator would answer allOf over a closed object, which no
// object with the added fields could satisfy. Shapes are spread instead.
export const userSchema = z.strictObject(userFields).meta({ id: 'User' });

const tokenFields = {
  access_token: z.string().meta({ description: 'Send as Authorization: Bearer <access_token>' }),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int().meta({ description: 'Seconds the access token lasts (at most 900)' }),
  refresh_token: z.string().meta({ description: 'Shown once; exchange it at /api/auth/refresh' }),
  refresh_expires_in: z.number().int(),
};

/** Which notification kinds also come by email: every kind, true or false. */
const emailNotifications = z
  .strictObject(Object.fromEntries(emailableNotificationTypes.map((type) => [type, z.boolean()])) as Record<(typeof emailableNotificationTypes)[number], z.ZodBoolean>)
  .meta({ id: 'EmailNotifications' });

const html = z.string().meta({ description: 'A phone-first HTML page' });

const tokens = z.strictObject(tokenFields).meta({ id: 'Tokens' });
const signedIn = z.strictObject({ user: userSchema, ...tokenFields }).meta({
  id: 'SignedIn',
  example: {
    user: {
      id: '01JD3M8W6ZQ4V7N2K5T9X1B3C8', username: 'ada', email: 'ada@example.com', full_name: 'Ada Lovelace', phone: null, email_verified: false,
      created_at: '2026-11-24T09:30:00.000Z', updated_at: '2026-11-24T09:30:00.000Z',
    },
    access_token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIwMUpEM004VzYifQ.c2lnbmF0dXJl',
    token_type: 'Bearer',
    expires_in: 900,
    refresh_token: '01JD3M8W6ZQ4V7N2K5T9X1B3C9.Zm9vYmFyYmF6',
    refresh_expires_in: 2592000,
  },
});

export const authContract: GroupContract = {
  register: {
    body: { schema: registerBody, example: { username: 'ada', email: 'ada@example.com', password: 'analytical-engine-1843', full_name: 'Ada Lovelace' } },
    responses: {
      201: {
        description: 'The account, signed in, with `email_verified: false`; a mail to the address has the link that verifies it. The answer is the same whether or not another account has the address (no enumeration): then the mail tells its owner they already have an account, and this one signs in by username only until it proves the address. A taken username is 409.',
        schema: one(signedIn),
        headers: { Location: 'The signed-in user: /api/auth/user' },
      },
    },
    problems: [409, 429, 503],
    idempotencyKeyIgnored: 'Public: there is no caller to keep a key for, and the answer holds tokens, which are never stored. A repeat cannot make a second account: the username is taken (409); a repeat with the same key, username, email and password of an account made in the last 24 hours (its answer was lost) answers 201 with a new session.',
  },
  login: {
    body: { schema: loginBody, example: { login: 'ada', password: 'analytical-engine-1843' }, description: '`username`, `email` or `login`, plus the password' },
    responses: { 200: { description: 'Signed in', schema: one(signedIn) } },
    problems: [401, 429],
    idempotencyKeyIgnored: 'Public, and the answer is a new session\'s tokens, which are never stored. A repeat signs in again; it creates no planning data.',
  },
  refresh: {
    body: { schema: refreshBody, example: { refresh_token: '01JD3M8W6ZQ4V7N2K5T9X1B3C9.Zm9vYmFyYmF6' } },
    responses: { 200: { description: 'New tokens; the refresh token used is spent', schema: one(tokens) } },
    problems: [401],
    idempotencyKeyIgnored: 'Public, and the answer holds rotated tokens, which are never stored. The refresh token is spent by the first call, so a repeat is refused (401).',
  },
  logout: {
    idempotencyKeyIgnored: 'Ends the session: a repeat carries a token that no longer works (401) before any key is read. It creates nothing, and ending an ended session changes nothing.',
    responses: { 200: { description: 'The session has ended', schema: one(z.strictObject({ logged_out: z.literal(true) })) } },
  },
  currentUser: {
    responses: {
      200: {
        description: 'The signed-in user and their stats',
        schema: one(
          z
            .strictObject({
              ...userFields,
              stats: z.strictObject({ events_created: z.number().int(), events_attended: z.number().int() }),
              preferences: z.strictObject({ email_notifications: emailNotifications }),
            })
            .meta({ id: 'UserWithStats' }),
        ),
      },
    },
  },
  updatePreferences: {
    body: {
      schema: preferencesBody,
      example: { email_notifications: { 'rsvp.received': true, 'task.assigned': true } },
      description: 'Replaces the choice: a kind left out is off; an unknown kind is refused',
    },
    responses: { 200: { description: 'Every kind with its choice', schema: one(z.strictObject({ email_notifications: emailNotifications })) } },
  },
  deleteAccount: {
    body: {
      schema: deleteAccountBody,
      example: { password: 'analytical-engine-1843', owned_events: 'delete', transfers: { '01JD3M8W6ZQ4V7N2K5T9X1B3C8': '01JD3M8W6ZQ4V7N2K5T9X1B3D1' } },
      description: 'The password again, and a choice for every event the account organizes: `transfers` hands an event to another active member of its team (event id → user id); `owned_events: "delete"` deletes every owned event not transferred, with its guests, budget, documents and the rest',
    },
    responses: {
      200: {
        description: 'The account is deleted: it cannot sign in, every session has ended (the access token used here is refused from now on), its username and email can be registered again, and a mail tells its verified address. The teams it was on no longer list it; their activity shows its entries as made by `deleted-user`. `completed: false`: the request ran out of time or met a failure after the account was marked deleting, and the rest of its data (events chosen for deletion, teams, notifications) is removed by the accounts job within the hour. Sent again while a session still works, it carries on where the last one stopped',
        schema: one(z.strictObject({
          id,
          deleted: z.literal(true),
          events_transferred: z.number().int(),
          events_deleted: z.number().int(),
          teams_left: z.number().int(),
          completed: z.boolean(),
        })),
      },
    },
    problems: [403, 409, 429],
    problemCodes: {
      403: { wrong_password: 'the password is not right (counted like a failed sign-in)' },
      409: {
        owned_events_choice_needed: 'events the account organizes are neither in `transfers` nor covered by `owned_events: "delete"`: each is named in `errors` (`transfers.<event id>`); nothing was changed',
        invalid_transfer: 'a transfer names an event the account does not organize, or a new organizer who is not another active member of its team: each is named in `errors`; nothing was changed',
      },
    },
  },
  changePassword: {
    body: { schema: changePasswordBody, example: { current_password: 'analytical-engine-1843', new_password: 'difference-engine-1822' }, description: 'The current password, and the new one (the password rules of register)' },
    responses: { 200: { description: 'Changed; every other session of the account has ended (this one goes on)', schema: one(z.strictObject({ password_changed: z.literal(true), other_sessions_ended: z.number().int() })) } },
    problems: [403],
  },
  listSessions: {
    responses: {
      200: {
        description: 'The live sessions of the account, the newest sign-in first (all of them: at most MAX_SESSIONS_PER_ACCOUNT, so `next_cursor` is null): the device that signed in (its User-Agent), when, the last refresh, when it ends, and which one is this',
        schema: many(
          z.strictObject({
            id: z.string(),
            device: z.string().nullable(),
            created_at: z.string(),
            last_used_at: z.string(),
            expires_at: z.string(),
            current: z.boolean(),
          }).meta({ id: 'Session' }),
        ),
      },
    },
  },
  endSession: {
    params: sessionParams,
    responses: { 200: { description: 'The session has ended: its access and refresh tokens stop working (this one\'s too, if it was this one)', schema: deletedBody } },
    problems: [404],
  },
  revokeAllSessions: {
    idempotencyKeyIgnored: 'Ends every session, this one too: a repeat carries a token that no longer works (401) before any key is read. Ending ended sessions changes nothing.',
    responses: { 200: { description: 'Every session of the account has ended, this one too', schema: one(z.strictObject({ sessions_ended: z.number().int() })) } },
  },
  forgotPassword: {
    body: { schema: forgotPasswordBody, example: { email: 'ada@example.com' } },
    responses: {
      202: {
        description: 'Always the same answer, whether or not an account uses the address; if one does, a reset link (single use, 30 minutes) is emailed to it',
        schema: one(z.strictObject({ status: z.literal('accepted'), message: z.string() }).meta({ id: 'ForgotPasswordAccepted' })),
      },
    },
    problems: [429],
    idempotencyKeyIgnored: 'Public: there is no caller to keep a key for. A repeat asks for another link (the newest one replaces the older), limited per address and per network.',
  },
  resetPassword: {
    body: { schema: resetPasswordBody, example: { token: '01JD3M8W6ZQ4V7N2K5T9X1B3C8.q8Xw0cJ3f7Yv2mZk9LpT4sRb6nHd1gEa5uWi0oQyKjc', new_password: 'difference-engine-1822' }, description: 'The token from the reset link, and the new password' },
    responses: { 200: { description: 'The password is set; every session of the account has ended', schema: one(z.strictObject({ password_reset: z.literal(true), sessions_ended: z.number().int() })) } },
    idempotencyKeyIgnored: 'Public (the token is the credential): there is no caller to keep a key for. The token works once, so a repeat is refused (400 invalid_reset_token).',
  },
  showPasswordResetPage: {
    params: resetTokenParam,
    responses: { 200: { description: 'The form for the new password', schema: z.string().meta({ description: 'An HTML page' }), mediaType: 'text/html' } },
    htmlErrors: { 400: 'The link was used, has expired or was replaced by a newer one' },
  },
  submitPasswordResetPage: {
    params: resetTokenParam,
    body: {
      schema: resetFormBody,
      mediaType: 'application/x-www-form-urlencoded',
      example: { new_password: 'difference-engine-1822', confirm_password: 'difference-engine-1822' },
      description: 'The page form: new_password and confirm_password',
    },
    responses: { 200: { description: 'The page saying the password is set and every session has ended', schema: z.string().meta({ description: 'An HTML page' }), mediaType: 'text/html' } },
    htmlErrors: { 400: 'The form again saying what to fix, or: the link does not work' },
    idempotencyKeyIgnored: 'Public (the token is the credential): there is no caller to keep a key for. The token works once, so a repeat shows that the link no longer works.',
  },
  verifyEmail: {
    body: { schema: verifyEmailBody, example: { token: '01JD3M8W6ZQ4V7N2K5T9X1B3C8.q3v9Xk2mWJ8pL0sT4yN6bR1cF5hD7gA9eZ2uI8oK3wE' }, description: 'The token of the link in the verification mail (single use, 24 hours)' },
    responses: {
      200: {
        description: 'The address is verified; for an email-change link, it is now the account\'s email',
        schema: one(z.strictObject({ email: z.string(), email_verified: z.literal(true), changed: z.boolean() }).meta({ id: 'VerifiedEmail' })),
      },
    },
    problems: [400, 409],
    idempotencyKeyIgnored: 'Public: there is no caller to keep a key for. The token works once; a repeat is refused (400 invalid_verification_token) and changes nothing.',
  },
  resendVerification: {
    idempotencyKeyIgnored: 'A repeat within a minute is refused by the resend limit (429), so a retried click never queues a second mail; a later one is meant to send another.',
    responses: { 202: { description: 'Another verification mail is queued', schema: one(z.strictObject({ email: z.string(), verification: z.literal('queued') })) } },
    problems: [409, 429],
  },
  changeEmail: {
    body: { schema: changeEmailBody, example: { new_email: 'ada@newmail.example', password: 'analytical-engine-1843' }, description: 'The new address and the current password' },
    responses: {
      202: {
        description: 'The new address gets a link to confirm it, the old one a notice; the email changes only once the link is used',
        schema: one(z.strictObject({ email: z.string(), pending_email: z.string() })),
      },
    },
    problems: [403, 409],
  },
  showVerifyEmailPage: {
    params: verifyEmailParams,
    responses: { 200: { description: 'The page with one button to confirm (opening it changes nothing)', schema: html, mediaType: 'text/html' } },
  },
  submitVerifyEmailPage: {
    params: verifyEmailParams,
    body: { schema: verifyEmailFormBody, mediaType: 'application/x-www-form-urlencoded', example: { confirm: 'yes' }, description: 'The page form (its button only)', optional: true },
    responses: { 200: { description: 'The address is confirmed', schema: html, mediaType: 'text/html' } },
    htmlErrors: { 400: 'The link is not valid, was used or has expired', 409: 'Another account has already confirmed this address' },
    idempotencyKeyIgnored: 'A public page: there is no caller to keep a key for. The token works once; a repeat shows that the link was used and changes nothing.',
  },
};
