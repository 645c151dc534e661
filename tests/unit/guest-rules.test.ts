import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolvePlusOnes } from '../../shared/domain/guests/edit.ts';
import {
  contributionOf, counterDelta, dietaryDelta, headcountOf, normalizeDietary, plusOneAllowance, recount, type RsvpStatus, rsvpStatuses, sumCounters,
  zeroGuestCounters,
} from '../../shared/domain/guests/rules.ts';

const status = fc.constantFrom(...rsvpStatuses);
const guest = fc.record({ rsvp_status: status, plus_one_count: fc.integer({ min: 0, max: 5 }) });

describe('counterDelta', () => {
  it('keeps counters equal to a recount through any sequence of adds, changes and removals', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(9), fc.option(guest, { nil: null })), { maxLength: 60 }), (steps) => {
        const slots: ({ rsvp_status: RsvpStatus; plus_one_count: number } | null)[] = Array.from({ length: 10 }, () => null);
        const deltas = [];
        for (const [slot, next] of steps) {
          deltas.push(counterDelta(slots[slot] ?? null, next));
          slots[slot] = next;
        }
        expect(sumCounters(deltas)).toEqual(recount(slots.filter((entry) => entry !== null)));
      }),
    );
  });

  it('counts seats only for yes, with the plus-ones', () => {
    expect(counterDelta({ rsvp_status: 'maybe', plus_one_count: 2 }, { rsvp_status: 'yes', plus_one_count: 2 })).toMatchObject({
      rsvp_maybe: -1, rsvp_yes: 1, attending_headcount: 3, guest_count: 0,
    });
  });
});

describe('resolvePlusOnes', () => {
  it('allows plus-ones when a count is given and defaults the limit to it', () => {
    expect(resolvePlusOnes(null, { plus_one_count: 2 })).toEqual({ plus_one_allowed: true, plus_one_limit: 2, plus_one_count: 2 });
  });

  it('refuses a count above the limit or with plus-ones turned off', () => {
    expect(resolvePlusOnes(null, { plus_one_limit: 1, plus_one_count: 2 })).toEqual({ problem: { path: 'plus_one_count', message: 'At most 1 plus-ones for this guest' } });
    expect(resolvePlusOnes(null, { plus_one_allowed: false, plus_one_count: 1 })).toHaveProperty('problem.path', 'plus_one_count');
  });

  it('drops the count to 0 when a planner turns plus-ones off', () => {
    expect(resolvePlusOnes({ plus_one_allowed: true, plus_one_limit: 2, plus_one_count: 2 }, { plus_one_allowed: false })).toEqual({
      plus_one_allowed: false, plus_one_limit: 0, plus_one_count: 0,
    });
  });
});

describe('what one guest counts for', () => {
  it.each([
    ['pending', 0, { guest_count: 1, rsvp_pending: 1, rsvp_yes: 0, rsvp_no: 0, rsvp_maybe: 0, rsvp_waitlisted: 0, attending_headcount: 0, checked_in_count: 0 }],
    ['yes', 2, { guest_count: 1, rsvp_pending: 0, rsvp_yes: 1, rsvp_no: 0, rsvp_maybe: 0, rsvp_waitlisted: 0, attending_headcount: 3, checked_in_count: 0 }],
    ['no', 2, { guest_count: 1, rsvp_pending: 0, rsvp_yes: 0, rsvp_no: 1, rsvp_maybe: 0, rsvp_waitlisted: 0, attending_headcount: 0, checked_in_count: 0 }],
    ['maybe', 1, { guest_count: 1, rsvp_pending: 0, rsvp_yes: 0, rsvp_no: 0, rsvp_maybe: 1, rsvp_waitlisted: 0, attending_headcount: 0, checked_in_count: 0 }],
    ['waitlisted', 1, { guest_count: 1, rsvp_pending: 0, rsvp_yes: 0, rsvp_no: 0, rsvp_maybe: 0, rsvp_waitlisted: 1, attending_headcount: 0, checked_in_count: 0 }],
  ] as const)('a %s guest with %i plus-ones', (rsvp_status, plus_one_count, counters) => {
    expect(contributionOf({ rsvp_status, plus_one_count })).toEqual(counters);
    expect(headcountOf({ rsvp_status, plus_one_count })).toBe(counters.attending_headcount);
  });

  it('counts a guest checked in at the door, and takes them out when removed (docs/check-in.md)', () => {
    const arrived = { rsvp_status: 'yes', plus_one_count: 1, checked_in_at: '2031-06-20T17:05:00.000Z' } as const;

    expect(counterDelta({ rsvp_status: 'yes', plus_one_count: 1 }, arrived)).toEqual({ ...zeroGuestCounters(), checked_in_count: 1 });
    expect(counterDelta(arrived, null)).toMatchObject({ guest_count: -1, rsvp_yes: -1, checked_in_count: -1 });
  });

  it('counts nothing for a guest that does not exist, and everything back when one is removed', () => {
    expect(contributionOf(null)).toEqual(zeroGuestCounters());
    expect(headcountOf(null)).toBe(0);
    expect(counterDelta({ rsvp_status: 'yes', plus_one_count: 1 }, null)).toMatchObject({ guest_count: -1, rsvp_yes: -1, attending_headcount: -2 });
  });

  it('allows plus-ones only when they are allowed, up to the limit', () => {
    expect(plusOneAllowance({ plus_one_allowed: true, plus_one_limit: 3 })).toBe(3);
    expect(plusOneAllowance({ plus_one_allowed: false, plus_one_limit: 3 })).toBe(0);
  });
});

describe('dietary needs', () => {
  it('moves the per-restriction counts with the guest, leaving out what nets to zero', () => {
    expect(dietaryDelta(null, { dietary_restrictions: ['vegan', 'nut allergy'] })).toEqual({ vegan: 1, 'nut allergy': 1 });
    expect(dietaryDelta({ dietary_restrictions: ['vegan', 'halal'] }, { dietary_restrictions: ['halal', 'kosher'] })).toEqual({ vegan: -1, kosher: 1 });
    expect(dietaryDelta({ dietary_restrictions: ['vegan'] }, null)).toEqual({ vegan: -1 });
    expect(dietaryDelta(null, null)).toEqual({});
  });

  it('stores restrictions trimmed, lower-case, spaces collapsed, each once, in the order given', () => {
    expect(normalizeDietary(['  Nut   Allergy ', 'vegan', 'VEGAN', ' ', 'Halal'])).toEqual(['nut allergy', 'vegan', 'halal']);
  });
});
