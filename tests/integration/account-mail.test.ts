import { describe, expect, it } from 'vitest';
import { sha256 } from '../../shared/auth/tokens.ts';
import { accountMailPut } from '../../shared/data/accounts/account-mail.ts';
import { newId } from '../../shared/data/ids.ts';
import { accountMailKeys, accountTokenKeys, outboxKeys, userKeys } from '../../shared/data/keys.ts';
import { transact } from '../../shared/data/transact.ts';
import type { AccountMail } from '../../shared/domain/accounts/account-mail.ts';
import { signedInUser } from '../support/signed-in-user.ts';
import { storedItem } from './auth-fixtures.ts';
import { deliverSesEvents, emailsFor, injectSesFailures, runSender, sesError, uniqueTag } from './invitations-fixtures.ts';

/** The account-mail outbox kind: a mail to an account, sent once, its token stored only hashed. */
async function queueMail(mail: Omit<AccountMail, 'id' | 'created_at'>): Promise<string> {
  const id = newId();
  await transact([accountMailPut({ id, created_at: new Date().toISOString(), ...mail })]);
  return id;
}

const linkIn = (text: string | undefined) => /(http\S+\/password\/reset\/(\S+))/.exec(text ?? '');

describe('account mails in the outbox', () => {
  it('sends a password-reset mail to the account once however often the sender runs, with a token stored only hashed', async () => {
    const user = await signedInUser(`acct_${uniqueTag()}`);
    const mailId = await queueMail({ kind: 'password_reset', user_id: user.userId });

    const runs = [await runSender(), await runSender()];
    const emails = await emailsFor(user.email);
    const link = linkIn(emails[0]?.body.text);
    const token = decodeURIComponent(link?.[2] ?? '');
    const stored = await storedItem(accountTokenKeys.item(user.userId, 'password_reset'));
    const mail = await storedItem(accountMailKeys.item(mailId));

    expect(runs.map((run) => run.account_emails_sent)).toEqual([1, 0]);
    expect(emails).toHaveLength(1);
    expect(emails[0]?.subject).toBe('Reset your password');
    expect(token.startsWith(`${user.userId}.`)).toBe(true);
    expect(stored?.token_hash).toBe(sha256(token));
    expect(JSON.stringify(stored)).not.toContain(token.split('.')[1]);
    expect(Date.parse(String(stored?.expires_at)) - Date.parse(String(stored?.created_at))).toBe(30 * 60 * 1000);
    expect(mail).toMatchObject({ status: 'sent', user_id: user.userId });
    expect(mail?.gsi2pk).toBeUndefined();
    expect(JSON.stringify(mail)).not.toContain(token.split('.')[1]);
  });

  it('resolves an address at send time: the owner gets the mail, an unknown address gets nothing and is not kept', async () => {
    const user = await signedInUser(`acct_${uniqueTag()}`);
    await transact([{ Put: { Item: { ...userKeys.emailClaim(user.email), type: 'email_claim', user_id: user.userId } } }]);
    const stranger = `nobody.${uniqueTag()}@example.com`;
    const known = await queueMail({ kind: 'password_reset', lookup_email: user.email.toUpperCase() });
    const unknown = await queueMail({ kind: 'password_reset', lookup_email: stranger });

    const run = await runSender();

    expect(run.account_emails_sent).toBe(1);
    expect(await emailsFor(user.email)).toHaveLength(1);
    expect(await emailsFor(stranger)).toHaveLength(0);
    expect(await storedItem(accountMailKeys.item(known))).toMatchObject({ status: 'sent', user_id: user.userId });
    const skipped = await storedItem(accountMailKeys.item(unknown));
    expect(skipped).toMatchObject({ status: 'skipped', failure: 'no_account' });
    // The typed address is not kept once the mail is done.
    expect(skipped?.lookup_email).toBeUndefined();
  });

  it('leaves a send claimed and unrecorded alone until its grace ends, and SES\'s Send event records it', async () => {
    const user = await signedInUser(`acct_${uniqueTag()}`);
    const mailId = await queueMail({ kind: 'password_reset', user_id: user.userId });
    // A first run sends, then the record is undone as if the process had died between SES and its record.
    await runSender();
    await transact([{ Update: { Key: accountMailKeys.item(mailId), UpdateExpression: 'SET #status = :sending, gsi2pk = :pk, gsi2sk = :sk REMOVE message_id', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':sending': 'sending', ':pk': outboxKeys.partition(mailId), ':sk': `${new Date().toISOString()}#ACCOUNTMAIL#${mailId}` } } }]);

    const again = await runSender();
    const outcomes = await deliverSesEvents();
    const afterGrace = await runSender(new Date(Date.now() + 3600_000));

    expect(again.account_emails_sent).toBe(0);
    expect(outcomes).toContain('recorded');
    expect(afterGrace.account_emails_sent).toBe(0);
    expect(await emailsFor(user.email)).toHaveLength(1);
    expect(await storedItem(accountMailKeys.item(mailId))).toMatchObject({ status: 'sent' });
  });

  it('records a refused mail as failed at once, and retries one that failed transiently after its grace', async () => {
    const refused = await signedInUser(`acct_${uniqueTag()}`);
    const flaky = await signedInUser(`acct_${uniqueTag()}`);
    const refusedId = await queueMail({ kind: 'password_reset', user_id: refused.userId });
    const flakyId = await queueMail({ kind: 'password_reset', user_id: flaky.userId });
    const failing = injectSesFailures((recipient) => {
      if (recipient.includes(refused.email)) return sesError('MessageRejected', 'Email address is not verified');
      return recipient.includes(flaky.email) ? sesError('InternalFailure', 'SES had a bad moment') : null;
    });

    const first = await runSender();
    failing();
    const pending = await storedItem(accountMailKeys.item(flakyId));
    const later = await runSender(new Date(Date.now() + 5 * 3600_000));

    expect(first.account_emails_sent).toBe(0);
    expect(await storedItem(accountMailKeys.item(refusedId))).toMatchObject({ status: 'failed', failure: expect.stringContaining('not verified') });
    expect(pending).toMatchObject({ status: 'sending', attempts: 1, gsi2pk: outboxKeys.partition(flakyId) });
    expect(later.account_emails_sent).toBe(1);
    expect(await emailsFor(flaky.email)).toHaveLength(1);
    expect(await emailsFor(refused.email)).toHaveLength(0);
  });
});
