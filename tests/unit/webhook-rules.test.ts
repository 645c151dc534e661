import { describe, expect, it } from 'vitest';
import { isPublicAddress } from '../../shared/domain/webhooks/address-policy.ts';
import { rotatedSecrets, signingSecrets } from '../../shared/domain/webhooks/endpoint.ts';
import { deliveryPayload } from '../../shared/domain/webhooks/delivery.ts';
import { backoffMs, nextAttemptAt, RETRY_WINDOW_MS, shouldDisable } from '../../shared/domain/webhooks/retry-plan.ts';
import { signature, signatureHeader, verifySignature } from '../../shared/domain/webhooks/signature.ts';
import { createWebhookBody } from '../../shared/schemas/webhooks.ts';

/** The pure rules of webhooks (docs/webhooks.md): which addresses, the signature, the retry plan, rotations. */
describe('webhook address policy', () => {
  it.each([
    '127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '100.64.0.1', '100.127.255.255', '169.254.169.254', '0.0.0.0', '224.0.0.1',
    '255.255.255.255', '198.18.0.1', '192.0.2.10', '::1', '::', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1',
    '64:ff9b::a00:1', '2002:a00:1::', 'not-an-ip',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111'])('allows the public address %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('webhook signatures', () => {
  const body = '{"id":"1.rsvp.received"}';
  it('signs timestamp.body with HMAC-SHA256, one v1 per secret, and a receiver verifies either within the tolerance', () => {
    const header = signatureHeader(['new-secret', 'old-secret'], 1_800_000_000, body);

    expect(header).toBe(`t=1800000000,v1=${signature('new-secret', 1_800_000_000, body)},v1=${signature('old-secret', 1_800_000_000, body)}`);
    expect(verifySignature(header, 'new-secret', body, 1_800_000_100)).toBe(true);
    expect(verifySignature(header, 'old-secret', body, 1_800_000_100)).toBe(true);
    expect(verifySignature(header, 'other', body, 1_800_000_100)).toBe(false);
    expect(verifySignature(header, 'new-secret', `${body} `, 1_800_000_100)).toBe(false);
    expect(verifySignature(header, 'new-secret', body, 1_800_000_000 + 301)).toBe(false);
    expect(verifySignature('v1=abc', 'new-secret', body, 1_800_000_000)).toBe(false);
  });
});

describe('webhook retry plan', () => {
  const first = new Date('2026-12-07T00:00:00Z');
  it('backs off from 30 s doubling to 2 h, with at most a fifth of jitter, and gives up after 24 h', () => {
    expect([1, 2, 3, 4, 8, 9, 20].map(backoffMs)).toEqual([30_000, 60_000, 120_000, 240_000, 3_840_000, 7_200_000, 7_200_000]);
    expect(nextAttemptAt({ firstAttemptAt: first, attempts: 1, now: first, jitter: 0 })?.toISOString()).toBe('2026-12-07T00:00:30.000Z');
    expect(nextAttemptAt({ firstAttemptAt: first, attempts: 1, now: first, jitter: 0.99 })!.getTime() - first.getTime()).toBeLessThanOrEqual(36_000);
    const late = new Date(first.getTime() + RETRY_WINDOW_MS - 60_000);
    expect(nextAttemptAt({ firstAttemptAt: first, attempts: 30, now: late, jitter: 0 })?.getTime()).toBe(first.getTime() + RETRY_WINDOW_MS);
    expect(nextAttemptAt({ firstAttemptAt: first, attempts: 31, now: new Date(first.getTime() + RETRY_WINDOW_MS), jitter: 0 })).toBeNull();
  });

  it('disables an endpoint only after 24 h of failures without a success', () => {
    expect(shouldDisable(null, first)).toBe(false);
    expect(shouldDisable('2026-12-06T00:00:01Z', first)).toBe(false);
    expect(shouldDisable('2026-12-06T00:00:00Z', first)).toBe(true);
  });
});

describe('webhook secrets and payloads', () => {
  it('a rotation adds the new secret and keeps the previous ones signing for the overlap only', () => {
    const now = new Date('2026-12-07T00:00:00Z');
    const rotated = rotatedSecrets([{ sealed: 'old', created_at: '2026-12-01T00:00:00Z', expires_at: null }, { sealed: 'gone', created_at: '2026-11-01T00:00:00Z', expires_at: '2026-12-06T00:00:00Z' }], 'new', now);

    expect(rotated).toEqual([
      { sealed: 'new', created_at: '2026-12-07T00:00:00.000Z', expires_at: null },
      { sealed: 'old', created_at: '2026-12-01T00:00:00Z', expires_at: '2026-12-08T00:00:00.000Z' },
    ]);
    expect(signingSecrets(rotated, new Date('2026-12-08T00:00:01Z')).map((secret) => secret.sealed)).toEqual(['new']);
  });

  it("leaves a deleted event's internal snapshots out of the payload", () => {
    const payload = JSON.parse(deliveryPayload({ id: 'a.event.cancelled', type: 'event.cancelled', event_id: 'e', actor_id: 'u', occurred_at: '2026-12-07T00:00:00Z', entity_type: 'event', entity_id: 'e', detail: { deleted: true, event_name: 'X', team: [{ user_id: 'u' }], event: { name: 'X' } } }));
    expect(payload.detail).toEqual({ deleted: true, event_name: 'X' });
  });

  it('accepts https URLs and known event types only, naming every problem', () => {
    const refused = createWebhookBody.safeParse({ url: 'http://hooks.example.com', event_types: ['rsvp.received', 'rsvp.received', 'nope'] });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['event_types.2', 'url']);
    expect(createWebhookBody.safeParse({ url: 'https://hooks.example.com/x', event_types: ['guest.added'] }).success).toBe(true);
  });
});
