import * as z from 'zod';
import { emailableNotificationTypes } from '../domain/notifications/rules.ts';
import { changeEmailBody, changePasswordBody, deleteAccountBody, endSessionBody, forgotPasswordBody, loginBody, mfaConfirmBody, mfaEnrolmentBody, mfaLoginBody, mfaOwnerProofBody, refreshBody, registerBody, resetFormBody, resetPasswordBody, revokeAllSessionsBody, sessionParams, verifyEmailBody, verifyEmailFormBody } from '../schemas/auth.ts';
import { preferencesBody } from '../schemas/notifications.ts';
import { mailedLinks } from '../pages/mailed-link.ts';
import { linkCookie, linkOpeningContract, MISSING_LINK_COOKIE } from './mailed-links.ts';
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

/** The password step's answer for an account with a second factor: no tokens, no session (docs/mfa.md). */
const secondFactorRequired = z.strictObject({
  mfa_required: z.literal(true),
  challenge: z.string().meta({ description: 'Send it to POST /api/auth/login/mfa with a code; it works once, for challenge_expires_in seconds, and dies after 5 wrong codes' }),
  challenge_expires_in: z.number().int(),
  methods: z.tuple([z.literal('totp'), z.literal('recovery_code')]).meta({ description: 'What the second step takes: `code` from the authenticator app, or `recovery_code`' }),
}).meta({
  id: 'SecondFactorRequired',
  example: { mfa_required: true, challenge: 'q8Xw0cJ3f7Yv2mZk9LpT4sRb6nHd1gEa5uWi0oQyKjc', challenge_expires_in: 300, methods: ['totp', 'recovery_code'] },
});

const recoveryCodes = z.array(z.string()).meta({ description: 'Ten single-use recovery codes, shown this once (only their hashes are kept): each signs in once in place of a code from the app' });
const mfaProofExample = { current_password: 'analytical-engine-1843', code: '492039' };
const codeProblems = {
  wrong_password: 'the password is not right (counted like a failed sign-in)',
  invalid_mfa_code: 'the code (or recovery code) is not right',
  mfa_code_used: 'this code was accepted already (each code works once); wait for the next',
};
/** The email and password changes: the password again and, for an account with a second factor, a code too (ASVS 7.5.1). */
const reauthenticationProblems = {
  ...codeProblems,
  mfa_code_required: 'the account has a second factor: give `code` (from the app) or `recovery_code` with the password',
};
const passwordAgain = { wrong_password: codeProblems.wrong_password };

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
    responses: {
      200: {
        description: 'Signed in; or, for an account with a second factor, no tokens yet: a challenge (`mfa_required: true`) to complete at POST /api/auth/login/mfa',
        schema: one(z.union([signedIn, secondFactorRequired])),
      },
    },
    problems: [401, 429],
    idempotencyKeyIgnored: 'Public, and the answer is a new session\'s tokens, which are never stored. A repeat signs in again; it creates no planning data.',
  },
  loginWithSecondFactor: {
    body: {
      schema: mfaLoginBody,
      example: { challenge: 'q8Xw0cJ3f7Yv2mZk9LpT4sRb6nHd1gEa5uWi0oQyKjc', code: '492039' },
      description: 'The challenge of the password step, and either `code` (6 digits from the authenticator app) or `recovery_code`',
    },
    responses: { 200: { description: 'Signed in, exactly as a login without a second factor answers; the challenge is spent', schema: one(signedIn) } },
    problems: [429],
    problemCodes: {
      401: {
        invalid_mfa_challenge: 'the challenge is unknown, expired, used, or died of wrong codes: sign in with the password again',
        invalid_mfa_code: 'the code (or recovery code) is not right; each wrong one counts against the challenge and the account',
        mfa_code_used: 'this code was accepted already (each code works once); wait for the next',
      },
    },
    idempotencyKeyIgnored: "Public, and the answer is a new session's tokens, which are never stored. The challenge and the code work once, so a repeat is refused (401).",
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
    body: {
      schema: changePasswordBody,
      example: { current_password: 'analytical-engine-1843', new_password: 'difference-engine-1822', code: '492039' },
      description: 'The current password, and the new one (the password rules of register); for an account with a second factor also `code` (from the app) or `recovery_code`',
    },
    responses: { 200: { description: 'Changed; every other session of the account has ended (this one goes on)', schema: one(z.strictObject({ password_changed: z.literal(true), other_sessions_ended: z.number().int() })) } },
    problems: [403, 429],
    problemCodes: { 403: reauthenticationProblems },
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
    body: { schema: endSessionBody, example: { password: 'analytical-engine-1843' }, description: 'To end another session, the password again; ending this one (a logout) needs no body' },
    responses: { 200: { description: 'The session has ended: its access and refresh tokens stop working (this one\'s too, if it was this one)', schema: deletedBody } },
    problems: [403, 404, 429],
    problemCodes: { 403: { ...passwordAgain, password_required: 'ending another session takes `password`' } },
  },
  revokeAllSessions: {
    idempotencyKeyIgnored: 'Ends every session, this one too: a repeat carries a token that no longer works (401) before any key is read. Ending ended sessions changes nothing.',
    body: { schema: revokeAllSessionsBody, example: { password: 'analytical-engine-1843' }, description: 'The password again' },
    responses: { 200: { description: 'Every session of the account has ended, this one too', schema: one(z.strictObject({ sessions_ended: z.number().int() })) } },
    problems: [403, 429],
    problemCodes: { 403: passwordAgain },
  },
  getSecondFactor: {
    responses: {
      200: {
        description: 'Whether a second factor is on, since when, how many recovery codes are left, and whether a set-up waits for its first code',
        schema: one(z.strictObject({ enabled: z.boolean(), enabled_at: z.string().nullable(), recovery_codes_left: z.number().int(), enrolment_pending: z.boolean() }).meta({ id: 'SecondFactorStatus' })),
      },
    },
  },
  startMfaEnrolment: {
    body: { schema: mfaEnrolmentBody, example: { current_password: 'analytical-engine-1843' }, description: 'The current password' },
    responses: {
      200: {
        description: 'A new TOTP secret (a set-up not yet confirmed is replaced): scan `qr_code` or type `secret` into an authenticator app, then confirm with its first code before `expires_at`',
        schema: one(z.strictObject({
          secret: z.string().meta({ description: 'The shared secret in base32, shown this once' }),
          otpauth_uri: z.string().meta({ description: 'otpauth://totp/... (SHA1, 6 digits, 30 s)' }),
          qr_code: z.string().meta({ description: 'The URI as a QR code: an SVG image as a data: URL' }),
          expires_at: timestamp,
        }).meta({ id: 'MfaEnrolment' })),
      },
    },
    problems: [429],
    problemCodes: { 403: passwordAgain, 409: { mfa_already_enabled: 'a second factor is on already; turn it off first' } },
    idempotencyKeyIgnored: 'The answer holds the secret, which is kept nowhere but sealed in the account; a repeat starts a new set-up, replacing the one not yet confirmed.',
  },
  confirmMfaEnrolment: {
    body: { schema: mfaConfirmBody, example: { code: '492039' }, description: 'The first code the authenticator app shows' },
    responses: {
      200: {
        description: 'The second factor is on: sign-in asks for a code from now on. Every other session of the account has ended (this one goes on)',
        schema: one(z.strictObject({ mfa_enabled: z.literal(true), recovery_codes: recoveryCodes, other_sessions_ended: z.number().int() })),
      },
    },
    problemCodes: {
      403: { invalid_mfa_code: 'the code is not right for the secret being set up' },
      409: { mfa_already_enabled: 'a second factor is on already', no_mfa_enrolment: 'no set-up waits for its first code (or it expired): start again', conflict: 'another confirmation won' },
    },
    idempotencyKeyIgnored: 'The recovery codes are kept only as hashes, never in an answer stored for replay; a repeat finds the factor on (409 mfa_already_enabled).',
  },
  disableMfa: {
    body: { schema: mfaOwnerProofBody, example: mfaProofExample, description: 'The current password and either `code` (from the app) or `recovery_code`' },
    responses: { 200: { description: 'The second factor and its recovery codes are gone; sign-in is by password alone again', schema: one(z.strictObject({ mfa_enabled: z.literal(false) })) } },
    problems: [429],
    problemCodes: { 403: codeProblems, 409: { mfa_not_enabled: 'the account has no second factor' } },
  },
  regenerateRecoveryCodes: {
    body: { schema: mfaOwnerProofBody, example: mfaProofExample, description: 'The current password and either `code` (from the app) or `recovery_code`' },
    responses: { 200: { description: 'Ten new recovery codes, shown this once; the old ones no longer work', schema: one(z.strictObject({ recovery_codes: recoveryCodes })) } },
    problems: [429],
    problemCodes: { 403: codeProblems, 409: { mfa_not_enabled: 'the account has no second factor' } },
    idempotencyKeyIgnored: 'The recovery codes are kept only as hashes, never in an answer stored for replay; a repeat needs a new code (each works once).',
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
  openPasswordResetLink: linkOpeningContract(mailedLinks.passwordReset, 'token', 303),
  forwardPasswordResetForm: linkOpeningContract(mailedLinks.passwordReset, 'token', 307),
  showPasswordResetPage: {
    cookies: linkCookie(mailedLinks.passwordReset),
    responses: { 200: { description: 'The form for the new password', schema: z.string().meta({ description: 'An HTML page' }), mediaType: 'text/html' } },
    htmlErrors: { 400: `The link was used, has expired or was replaced by a newer one; or: ${MISSING_LINK_COOKIE}` },
  },
  submitPasswordResetPage: {
    cookies: linkCookie(mailedLinks.passwordReset),
    body: {
      schema: resetFormBody,
      mediaType: 'application/x-www-form-urlencoded',
      example: { new_password: 'difference-engine-1822', confirm_password: 'difference-engine-1822' },
      description: 'The page form: new_password and confirm_password',
    },
    responses: { 200: { description: 'The page saying the password is set and every session has ended', schema: z.string().meta({ description: 'An HTML page' }), mediaType: 'text/html' } },
    htmlErrors: { 400: `The form again saying what to fix, or: the link does not work; or: ${MISSING_LINK_COOKIE}` },
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
  issueRealtimeTicket: {
    description: 'Open the WebSocket of live updates with `?ticket=<ticket>` (`wss://.../live?ticket=...`; locally `ws://localhost:3001/?ticket=...`): the access token never goes in a URL. The ticket works once, for 30 seconds, for this account and session; ask for a new one before every connect (and reconnect). A connect with a used, unknown or expired ticket is refused (403), and one whose session has ended since is refused (401).',
    idempotencyKeyIgnored: 'A ticket works once: replaying the first answer would hand out a used ticket. Ask for a new one instead.',
    responses: {
      200: {
        description: 'A new single-use ticket',
        schema: one(
          z.strictObject({
            ticket: z.string().meta({ description: 'Opaque; send as `?ticket=` on the WebSocket URL. Works once.' }),
            expires_in: z.number().int().meta({ description: 'Seconds the ticket opens a connection (30)' }),
          }).meta({ id: 'RealtimeTicket', example: { ticket: 'q8Xw0cJ3f7Yv2mZk9LpT4sRb6nHd1gEa5uWi0oQyKjc', expires_in: 30 } }),
        ),
      },
    },
  },
  changeEmail: {
    body: {
      schema: changeEmailBody,
      example: { new_email: 'ada@newmail.example', password: 'analytical-engine-1843', code: '492039' },
      description: 'The new address and the current password; for an account with a second factor also `code` (from the app) or `recovery_code`',
    },
    responses: {
      202: {
        description: 'The new address gets a link to confirm it, the old one a notice; the email changes only once the link is used',
        schema: one(z.strictObject({ email: z.string(), pending_email: z.string() })),
      },
    },
    problems: [403, 409, 429],
    problemCodes: { 403: reauthenticationProblems },
  },
  openVerifyEmailLink: linkOpeningContract(mailedLinks.verifyEmail, 'token', 303),
  forwardVerifyEmailForm: linkOpeningContract(mailedLinks.verifyEmail, 'token', 307),
  showVerifyEmailPage: {
    cookies: linkCookie(mailedLinks.verifyEmail),
    responses: { 200: { description: 'The page with one button to confirm (opening it changes nothing)', schema: html, mediaType: 'text/html' } },
    htmlErrors: { 400: MISSING_LINK_COOKIE },
  },
  submitVerifyEmailPage: {
    cookies: linkCookie(mailedLinks.verifyEmail),
    body: { schema: verifyEmailFormBody, mediaType: 'application/x-www-form-urlencoded', example: { confirm: 'yes' }, description: 'The page form (its button only)', optional: true },
    responses: { 200: { description: 'The address is confirmed', schema: html, mediaType: 'text/html' } },
    htmlErrors: { 400: `The link is not valid, was used or has expired; or: ${MISSING_LINK_COOKIE}`, 409: 'Another account has already confirmed this address' },
    idempotencyKeyIgnored: 'A public page: there is no caller to keep a key for. The token works once; a repeat shows that the link was used and changes nothing.',
  },
};
