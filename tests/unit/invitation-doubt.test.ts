import { describe, expect, it } from 'vitest';
import { nextBatchRunAt, sendInDoubt } from '../../shared/domain/invitations/delivery.ts';

/** The grace a claimed, unrecorded invitation send waits for SES's Send event (shared/domain/invitations/delivery.ts). */
const now = new Date('2030-01-01T12:00:00.000Z');
const GRACE_MS = 600_000;
const before = (ms: number) => new Date(now.getTime() - ms).toISOString();

describe('a send in doubt', () => {
  it('is a claimed row within its grace; unclaimed or past the grace is not', () => {
    expect(sendInDoubt({}, now, GRACE_MS)).toBe(false);
    expect(sendInDoubt({ sending_at: before(GRACE_MS - 1) }, now, GRACE_MS)).toBe(true);
    expect(sendInDoubt({ sending_at: before(GRACE_MS) }, now, GRACE_MS)).toBe(false);
  });

  it('makes an unfinished batch due when its first pending row can be sent', () => {
    const retryAt = new Date(now.getTime() + 90_000);
    const timing = { now, retryAt, graceMs: GRACE_MS };
    // Only rows in doubt: due when the earliest grace ends.
    expect(nextBatchRunAt([{ status: 'queued', sending_at: before(60_000) }, { status: 'queued', sending_at: before(30_000) }], timing)).toEqual(new Date(now.getTime() + 540_000));
    // A transient failure without a claim: its backoff.
    expect(nextBatchRunAt([{ status: 'retry' }, { status: 'queued', sending_at: before(0) }], timing)).toEqual(retryAt);
    // A transient failure still in doubt: the later of its backoff and its grace.
    expect(nextBatchRunAt([{ status: 'retry', sending_at: before(0) }], timing)).toEqual(new Date(now.getTime() + GRACE_MS));
    // A grace already over: now.
    expect(nextBatchRunAt([{ status: 'queued', sending_at: before(GRACE_MS * 2) }], timing)).toEqual(now);
  });
});
