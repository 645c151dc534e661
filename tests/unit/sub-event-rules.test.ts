import { describe, expect, it } from 'vitest';
import {
  counterDelta, planInvitationSet, planSubEvent, planSubEventAnswers, planSubEventPromotion, recountSubEvents, type SubEventInvitation, type SubEventRecord,
} from '../../shared/domain/sub-events/rules.ts';

/** The pure rules of sub-events (shared/domain/sub-events/rules.ts): answers, seats, the queue, the counters. */
const now = '2031-01-01T00:00:00Z';
const subEvent = (overrides: Partial<SubEventRecord> = {}): SubEventRecord => ({
  id: 's1', event_id: 'e', title: 'Dinner', starts_at: '2031-06-20T18:00:00Z', waitlist_enabled: false, position: 0,
  invited_count: 0, attending_count: 0, attending_headcount: 0, declined_count: 0, waitlisted_count: 0,
  created_at: now, updated_at: now, version: 1, ...overrides,
});
const invitation = (overrides: Partial<SubEventInvitation> = {}): SubEventInvitation => ({
  event_id: 'e', guest_id: 'g', sub_event_id: 's1', status: 'pending', headcount: 1, version: 1, ...overrides,
});

describe('sub-event answers', () => {
  it('refuses a sub-event the guest is not invited to, with the same words as one that does not exist', () => {
    const plan = planSubEventAnswers([invitation()], [subEvent(), subEvent({ id: 's2' })], { s2: 'yes', nope: 'yes' }, { headcount: 1, now });
    expect(plan).toEqual({ outcome: 'invalid', problems: [
      { path: 'sub_events.s2', message: 'Not a sub-event of this invitation', reason: { code: 'not_on_invitation' } },
      { path: 'sub_events.nope', message: 'Not a sub-event of this invitation', reason: { code: 'not_on_invitation' } },
    ] });
  });

  it('seats a yes that fits under a guard of the seats it adds, and refuses one that does not without a waitlist', () => {
    const fits = planSubEventAnswers([invitation()], [subEvent({ capacity: 3, attending_headcount: 1 })], { s1: 'yes' }, { headcount: 2, now });
    const full = planSubEventAnswers([invitation()], [subEvent({ capacity: 3, attending_headcount: 2 })], { s1: 'yes' }, { headcount: 2, now });
    expect(fits.outcome === 'change' && fits.changes.map((change) => [change.after.status, change.seatGuard])).toEqual([['yes', { maxHeadcountBefore: 1 }]]);
    expect(full).toEqual({ outcome: 'capacity_exceeded', subEventIds: ['s1'] });
  });

  it('queues a yes that does not fit, or any yes while others wait, where the sub-event keeps a waitlist', () => {
    const full = planSubEventAnswers([invitation()], [subEvent({ capacity: 1, attending_headcount: 1, waitlist_enabled: true })], { s1: 'yes' }, { headcount: 1, now });
    const behind = planSubEventAnswers([invitation()], [subEvent({ capacity: 9, attending_headcount: 1, waitlist_enabled: true, waitlisted_count: 1 })], { s1: 'yes' }, { headcount: 1, now });
    for (const plan of [full, behind]) expect(plan.outcome === 'change' && plan.changes[0]?.after).toMatchObject({ status: 'waitlisted', waitlisted_at: now });
  });

  it('changes nothing for the same answer again', () => {
    const plan = planSubEventAnswers([invitation({ status: 'no' })], [subEvent()], { s1: 'no' }, { headcount: 1, now });
    expect(plan).toEqual({ outcome: 'change', changes: [] });
  });
});

describe('sub-event counters and the queue', () => {
  it('moves only the counters that change, and a recount adds invitations up', () => {
    expect(counterDelta(invitation({ status: 'waitlisted', headcount: 2 }), invitation({ status: 'yes', headcount: 2 }))).toEqual({ attending_count: 1, attending_headcount: 2, waitlisted_count: -1 });
    expect(counterDelta(invitation({ status: 'yes', headcount: 3 }), null)).toEqual({ invited_count: -1, attending_count: -1, attending_headcount: -3 });
    expect(recountSubEvents([invitation({ status: 'yes', headcount: 2 }), invitation({ guest_id: 'h', status: 'no' })]).get('s1'))
      .toEqual({ invited_count: 2, attending_count: 1, attending_headcount: 2, declined_count: 1, waitlisted_count: 0 });
  });

  it('promotes the head only when its seats fit', () => {
    const head = invitation({ status: 'waitlisted', headcount: 2, waitlisted_at: now });
    expect(planSubEventPromotion(subEvent({ capacity: 3, attending_headcount: 2 }), head, now)).toBeNull();
    expect(planSubEventPromotion(subEvent({ capacity: 4, attending_headcount: 2 }), head, now)).toMatchObject({ after: { status: 'yes' }, seatGuard: { maxHeadcountBefore: 2 } });
  });

  it('sets a guest to exactly the sub-events asked, naming every unknown one', () => {
    const current = [invitation(), invitation({ sub_event_id: 's2' })];
    const plan = planInvitationSet(current, ['s2', 's3'], ['s1', 's2', 's3'], { eventId: 'e', guestId: 'g', headcount: 1 });
    expect(plan.outcome === 'change' && plan.changes.map((change) => [change.before?.sub_event_id ?? null, change.after?.sub_event_id ?? null])).toEqual([[null, 's3'], ['s1', null]]);
    expect(planInvitationSet([], ['x', 's1', 'y'], ['s1'], { eventId: 'e', guestId: 'g', headcount: 1 })).toEqual({ outcome: 'invalid', problems: [
      { path: 'sub_event_ids.0', message: 'Not a sub-event of this event' }, { path: 'sub_event_ids.2', message: 'Not a sub-event of this event' },
    ] });
  });

  it('refuses a capacity below the seats taken and an end before the start', () => {
    const plan = planSubEvent(subEvent({ attending_headcount: 5 }), { capacity: 4, ends_at: '2031-06-20T17:00:00Z' }, { id: 's1', eventId: 'e', now, position: 0 });
    expect(plan).toEqual({ outcome: 'invalid', problems: [{ path: 'ends_at', message: 'Must be after starts_at' }, { path: 'capacity', message: '5 seats are already taken' }] });
  });
});
