import { describe, expect, it } from 'vitest';
import { accountMailKinds, accountMailRules, verificationMailKind } from '../../shared/domain/accounts/account-mail.ts';
import { accountMailContent } from '../../shared/email/account-templates.ts';

describe('verificationMailKind', () => {
  it('sends the link unless another, verified account holds the address', () => {
    expect(verificationMailKind('me', null)).toBe('email_verification');
    expect(verificationMailKind('me', { user_id: 'me', verified: false })).toBe('email_verification');
    expect(verificationMailKind('me', { user_id: 'me', verified: true })).toBe('email_verification');
    expect(verificationMailKind('me', { user_id: 'squatter', verified: false })).toBe('email_verification');
    expect(verificationMailKind('me', { user_id: 'owner', verified: true })).toBe('address_already_registered');
  });
});

describe('account mail content', () => {
  it('gives every kind a subject, and a link only to the kinds with a token', () => {
    for (const kind of accountMailKinds) {
      const content = accountMailContent(kind, { recipientName: 'Ada', link: 'https://example.test/x', linkMinutes: 30, details: {} });
      expect(content.subject.length).toBeGreaterThan(5);
      expect(Boolean(content.action)).toBe(accountMailRules[kind].token !== undefined);
    }
  });

  it('never puts the name of the account that caused it into the mail to the address holder', () => {
    expect(accountMailRules.address_already_registered.addressedToHolder).toBe(true);
    const content = accountMailContent('address_already_registered', { recipientName: 'Click Here Now', details: {} });

    expect(JSON.stringify(content)).not.toContain('Click Here Now');
    expect(content.action).toBeUndefined();
  });
});
