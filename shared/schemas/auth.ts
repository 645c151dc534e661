import * as z from 'zod';
import {
  isCommonPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordEchoesIdentity,
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
  .refine((body) => !passwordEchoesIdentity(body.password, stringsOf(body)), {
    path: ['password'],
    message: 'The password must not be your username or email',
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

/** A verification link's token (`<userId>.<secret>`); anything else is answered like a used link. */
const verificationToken = z.string().trim().min(1).max(200);

/** POST /api/auth/email/verify. */
export const verifyEmailBody = z.object({ token: verificationToken });
export type VerifyEmailBody = z.infer<typeof verifyEmailBody>;

/** GET and POST /verify-email/{token}: the link in the mail. */
export const verifyEmailParams = z.object({ token: z.string().max(200) });

/** PUT /api/auth/email: the new address, and the password again. */
export const changeEmailBody = z.object({
  new_email: email,
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});
export type ChangeEmailBody = z.infer<typeof changeEmailBody>;

/** POST /verify-email/{token}: the page's form has only its button; whatever a browser posts is ignored. */
export const verifyEmailFormBody = z.record(z.string(), z.string()).default({});
