import * as z from 'zod';
import {
  CONTEXT_WORDS_MESSAGE,
  isCommonPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordIsContextWords,
} from '../auth/passwords.ts';
import { email, phone, text } from './common.ts';

/**
 * Usernames: 3-32 of letters, digits, `_`, `.` and `-`. Any case is accepted and kept as typed for
 * display; uniqueness and sign-in compare the lower-cased form, so `Alice` and `alice` are one name.
 */
export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]{3,32}$/;

export const username = z
  .string()
  .trim()
  .regex(USERNAME_PATTERN, 'Use 3-32 characters: letters, digits, _ . and -');

/** The string fields of a value that may still be unchecked input. */
function stringsOf(value: unknown): Record<string, string | undefined> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** Passwords are never trimmed: every character the person typed counts. */
const newPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters`)
  .refine((value) => !isCommonPassword(value), 'This password is one of the most common ones; choose another');

/** POST /api/auth/register. Unknown and read-only fields (id, events_created, password_hash...) are dropped. */
export const registerBody = z
  .object({
    username,
    email,
    password: newPassword,
    full_name: text(100, 1),
    phone: phone.optional(),
  })
  .refine((body) => !passwordIsContextWords(body.password, stringsOf(body)), {
    path: ['password'],
    message: CONTEXT_WORDS_MESSAGE,
    // Runs even when another field is wrong (the value may then be raw input), so every problem is listed.
    when: (payload) => typeof stringsOf(payload.value).password === 'string',
  });
export type RegisterBody = z.infer<typeof registerBody>;

const loginName = z.string().trim().min(1).max(254);

/**
 * POST /api/auth/login: `username`, `email` or `login` (either) plus the password. The password's
 * policy is not checked here: a wrong one is simply wrong credentials.
 */
export const loginBody = z
  .object({
    username: loginName.optional(),
    email: loginName.optional(),
    login: loginName.optional(),
    password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  })
  .refine((body) => Boolean(body.username ?? body.email ?? body.login), {
    path: ['login'],
    message: 'Give username, email or login',
    when: (payload) => typeof payload.value === 'object' && payload.value !== null,
  })
  .transform(({ username: name, email: address, login, password }) => ({
    login: (name ?? address ?? login) as string,
    password,
  }));
export type LoginBody = z.infer<typeof loginBody>;

/** POST /api/auth/refresh. */
export const refreshBody = z.object({
  refresh_token: z.string().trim().min(1).max(512),
});
export type RefreshBody = z.infer<typeof refreshBody>;


/** POST /api/auth/password/forgot. */
export const forgotPasswordBody = z.object({ email });
export type ForgotPasswordBody = z.infer<typeof forgotPasswordBody>;

/** A reset token as mailed: `<userId>.<secret>`; its shape is checked by the reset rules (one answer for any bad token). */
const resetToken = z.string().trim().min(1).max(200);

/** POST /api/auth/password/reset. */
export const resetPasswordBody = z.object({ token: resetToken, new_password: newPassword });
export type ResetPasswordBody = z.infer<typeof resetPasswordBody>;


/** The reset page's form: the new password twice (a browser form, so no JSON and no unknown-field check). */
export const resetFormBody = z.object({
  new_password: z.string().max(PASSWORD_MAX_LENGTH).default(''),
  confirm_password: z.string().max(PASSWORD_MAX_LENGTH).default(''),
});
export type ResetFormBody = z.infer<typeof resetFormBody>;

/** The new-password rules alone, for the page to check its form with the same messages as the API. */
export const newPasswordRule = newPassword;

/** A verification link's token (`<userId>.<secret>`); anything else is answered like a used link. */
const verificationToken = z.string().trim().min(1).max(200);

/** POST /api/auth/email/verify. */
export const verifyEmailBody = z.object({ token: verificationToken });
export type VerifyEmailBody = z.infer<typeof verifyEmailBody>;




/** At most this many events named in one account deletion's `transfers` (an account organizes fewer). */
export const MAX_TRANSFERS = 1_000;

const opaqueId = z.string().min(1).max(64);

/**
 * DELETE /api/auth/user: the password again, and what becomes of each event the account organizes:
 * `transfers` names a new organizer (an active member) per event, `owned_events: "delete"` deletes every
 * one not transferred (`"transfer"`, the default, deletes none: each must be in `transfers`).
 */
export const deleteAccountBody = z.object({
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  owned_events: z.enum(['delete', 'transfer']).optional(),
  transfers: z
    .record(opaqueId, opaqueId)
    .refine((transfers) => Object.keys(transfers).length <= MAX_TRANSFERS, `Name at most ${MAX_TRANSFERS} events`)
    .optional(),
});
export type DeleteAccountBody = z.infer<typeof deleteAccountBody>;

/** POST /verify-email/{token}: the page's form has only its button; whatever a browser posts is ignored. */
export const verifyEmailFormBody = z.record(z.string(), z.string()).default({});

/** A code from the authenticator app (TOTP, docs/mfa.md). */
const totpCode = z.string().trim().regex(/^\d{6}$/, 'Give the 6 digits the authenticator app shows');
/** A recovery code as shown at enrolment (dashes, spaces and case do not matter). */
const recoveryCode = z.string().trim().min(1).max(64);
const currentPassword = z.string().min(1).max(PASSWORD_MAX_LENGTH);

/** The second factor of a request: a code from the app or one recovery code, exactly one of them. */
const secondFactor = { code: totpCode.optional(), recovery_code: recoveryCode.optional() };
const oneFactorGiven = (body: { code?: string; recovery_code?: string }) => (body.code === undefined) !== (body.recovery_code === undefined);
const oneFactorProblem = {
  path: ['code'],
  message: 'Give either code (from the authenticator app) or recovery_code, not both',
  when: (payload: { value: unknown }) => typeof payload.value === 'object' && payload.value !== null,
};

/** POST /api/auth/login/mfa: the challenge the password step answered, and the second factor. */
export const mfaLoginBody = z
  .object({ challenge: z.string().trim().min(1).max(128), ...secondFactor })
  .refine(oneFactorGiven, oneFactorProblem);
export type MfaLoginBody = z.infer<typeof mfaLoginBody>;

/** POST /api/auth/mfa/totp: the password again, so a stolen session alone cannot bind its own app. */
export const mfaEnrolmentBody = z.object({ current_password: currentPassword });
export type MfaEnrolmentBody = z.infer<typeof mfaEnrolmentBody>;

/** POST /api/auth/mfa/totp/confirm: the first code of the app just set up. */
export const mfaConfirmBody = z.object({ code: totpCode });
export type MfaConfirmBody = z.infer<typeof mfaConfirmBody>;

/** POST /api/auth/mfa/disable and /api/auth/mfa/recovery-codes: the password and the second factor. */
export const mfaOwnerProofBody = z
  .object({ current_password: currentPassword, ...secondFactor })
  .refine(oneFactorGiven, oneFactorProblem);
export type MfaOwnerProofBody = z.infer<typeof mfaOwnerProofBody>;

/** With a second factor on, the email and password changes take one too: a code or a recovery code, not both. */
const atMostOneFactor = (body: { code?: string; recovery_code?: string }) => body.code === undefined || body.recovery_code === undefined;

/** PUT /api/auth/password: the current password (and the second factor, when on) prove it is the owner, not just a stolen session. */
export const changePasswordBody = z
  .object({ current_password: currentPassword, new_password: newPassword, ...secondFactor })
  .refine(atMostOneFactor, oneFactorProblem);
export type ChangePasswordBody = z.infer<typeof changePasswordBody>;

/** PUT /api/auth/email: the new address, and the password (and the second factor, when on) again. */
export const changeEmailBody = z
  .object({ new_email: email, password: currentPassword, ...secondFactor })
  .refine(atMostOneFactor, oneFactorProblem);
export type ChangeEmailBody = z.infer<typeof changeEmailBody>;

/** DELETE /api/auth/sessions/{session_id}: an id from GET /api/auth/sessions. */
export const sessionParams = z.object({ session_id: z.string().min(1).max(64) });

/** DELETE /api/auth/sessions/{session_id}: the password, to end another session (ending this one is a logout and needs none). */
export const endSessionBody = z.object({ password: currentPassword.optional() }).default({});
export type EndSessionBody = z.infer<typeof endSessionBody>;

/** POST /api/auth/sessions/revoke-all: the password again, since it ends the other sessions too. */
export const revokeAllSessionsBody = z.object({ password: currentPassword });
export type RevokeAllSessionsBody = z.infer<typeof revokeAllSessionsBody>;
