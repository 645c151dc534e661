import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { GuestRecord } from '../../shared/domain/guests/rules.ts';
import { chooseRecipients } from '../../shared/domain/invitations/audience.ts';
import { deriveSealKey, openInvitationCode, sealInvitationCode } from '../../shared/domain/invitations/code-seal.ts';
import { sealingKeyRing } from '../../shared/domain/sealing/sealed-text.ts';
import { countRows, finishedBatchStatus, retryDelayMs } from '../../shared/domain/invitations/delivery.ts';

const guest = (id: string, fields: Partial<GuestRecord> = {}): GuestRecord => ({
  id, event_id: 'E', name: id, email: `${id}@example.com`, dietary_restrictions: [], plus_one_allowed: false, plus_one_limit: 0, plus_one_count: 0,
  rsvp_status: 'pending', code_hash: 'h', created_at: '2030-01-01T00:00:00Z', updated_at: '2030-01-01T00:00:00Z', version: 1, ...fields,
});

describe('sealed invitation codes', () => {
  const key = sealingKeyRing([['k1', deriveSealKey(randomBytes(48))]]);
  const code = randomBytes(32).toString('base64url');
  const hash = createHash('sha256').update(code).digest('base64url');

  it('open with the same key and guest, and only while the code is current', () => {
    const sealed = sealInvitationCode(code, 'guest-1', key);

    expect(sealed).not.toContain(code);
    expect(openInvitationCode(sealed, 'guest-1', hash, key)).toBe(code);
    expect(openInvitationCode(sealed, 'guest-2', hash, key)).toBeNull();
    expect(openInvitationCode(sealed, 'guest-1', hash, sealingKeyRing([['k1', deriveSealKey(randomBytes(48))]]))).toBeNull();
    expect(openInvitationCode(sealed, 'guest-1', 'another-hash', key)).toBeNull();
    expect(openInvitationCode('v2.k1.garbage', 'guest-1', hash, key)).toBeNull();
  });
});

describe('choosing recipients', () => {
  const list = [
    guest('new'), guest('invited', { invited_at: '2030-01-02T00:00:00Z' }), guest('noemail', { email: undefined }),
    guest('opened', { invited_at: '2030-01-02T00:00:00Z', opened_at: '2030-01-03T00:00:00Z' }), guest('yes', { rsvp_status: 'yes', invited_at: '2030-01-02T00:00:00Z' }),
  ];

  it('defaults to every guest with an email not yet invited', () => {
    expect(chooseRecipients(list, { resend: false }).guests.map((chosen) => chosen.id)).toEqual(['new']);
  });

  it('names what it skipped among guest_ids, unless resending', () => {
    const chosen = chooseRecipients(list, { guest_ids: ['new', 'invited', 'noemail', 'ghost'], resend: false });

    expect(chosen.guests.map((picked) => picked.id)).toEqual(['new']);
    expect(chosen.skipped).toEqual([{ guest_id: 'invited', reason: 'already_invited' }, { guest_id: 'noemail', reason: 'no_email' }, { guest_id: 'ghost', reason: 'not_found' }]);
    expect(chooseRecipients(list, { guest_ids: ['invited'], resend: true }).guests).toHaveLength(1);
  });

  it.each([
    ['pending', ['new', 'invited', 'opened']],
    ['not_opened', ['invited']],
    ['opened_no_reply', ['opened']],
    ['attending', ['yes']],
    ['maybe', []],
  ] as const)('segment %s', (audience, expected) => {
    expect(chooseRecipients(list, { audience, resend: false }).guests.map((picked) => picked.id)).toEqual(expected);
  });
});

describe('the "not opened" reminder', () => {
  it('leaves out invited guests who already answered, whoever entered the answer', () => {
    const invitedAt = '2030-01-02T00:00:00Z';
    const list = (['pending', 'yes', 'no', 'maybe', 'waitlisted'] as const).map((status) => guest(status, { rsvp_status: status, invited_at: invitedAt }));

    const chosen = chooseRecipients(list, { audience: 'not_opened', resend: false });

    expect(chosen.guests.map((picked) => picked.id)).toEqual(['pending']);
  });
});

describe('delivery rules', () => {
  it('backs off from a minute up, with a cap', () => {
    expect(retryDelayMs(1, () => 0)).toBe(60_000);
    expect(retryDelayMs(3, () => 1)).toBe(60_000 + 240_000);
    expect(retryDelayMs(40, () => 1)).toBe(60_000 + 4 * 3_600_000);
  });

  it('finishes a batch only when nothing is queued or retrying', () => {
    expect(finishedBatchStatus(countRows([{ status: 'sent' }, { status: 'skipped' }]))).toBe('sent');
    expect(finishedBatchStatus(countRows([{ status: 'sent' }, { status: 'failed' }]))).toBe('partially_failed');
    expect(finishedBatchStatus(countRows([{ status: 'sent' }, { status: 'retry' }]))).toBeNull();
  });
});
