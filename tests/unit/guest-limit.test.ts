import { describe, expect, it } from 'vitest';
import { guestLimitDetail, guestRoom, maxGuestCountBefore } from '../../shared/domain/guests/guest-limit.ts';

describe('the guest cap rules', () => {
  it('defaults MAX_GUESTS_PER_EVENT to 10,000', async () => {
    const previous = process.env.MAX_GUESTS_PER_EVENT;
    delete process.env.MAX_GUESTS_PER_EVENT;
    const { config, resetConfigForTests } = await import('../../shared/config.ts');
    process.env.TABLE_NAME ??= 'unit-test-table';
    resetConfigForTests();
    expect(config().MAX_GUESTS_PER_EVENT).toBe(10_000);
    if (previous !== undefined) process.env.MAX_GUESTS_PER_EVENT = previous;
    resetConfigForTests();
  });

  it('leaves room down to zero, never below', () => {
    expect(guestRoom(0, 10)).toBe(10);
    expect(guestRoom(7, 10)).toBe(3);
    expect(guestRoom(10, 10)).toBe(0);
    expect(guestRoom(12, 10)).toBe(0);
  });

  it('conditions a write of n guests on a stored count of at most cap - n', () => {
    expect(maxGuestCountBefore(10, 3)).toBe(7);
    expect(maxGuestCountBefore(10, 10)).toBe(0);
  });

  it('says the cap, the count, the room and the size of the request', () => {
    expect(guestLimitDetail(10, 8, 5)).toBe('An event may have at most 10 guests; this one has 8, so 2 more can be added and this request adds 5.');
  });
});
