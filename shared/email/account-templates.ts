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

const hoursOf = (minutes: number | undefined): number => Math.round((minutes ?? 24 * 60) / 60);

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
    case 'email_verification':
      return {
        subject: 'Confirm your email address',
        heading: 'Confirm your email address',
        paragraphs: [
          hello,
          'Please confirm that this address belongs to you. Until you do, you can plan events, but not send invitations or join a team by email; an account left unconfirmed for 7 days is deleted.',
          `The link works once, for ${hoursOf(context.linkMinutes)} hours.`,
        ],
        ...(context.link ? { action: { label: 'Confirm my email address', url: context.link } } : {}),
        footer: 'If you did not create an account, ignore this email: without confirmation the account is deleted.',
      };
    case 'address_already_registered':
      return {
        subject: 'You already have an account',
        heading: 'You already have an account',
        paragraphs: [
          'Hello,',
          'Someone just created an account with this email address, which already belongs to your account. If it was you, sign in to your account instead; if you forgot its password, use "Forgot password" on the sign-in page.',
          'The new account cannot use this address: it cannot sign in with it, send invitations or join a team by email, and it is deleted after 7 days.',
        ],
        footer: 'If it was not you, ignore this email: nothing about your account has changed.',
      };
    case 'email_change_verification':
      return {
        subject: 'Confirm your new email address',
        heading: 'Confirm your new email address',
        paragraphs: [
          hello,
          'You asked to use this address for your account. Follow the link to confirm it; until then your account keeps its current address.',
          `The link works once, for ${hoursOf(context.linkMinutes)} hours.`,
        ],
        ...(context.link ? { action: { label: 'Use this email address', url: context.link } } : {}),
        footer: 'If you did not ask for this, ignore this email: nothing changes.',
      };
    case 'refresh_token_reused':
      return {
        subject: 'A session of your account was ended',
        heading: 'A session of your account was ended',
        paragraphs: [
          hello,
          `A sign-in token of your account was used again after it had been replaced, which happens when someone else holds a copy of it. We ended that session (signed in ${context.details.signed_in_at ?? 'earlier'} on ${context.details.device ?? 'a device'}).`,
          'If you did not expect this, change your password and sign out of every session.',
        ],
        footer: 'Signing in again on your own devices is all you need to do if this was you.',
      };
    case 'account_deleted':
      return {
        subject: 'Your account was deleted',
        heading: 'Your account was deleted',
        paragraphs: [
          hello,
          `Your account ${context.details.username ?? ''} was deleted at your request on ${context.details.deleted_at ?? 'this day'}, after its password was given. Its sessions have ended, its username and this address are free again, and the events you chose to delete are gone with their guest lists; the events you handed over now belong to their new organizers.`,
          'The planning teams you were on no longer list you; their activity shows your changes as made by a deleted user.',
        ],
        footer: 'If you did not do this, someone knew your password: an account deleted cannot be restored, but you can register again with this address.',
      };
    case 'email_change_notice':
      return {
        subject: 'Your account email is being changed',
        heading: 'Your account email is being changed',
        paragraphs: [
          hello,
          `Someone signed in to your account asked to change its email address to ${context.details.new_email ?? 'another address'}. The change happens only once the new address is confirmed; until then this address stays.`,
          'If this was not you, change your password now and sign out of every session.',
        ],
        footer: 'This email goes to the address the account had when the change was asked for.',
      };
  }
}
