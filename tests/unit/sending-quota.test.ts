import { describe, expect, it } from 'vitest';
import {
  dailySendingLimit, decideSend, defaultSendingQuota, quotaDay, quotaExceededDetail, quotaResetsAt,
} from '../../shared/domain/accounts/sending-quota.ts';
import { unsafeLinks, unsafeTemplateLinks } from '../../shared/domain/invitations/template-links.ts';

const now = new Date('2026-12-05T07:30:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 3600 * 1000).toISOString();
const verified = (createdDaysAgo: number) => ({ created_at: daysAgo(createdDaysAgo), email_verified_at: daysAgo(createdDaysAgo) });

describe('the sending quota rule', () => {
  it('defaults to 200 a day for new accounts, 2,000 after 30 days', () => {
    expect(defaultSendingQuota).toEqual({ newAccountPerDay: 200, establishedPerDay: 2_000, establishedAfterDays: 30 });
  });

  it('matches the configuration defaults', async () => {
    for (const name of ['SENDING_QUOTA_NEW_ACCOUNT_PER_DAY', 'SENDING_QUOTA_ESTABLISHED_PER_DAY', 'SENDING_QUOTA_ESTABLISHED_AFTER_DAYS']) delete process.env[name];
    process.env.TABLE_NAME ??= 'unit-test-table';
    const { config, resetConfigForTests } = await import('../../shared/config.ts');
    resetConfigForTests();
    const { SENDING_QUOTA_NEW_ACCOUNT_PER_DAY, SENDING_QUOTA_ESTABLISHED_PER_DAY, SENDING_QUOTA_ESTABLISHED_AFTER_DAYS } = config();
    expect({ newAccountPerDay: SENDING_QUOTA_NEW_ACCOUNT_PER_DAY, establishedPerDay: SENDING_QUOTA_ESTABLISHED_PER_DAY, establishedAfterDays: SENDING_QUOTA_ESTABLISHED_AFTER_DAYS })
      .toEqual(defaultSendingQuota);
    resetConfigForTests();
  });

  it('gives an unverified account nothing, whatever its age', () => {
    expect(dailySendingLimit({ created_at: daysAgo(400) }, defaultSendingQuota, now)).toBe(0);
    expect(decideSend({ created_at: daysAgo(400) }, 0, 1, defaultSendingQuota, now)).toEqual({ kind: 'unverified' });
  });

  it('raises the limit on the 30th day of the account, not before', () => {
    expect(dailySendingLimit(verified(0), defaultSendingQuota, now)).toBe(200);
    expect(dailySendingLimit(verified(29.99), defaultSendingQuota, now)).toBe(200);
    expect(dailySendingLimit(verified(30), defaultSendingQuota, now)).toBe(2_000);
  });

  it('allows up to the limit exactly, with the largest stored count that still fits as the condition', () => {
    expect(decideSend(verified(1), 0, 200, defaultSendingQuota, now)).toEqual({ kind: 'allowed', limit: 200, maxSentBefore: 0 });
    expect(decideSend(verified(1), 150, 50, defaultSendingQuota, now)).toEqual({ kind: 'allowed', limit: 200, maxSentBefore: 150 });
  });

  it("refuses the 201st email of a new account's day, saying what is left and when the day resets", () => {
    const decision = decideSend(verified(1), 200, 1, defaultSendingQuota, now);

    expect(decision).toEqual({
      kind: 'exceeded', limit: 200, sent: 200, remaining: 0, requested: 1, resetsAt: '2026-12-06T00:00:00.000Z', retryAfterSeconds: 16.5 * 3600,
    });
    if (decision.kind !== 'exceeded') throw new Error('expected a refusal');
    expect(quotaExceededDetail(decision)).toMatch(/may send 200 emails to guests per day \(UTC\); 0 remain today and this request sends 1/);
  });

  it('counts by UTC day', () => {
    expect(quotaDay(new Date('2026-12-31T23:59:59Z'))).toBe('2026-12-31');
    expect(quotaResetsAt(new Date('2026-12-31T23:59:59Z')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
});

describe('links in custom invitation text', () => {
  it('finds every link that is not https, each once, in order', () => {
    expect(unsafeLinks('a http://x.example/1 b javascript:alert(1) c https://ok.example d data:text/html,x e http://x.example/1 f file:///etc/passwd g ftp://f.example')).toEqual([
      'http://x.example/1', 'javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'ftp://f.example',
    ]);
  });

  it('leaves https links, times, labels and placeholders alone', () => {
    expect(unsafeLinks('At 18:00. Data: below. Tel: +1 555 0100. RSVP: {{rsvp_link}} or https://example.com/x?y=z#w')).toEqual([]);
  });

  it('names where each bad link is', () => {
    expect(unsafeTemplateLinks({ subject: 'See javascript:x', body: 'http://a.example' })).toEqual([
      { path: 'invitation_template.subject', message: '"javascript:x" is not an https link' },
      { path: 'invitation_template.body', message: '"http://a.example" is not an https link' },
    ]);
  });
});
