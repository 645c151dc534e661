import { randomUUID } from 'node:crypto';
import { randomSecret, sha256 } from '#shared/auth/tokens.ts';
import { retryWhileTransient } from '#shared/aws/transient-errors.ts';
import { config } from '#shared/config.ts';
import { emailClaimOf } from '#shared/data/accounts/email-claims.ts';
import { accountMailFromItem, claimAccountMailSend, putAccountToken, recordAccountMailSent, type StoredAccountMail } from '#shared/data/accounts/account-mail.ts';
import { type OutboxEntry, releaseOutboxEntry, suppressedAddresses } from '#shared/data/outbox.ts';
import { findUserByEmail, getUser, type UserRecord } from '#shared/data/users.ts';
import { ACCOUNT_MAIL_KEPT_DAYS, accountMailRules, verificationMailKind } from '#shared/domain/accounts/account-mail.ts';
import { MAX_SEND_ATTEMPTS, retryDelayMs, sendInDoubt } from '#shared/domain/invitations/delivery.ts';
import { accountMailContent } from '#shared/email/account-templates.ts';
import { EmailSendFailure } from '#shared/email/ses.ts';
import { deliver } from './deliver.ts';
import type { SenderRun } from './run-summary.ts';

/**
 * Sends one account mail (password reset, ...). The recipient is resolved now: the account named by
 * `user_id`, or the one that owns `lookup_email` (none: the mail is skipped, and nobody learns it); a
 * kind sent after its account is gone (`withoutAccount`) goes to its `to` as written.
 * A mail with a token gets a fresh one here, `<userId>.<secret>`, of which only the SHA-256 is stored.
 *
 * Exactly once as for notices: the mail item is claimed (`status = sending`) before SES is called and
 * tagged with the mail and attempt; a claim never recorded is in doubt for SES_SEND_EVENT_GRACE_SECONDS,
 * in which SES's Send event records it (functions/email-events), and is sent again only after.
 */
type Claimed = { item: Record<string, unknown>; lease: string };
type Entry = Extract<OutboxEntry, { kind: 'ACCOUNTMAIL' }>;

/** What a finished mail keeps: no looked-up address, and a TTL. */
const finished = (now: Date) => ({ ttl: Math.floor(now.getTime() / 1000) + ACCOUNT_MAIL_KEPT_DAYS * 86_400 });
const FORGET_LOOKUP = ['lookup_email'];
/** A mail sent after its account is gone forgets whom it went to as well. */
const FORGET_RECIPIENT = [...FORGET_LOOKUP, 'to', 'details'];

async function recipientOf(mail: StoredAccountMail): Promise<UserRecord | null> {
  if (mail.user_id) return getUser(mail.user_id);
  if (mail.lookup_email) return findUserByEmail(mail.lookup_email);
  return null;
}

export async function sendAccountMail(entry: Entry, claimed: Claimed, context: { now: Date; run: SenderRun }): Promise<void> {
  const mail = accountMailFromItem(claimed.item);
  const withoutAccount = accountMailRules[mail.kind].withoutAccount === true;
  const forget = withoutAccount ? FORGET_RECIPIENT : FORGET_LOOKUP;
  const done = (fields: Record<string, unknown>) => releaseOutboxEntry(entry, claimed.lease, { done: true }, { ...fields, ...finished(new Date()) }, forget);
  if (mail.status === 'sent' || mail.status === 'skipped' || mail.status === 'failed') {
    // Recorded by its Send event while in doubt: nothing left to send.
    await done({});
    return;
  }
  const graceMs = config().SES_SEND_EVENT_GRACE_SECONDS * 1000;
  if (mail.status === 'sending' && sendInDoubt(mail, context.now, graceMs)) {
    await releaseOutboxEntry(entry, claimed.lease, { done: false, nextAt: new Date(Date.parse(mail.sending_at as string) + graceMs) }, {});
    return;
  }
  const user = withoutAccount ? null : await recipientOf(mail);
  const address = mail.to ?? user?.email;
  if ((!user && !withoutAccount) || !address) {
    await done({ status: 'skipped', failure: 'no_account' });
    context.run.skipped += 1;
    return;
  }
  if ((await suppressedAddresses([address])).has(address.toLowerCase())) {
    await done({ status: 'skipped', failure: 'address_suppressed', ...(user ? { user_id: user.id } : {}) });
    context.run.skipped += 1;
    return;
  }

  const attempt = randomUUID();
  // The later of the two clocks: a run handed a future `now` (tests) must see its own claim as fresh.
  const sendingAt = new Date(Math.max(Date.now(), context.now.getTime()));
  const staleBefore = new Date(context.now.getTime() - graceMs).toISOString();
  if (!(await retryWhileTransient(() => claimAccountMailSend(mail.id, claimed.lease, { attempt, at: sendingAt.toISOString(), staleBefore })))) return;

  // Decided now rather than at registration, so the registration's own work never depends on who holds the address.
  const kind = mail.kind === 'email_verification' && user ? verificationMailKind(user.id, await emailClaimOf(address)) : mail.kind;
  const rule = accountMailRules[kind];
  const recipientName = rule.addressedToHolder ? undefined : user ? user.full_name || user.username : mail.details?.name;
  let link: string | undefined;
  if (rule.token && user) {
    const token = `${user.id}.${randomSecret()}`;
    await putAccountToken(user.id, rule.token.purpose, { hash: sha256(token), mailId: mail.id, createdAt: sendingAt, expiresAt: new Date(sendingAt.getTime() + rule.token.ttlSeconds * 1000) });
    link = rule.linkPath ? `${config().PUBLIC_BASE_URL.replace(/\/+$/, '')}${rule.linkPath(token)}` : undefined;
  }
  const content = accountMailContent(kind, {
    recipientName: recipientName ?? '',
    link,
    linkMinutes: rule.token ? Math.round(rule.token.ttlSeconds / 60) : undefined,
    details: mail.details ?? {},
  });
  const attempts = (mail.attempts ?? 0) + 1;
  try {
    const messageId = await deliver({ to: { ...(recipientName ? { name: recipientName } : {}), address }, content, tags: { kind: 'account_mail', mail_id: mail.id, attempt } });
    // A send that is not recorded would be sent again by a later run: its record outlasts a busy table.
    const recorded = await retryWhileTransient(() => recordAccountMailSent(mail.id, { message_id: messageId, at: new Date().toISOString() }));
    if (!recorded) context.run.duplicates_detected += 1;
    context.run.account_emails_sent += 1;
    await done({ attempts, ...(user ? { user_id: user.id } : {}) });
  } catch (error) {
    if (!(error instanceof EmailSendFailure)) throw error;
    context.run.failures += 1;
    if (error.permanent || attempts >= MAX_SEND_ATTEMPTS) {
      await done({ status: 'failed', failure: error.reason, attempts });
      return;
    }
    // SES may have accepted it anyway (a timeout): the claim stays, in doubt until its grace ends.
    const nextAt = new Date(Math.max(Date.now() + retryDelayMs(attempts), sendingAt.getTime() + graceMs));
    await releaseOutboxEntry(entry, claimed.lease, { done: false, nextAt }, { attempts, last_error: error.reason });
  }
}
