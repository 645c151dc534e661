/**
 * Mails to an account (not a guest), sent once by the outbox like every other email. Each kind says
 * whether its mail carries a single-use token (made by the sender at send time, stored only hashed) and
 * where the mail's link leads. A kind added here gets its template in shared/email/account-templates.ts.
 */
export const accountMailKinds = ['password_reset', 'email_verification', 'address_already_registered', 'email_change_verification', 'email_change_notice', 'refresh_token_reused', 'account_deleted'] as const;
export type AccountMailKind = (typeof accountMailKinds)[number];

/** A token's purpose: one live token per purpose and user (a newer mail's token replaces the older). */
export type AccountTokenPurpose = 'password_reset' | 'email_verification' | 'email_change';

export type AccountMailRule = {
  /** The token the mail carries, and how long it is good for; absent: a mail without a token. */
  token?: { purpose: AccountTokenPurpose; ttlSeconds: number };
  /** The path of the mail's link (under PUBLIC_BASE_URL), given the token when the kind has one. */
  linkPath?: (token: string) => string;
  /** The mail goes to the address's owner, not to the account that caused it: no name of that account in it. */
  addressedToHolder?: true;
  /**
   * Sent after its account is gone: to `to`, greeting `details.name`, with no account looked up; once sent
   * (or skipped) the row forgets both, so the address does not outlive the account in the outbox.
   */
  withoutAccount?: true;
};

const THIRTY_MINUTES = 30 * 60;
/** Verification links last a day: people read mail later than they reset passwords. */
export const EMAIL_VERIFICATION_TOKEN_SECONDS = 24 * 60 * 60;
const verifyEmailPath = (token: string) => `/verify-email/${encodeURIComponent(token)}`;

export const accountMailRules: Record<AccountMailKind, AccountMailRule> = {
  password_reset: { token: { purpose: 'password_reset', ttlSeconds: THIRTY_MINUTES }, linkPath: (token) => `/password/reset/${encodeURIComponent(token)}` },
  /** To the account's address at registration (and on resend): proves the owner holds it. */
  email_verification: { token: { purpose: 'email_verification', ttlSeconds: EMAIL_VERIFICATION_TOKEN_SECONDS }, linkPath: verifyEmailPath },
  /**
   * What a verification mail becomes when another, verified account holds the address: its owner hears
   * that someone registered with it, and gets no link (the answer to the registration was the same).
   */
  address_already_registered: { addressedToHolder: true },
  /** To the new address (`to`) of an email change: the change happens only when its link is used. */
  email_change_verification: { token: { purpose: 'email_change', ttlSeconds: EMAIL_VERIFICATION_TOKEN_SECONDS }, linkPath: verifyEmailPath },
  /** To the old address (`to`) when a change is asked for: no link, so its owner hears of it in time. */
  email_change_notice: {},
  /** To the account's address when one of its sessions was ended because an old refresh token came back. */
  refresh_token_reused: {},
  /** To the account's verified address when its owner deleted it (DELETE /api/auth/user). */
  account_deleted: { withoutAccount: true },
};

/**
 * A pending account mail as written by the change that causes it. The recipient is `user_id`'s account,
 * or the account that owns `lookup_email` when the mail is sent (a forgotten-password request never looks
 * the user up itself, so its answer cannot depend on whether the address exists; the sender sends only
 * when it does). `to` overrides the address (a notice to the old address after a change).
 */
export type AccountMail = {
  id: string;
  kind: AccountMailKind;
  user_id?: string;
  lookup_email?: string;
  to?: string;
  /** Kind-specific values for the template (strings only: they end up in the mail). */
  details?: Record<string, string>;
  created_at: string;
};

export type AccountMailStatus = 'pending' | 'sending' | 'sent' | 'skipped' | 'failed';

/** Days a finished account mail is kept (for support questions) before TTL removes it. */
export const ACCOUNT_MAIL_KEPT_DAYS = 30;

/**
 * The kind a verification mail is sent as, decided when it is sent: the address's owner is told of the
 * registration instead when another verified account holds the address.
 */
export function verificationMailKind(userId: string, holder: { user_id: string; verified: boolean } | null): AccountMailKind {
  return holder !== null && holder.verified && holder.user_id !== userId ? 'address_already_registered' : 'email_verification';
}
