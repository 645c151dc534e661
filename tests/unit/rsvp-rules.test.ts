import { describe, expect, it } from 'vitest';
import { type EventRecord, zeroCounters } from '../../shared/domain/events/rules.ts';
import type { GuestRecord } from '../../shared/domain/guests/rules.ts';
import { normalizeRsvpDeadline, rsvpClosesAt } from '../../shared/domain/rsvp/deadline.ts';
import { editFits, planPromotion, planRsvp, seatNeed } from '../../shared/domain/rsvp/rules.ts';

const now = new Date('2030-01-01T12:00:00Z');
const event = (extra: Partial<EventRecord> = {}): EventRecord => ({
  ...zeroCounters(), id: 'E', name: 'Party', event_date: '2030-06-01T18:00:00Z', timezone: 'UTC', event_type: 'party', budget_total_minor: 0,
  currency: 'USD', status: 'planning', organizer_id: 'U', created_at: '', updated_at: '', version: 1, ...extra,
});
const guest = (extra: Partial<GuestRecord> = {}): GuestRecord => ({
  id: 'G', event_id: 'E', name: 'Grace', dietary_restrictions: [], plus_one_allowed: true, plus_one_limit: 2, plus_one_count: 0,
  rsvp_status: 'pending', code_hash: 'h', created_at: '', updated_at: '', version: 1, ...extra,
});
const asGuest = { now, by: 'guest' as const };

describe('planRsvp', () => {
  it('seats a yes that fits, guarded by the seats it takes', () => {
    const plan = planRsvp(event({ capacity: 10, attending_headcount: 7 }), guest(), { status: 'yes', plus_one_count: 2 }, asGuest);

    expect(plan).toMatchObject({ outcome: 'change', after: { rsvp_status: 'yes', rsvp_date: now.toISOString() }, seatGuard: { capacity: 10, maxHeadcountBefore: 7 } });
  });

  it('refuses a yes that does not fit, or waitlists it when the event keeps a waitlist', () => {
    const full = event({ capacity: 10, attending_headcount: 9 });

    expect(planRsvp(full, guest(), { status: 'yes', plus_one_count: 1 }, asGuest)).toEqual({ outcome: 'capacity_exceeded' });
    expect(planRsvp({ ...full, waitlist_enabled: true }, guest(), { status: 'yes', plus_one_count: 1 }, asGuest)).toMatchObject({
      outcome: 'change', after: { rsvp_status: 'waitlisted', waitlisted_at: now.toISOString() }, seatGuard: null,
    });
  });

  it('does not let a newcomer overtake guests already waiting', () => {
    const plan = planRsvp(event({ capacity: 10, attending_headcount: 2, waitlist_enabled: true, rsvp_waitlisted: 1 }), guest(), { status: 'yes' }, asGuest);

    expect(plan).toMatchObject({ outcome: 'change', after: { rsvp_status: 'waitlisted' } });
  });

  it('changes nothing for the same answer again, and refuses guests after the deadline but not planners', () => {
    const answered = guest({ rsvp_status: 'no', rsvp_date: '2029-12-01T00:00:00Z' });
    const closed = event({ rsvp_deadline: '2029-12-31T00:00:00Z' });

    expect(planRsvp(event(), answered, { status: 'no' }, asGuest)).toEqual({ outcome: 'unchanged' });
    expect(planRsvp(closed, answered, { status: 'yes' }, asGuest)).toEqual({ outcome: 'closed' });
    expect(planRsvp(closed, answered, { status: 'yes' }, { now, by: 'planner' })).toMatchObject({ outcome: 'change' });
  });

  it('refuses more plus-ones than the invitation allows', () => {
    expect(planRsvp(event(), guest(), { status: 'yes', plus_one_count: 3 }, asGuest)).toMatchObject({ outcome: 'invalid', problems: [{ path: 'plus_one_count' }] });
  });
});

describe('planPromotion', () => {
  it('seats the head of the queue only when its whole party fits', () => {
    const waiting = guest({ rsvp_status: 'waitlisted', waitlisted_at: '2029-01-01T00:00:00Z', plus_one_count: 2 });

    expect(planPromotion(event({ capacity: 5, attending_headcount: 3 }), waiting, now)).toBeNull();
    expect(planPromotion(event({ capacity: 6, attending_headcount: 3 }), waiting, now)?.after).toMatchObject({ rsvp_status: 'yes' });
    expect(planPromotion(event({ capacity: 6, attending_headcount: 3 }), waiting, now)?.after.waitlisted_at).toBeUndefined();
  });
});

describe('the RSVP deadline', () => {
  it('is an instant or a span before the event that moves with it', () => {
    expect(normalizeRsvpDeadline('2030-05-01T10:00:00+02:00')).toBe('2030-05-01T08:00:00Z');
    expect(normalizeRsvpDeadline('p14d')).toBe('P14D');
    expect(normalizeRsvpDeadline('14 days')).toBeNull();
    expect(normalizeRsvpDeadline('P0D')).toBeNull();
    expect(rsvpClosesAt({ event_date: '2030-06-15T18:00:00Z', rsvp_deadline: 'P14D' })).toBe('2030-06-01T18:00:00Z');
  });
});

describe('capacity at the edges', () => {
  it('seats a yes that exactly fills the event, and refuses one seat more', () => {
    const nearlyFull = event({ capacity: 10, attending_headcount: 7 });

    expect(planRsvp(nearlyFull, guest(), { status: 'yes', plus_one_count: 2 }, asGuest)).toMatchObject({ outcome: 'change', requireEmptyWaitlist: false });
    expect(planRsvp(nearlyFull, guest({ plus_one_limit: 3 }), { status: 'yes', plus_one_count: 3 }, asGuest)).toEqual({ outcome: 'capacity_exceeded' });
  });

  it('counts an attending guest\'s own seats as theirs when they change their party', () => {
    const attending = guest({ rsvp_status: 'yes', plus_one_count: 1 });
    const full = event({ capacity: 10, attending_headcount: 10 });

    expect(planRsvp(full, attending, { status: 'yes', plus_one_count: 0 }, asGuest)).toMatchObject({ outcome: 'change', after: { plus_one_count: 0 }, seatGuard: null });
    expect(planRsvp(full, attending, { status: 'yes', plus_one_count: 2 }, asGuest)).toEqual({ outcome: 'capacity_exceeded' });
    expect(planRsvp({ ...full, waitlist_enabled: true }, attending, { status: 'yes', plus_one_count: 2 }, asGuest)).toEqual({ outcome: 'capacity_exceeded' });
  });

  it('lets an attending guest grow their party while others wait, if it fits', () => {
    const attending = guest({ rsvp_status: 'yes', plus_one_count: 0 });
    const waiting = event({ capacity: 10, attending_headcount: 5, waitlist_enabled: true, rsvp_waitlisted: 2 });

    expect(planRsvp(waiting, attending, { status: 'yes', plus_one_count: 1 }, asGuest)).toMatchObject({
      outcome: 'change', after: { rsvp_status: 'yes', plus_one_count: 1 }, seatGuard: { capacity: 10, maxHeadcountBefore: 9 }, requireEmptyWaitlist: false,
    });
  });

  it('seats a newcomer on an event with a waitlist only while nobody waits, and says so to the write', () => {
    const open = event({ capacity: 10, attending_headcount: 0, waitlist_enabled: true, rsvp_waitlisted: 0 });

    expect(planRsvp(open, guest(), { status: 'yes' }, asGuest)).toMatchObject({ outcome: 'change', after: { rsvp_status: 'yes' }, requireEmptyWaitlist: true });
    expect(planRsvp(event({ waitlist_enabled: true }), guest(), { status: 'yes' }, asGuest)).toMatchObject({ after: { rsvp_status: 'yes' }, seatGuard: null });
  });

  it('keeps a waiting guest\'s place when they say yes again, and takes them off the queue when they decline', () => {
    const waiting = guest({ rsvp_status: 'waitlisted', waitlisted_at: '2029-01-01T00:00:00Z' });
    const full = event({ capacity: 1, attending_headcount: 1, waitlist_enabled: true, rsvp_waitlisted: 1 });

    expect(planRsvp(full, waiting, { status: 'yes' }, asGuest)).toEqual({ outcome: 'unchanged' });
    const declined = planRsvp(full, waiting, { status: 'no' }, asGuest);
    expect(declined).toMatchObject({ outcome: 'change', after: { rsvp_status: 'no' }, seatGuard: null });
    expect(declined.outcome === 'change' && 'waitlisted_at' in declined.after).toBe(false);
  });

  it('takes no seat for maybe, and frees the seats of a guest who stops attending', () => {
    const attending = guest({ rsvp_status: 'yes', plus_one_count: 2 });
    const full = event({ capacity: 3, attending_headcount: 3 });

    expect(planRsvp(full, guest(), { status: 'maybe' }, asGuest)).toMatchObject({ outcome: 'change', after: { rsvp_status: 'maybe' }, seatGuard: null });
    expect(planRsvp(full, attending, { status: 'no' }, asGuest)).toMatchObject({ outcome: 'change', after: { rsvp_status: 'no' }, seatGuard: null });
  });
});

describe('plus-ones and answer details', () => {
  it('says how many plus-ones are allowed, or that none are', () => {
    expect(planRsvp(event(), guest({ plus_one_limit: 1 }), { status: 'yes', plus_one_count: 2 }, asGuest)).toEqual({
      outcome: 'invalid', problems: [{ path: 'plus_one_count', message: 'At most 1 plus-ones on this invitation', reason: { code: 'too_many_plus_ones', max: 1 } }],
    });
    expect(planRsvp(event(), guest({ plus_one_allowed: false }), { status: 'yes', plus_one_count: 1 }, asGuest)).toEqual({
      outcome: 'invalid', problems: [{ path: 'plus_one_count', message: 'No plus-ones on this invitation', reason: { code: 'too_many_plus_ones', max: 0 } }],
    });
  });

  it('keeps the stored plus-ones when the answer gives none, capped at what is now allowed', () => {
    expect(planRsvp(event(), guest({ plus_one_count: 2 }), { status: 'yes' }, asGuest)).toMatchObject({ after: { plus_one_count: 2 } });
    expect(planRsvp(event(), guest({ plus_one_count: 2, plus_one_allowed: false }), { status: 'yes' }, asGuest)).toMatchObject({ after: { plus_one_count: 0 } });
  });

  it('sets, keeps or clears the details, listing exactly what changed', () => {
    const answered = guest({ rsvp_status: 'yes', dietary_restrictions: ['vegan'], special_needs: 'ramp', rsvp_note: 'hi' });

    const kept = planRsvp(event(), answered, { status: 'yes', dietary_restrictions: ['vegan'] }, asGuest);
    const cleared = planRsvp(event(), answered, { status: 'yes', special_needs: null, note: null }, asGuest);
    const set = planRsvp(event(), answered, { status: 'yes', dietary_restrictions: ['halal'], special_needs: 'seat', note: 'yo' }, asGuest);

    expect(kept).toEqual({ outcome: 'unchanged' });
    expect(cleared).toMatchObject({ outcome: 'change', changes: [{ field: 'special_needs', before: 'ramp', after: null }, { field: 'rsvp_note', before: 'hi', after: null }] });
    expect(cleared.outcome === 'change' && ('special_needs' in cleared.after && cleared.after.special_needs !== undefined)).toBe(false);
    expect(set).toMatchObject({ outcome: 'change', after: { dietary_restrictions: ['halal'], special_needs: 'seat', rsvp_note: 'yo', rsvp_date: now.toISOString(), updated_at: now.toISOString() } });
    expect(set.outcome === 'change' && set.changes.map((change) => change.field)).toEqual(['dietary_restrictions', 'special_needs', 'rsvp_note']);
  });
});

describe('promotion and edits at the edges', () => {
  it('promotes only a waiting guest, into exactly the seats left, guarded by them', () => {
    const waiting = guest({ rsvp_status: 'waitlisted', waitlisted_at: '2029-01-01T00:00:00Z', plus_one_count: 1 });

    expect(planPromotion(event({ capacity: 5, attending_headcount: 3 }), waiting, now)).toEqual({
      after: expect.objectContaining({ rsvp_status: 'yes', rsvp_date: now.toISOString(), updated_at: now.toISOString() }),
      seatGuard: { capacity: 5, maxHeadcountBefore: 3 },
      changes: [{ field: 'rsvp_status', before: 'waitlisted', after: 'yes' }],
    });
    expect(planPromotion(event({ capacity: 5, attending_headcount: 0 }), guest({ rsvp_status: 'maybe' }), now)).toBeNull();
    expect(planPromotion(event(), waiting, now)).toMatchObject({ seatGuard: null });
  });

  it('lets a planner\'s edit shrink a party on a full event but not grow it', () => {
    const attending = guest({ rsvp_status: 'yes', plus_one_count: 1 });
    const full = event({ capacity: 2, attending_headcount: 2 });

    expect(editFits(full, attending, { ...attending, plus_one_count: 0 })).toBe(true);
    expect(editFits(full, attending, { ...attending })).toBe(true);
    expect(editFits(full, attending, { ...attending, plus_one_count: 2 })).toBe(false);
    expect(editFits(event({ capacity: 3, attending_headcount: 2 }), attending, { ...attending, plus_one_count: 2 })).toBe(true);
    expect(editFits(event(), attending, { ...attending, plus_one_count: 2 })).toBe(true);
  });

  it('needs no seat guard without a capacity or without extra seats', () => {
    const pending = guest();

    expect(seatNeed(event(), pending, { ...pending, rsvp_status: 'yes' })).toBeNull();
    expect(seatNeed(event({ capacity: 4 }), pending, { ...pending, rsvp_status: 'maybe' })).toBeNull();
    expect(seatNeed(event({ capacity: 4 }), pending, { ...pending, rsvp_status: 'yes', plus_one_count: 1 })).toEqual({ capacity: 4, maxHeadcountBefore: 2 });
  });
});
