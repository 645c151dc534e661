import { describe, expect, it } from 'vitest';
import { type EventRecord, zeroCounters } from '../../shared/domain/event-rules.ts';
import type { GuestRecord } from '../../shared/domain/guest-rules.ts';
import { normalizeRsvpDeadline, rsvpClosesAt } from '../../shared/domain/rsvp-deadline.ts';
import { planPromotion, planRsvp } from '../../shared/domain/rsvp-rules.ts';

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
    expect(planRsvp(event(), guest(), { status: 'yes', plus_one_count: 3 }, asGuest)).toMatchObject({ outcome: 'invalid', path: 'plus_one_count' });
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
