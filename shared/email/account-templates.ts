import type { AccountMailKind } from '../domain/accounts/account-mail.ts';
import type { EmailContent } from './layout.ts';

/**
 * The email of each account-mail kind. `link` is the mail's link with its single-use token when the kind
 * carries one; `details` are the kind's own values from the outbox row.
 */
export type AccountMailContext = {
  recipientName: string;
  link?: string;
  /** Minutes the link stays good for, when it carries a token. */
  linkMinutes?: number;
  details: Record<string, string>;
};

export function accountMailContent(kind: AccountMailKind, context: AccountMailContext): EmailContent {
  const hello = `Hello ${context.recipientName},`;
  switch (kind) {
    case 'password_reset':
      return {
        subject: 'Reset your password',
        heading: 'Reset your password',
        paragraphs: [
          hello,
          'Someone (we hope you) asked to reset the password of your account. Follow the link to choose a new one; signing in with it ends every session of your account.',
          `The link works once, for ${context.linkMinutes ?? 30} minutes.`,
        ],
        ...(context.link ? { action: { label: 'Choose a new password', url: context.link } } : {}),
        footer: 'If you did not ask for this, ignore this email: your password stays as it is.',
      };
  }
}
