import { describe, expect, it } from 'vitest';
import { decideAcceptance, type OpenInvitation, tokenInvitationState, type TokenLookup } from '../../shared/domain/team/invitation-acceptance.ts';
import { hashInvitationToken, invitationExpiresAt, newInvitationToken, openInvitationToken, sealInvitationToken, deriveTeamTokenSealKey } from '../../shared/domain/team/invitation-token.ts';
import { sealingKeyRing } from '../../shared/domain/sealing/sealed-text.ts';

const now = new Date('2031-05-01T12:00:00Z');
const later = '2031-05-10T12:00:00Z';
const earlier = '2031-04-30T12:00:00Z';
const verified = { userId: 'u1', email: 'Dana@Corp.example', email_verified_at: '2031-01-01T00:00:00Z' };
const unverified = { userId: 'u1', email: 'dana@corp.example' };
const emailInvite: OpenInvitation = { addressedTo: 'email', email: 'dana@corp.example', expiresAt: later };
const none: TokenLookup = { kind: 'none' };
const token: TokenLookup = { kind: 'found' };

const decide = (input: Partial<Parameters<typeof decideAcceptance>[0]>) =>
  decideAcceptance({ caller: verified, token: none, invitation: emailInvite, callerIsMember: false, now, ...input });

describe('decideAcceptance', () => {
  it('accepts an email invitation by token whatever the account, and by a verified matching email', () => {
    expect(decide({ caller: { userId: 'u2', email: 'other@example.com' }, token })).toEqual({ outcome: 'accept', via: 'token' });
    expect(decide({})).toEqual({ outcome: 'accept', via: 'verified_email' });
  });

  it('refuses an unverified matching email, a different email, a used or unknown token', () => {
    expect(decide({ caller: unverified })).toMatchObject({ status: 403, code: 'email_not_verified' });
    expect(decide({ caller: { ...verified, email: 'else@corp.example' } })).toMatchObject({ status: 404 });
    expect(decide({ token: { kind: 'found', usedAt: earlier } })).toMatchObject({ status: 409, code: 'invitation_taken' });
    expect(decide({ token: { kind: 'unknown' } })).toMatchObject({ status: 404 });
    expect(decide({ invitation: null })).toMatchObject({ status: 404 });
  });

  it('refuses an expired invitation, by token or email, and one for a caller already on the team', () => {
    const expired = { ...emailInvite, expiresAt: now.toISOString() };
    expect(decide({ invitation: expired })).toMatchObject({ status: 403, code: 'invitation_expired' });
    expect(decide({ invitation: expired, token })).toMatchObject({ status: 403, code: 'invitation_expired' });
    expect(decide({ invitation: { addressedTo: 'email', email: 'dana@corp.example' } })).toEqual({ outcome: 'accept', via: 'verified_email' });
    expect(decide({ callerIsMember: true, token })).toMatchObject({ status: 409, code: 'already_on_team' });
  });

  it('lets only the addressed account accept an invitation by user id, with or without its token', () => {
    const pending: OpenInvitation = { addressedTo: 'user', userId: 'u1', status: 'pending', expiresAt: later };
    expect(decide({ invitation: pending, caller: unverified })).toEqual({ outcome: 'accept', via: 'user_id' });
    expect(decide({ invitation: pending, token })).toEqual({ outcome: 'accept', via: 'token' });
    expect(decide({ invitation: pending, token, caller: { ...verified, userId: 'u2' } })).toMatchObject({ status: 403, code: 'invitation_for_another_account' });
    expect(decide({ invitation: { ...pending, expiresAt: earlier } })).toMatchObject({ status: 403, code: 'invitation_expired' });
    expect(decide({ invitation: { ...pending, status: 'active' } })).toEqual({ outcome: 'already_member' });
  });
});

describe('tokenInvitationState', () => {
  it('tells open, taken, expired and unknown apart', () => {
    const state = (input: Partial<Parameters<typeof tokenInvitationState>[0]>) => tokenInvitationState({ token: {}, invitation: emailInvite, eventLive: true, now, ...input });
    expect(state({})).toBe('open');
    expect(state({ token: { usedAt: earlier } })).toBe('taken');
    expect(state({ invitation: { addressedTo: 'user', userId: 'u1', status: 'active' } })).toBe('taken');
    expect(state({ invitation: { ...emailInvite, expiresAt: earlier } })).toBe('expired');
    expect(state({ token: null })).toBe('unknown');
    expect(state({ invitation: null })).toBe('unknown');
    expect(state({ eventLive: false })).toBe('unknown');
  });
});

describe('invitation tokens', () => {
  it('are 256-bit, stored by hash, expire in 14 days and open only next to their own hash', () => {
    const fresh = newInvitationToken();
    const key = sealingKeyRing([['k1', deriveTeamTokenSealKey(Buffer.alloc(32, 7))]]);
    const sealed = sealInvitationToken(fresh, key);

    expect(Buffer.from(fresh.token, 'base64url')).toHaveLength(32);
    expect(fresh.hash).toBe(hashInvitationToken(fresh.token));
    expect(invitationExpiresAt(now)).toBe('2031-05-15T12:00:00.000Z');
    expect(openInvitationToken(sealed, fresh.hash, key)).toBe(fresh.token);
    expect(openInvitationToken(sealed, newInvitationToken().hash, key)).toBeNull();
    expect(openInvitationToken(sealed, fresh.hash, sealingKeyRing([['k1', deriveTeamTokenSealKey(Buffer.alloc(32, 8))]]))).toBeNull();
  });
});
