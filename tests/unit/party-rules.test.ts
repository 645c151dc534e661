import { describe, expect, it } from 'vitest';
import { type EventRecord, zeroCounters } from '../../shared/domain/events/rules.ts';
import { dietaryDelta, type GuestRecord } from '../../shared/domain/guests/rules.ts';
import { type PartySeating, planPartyRsvp } from '../../shared/domain/parties/rules.ts';
import { planGroupPromotion, waitingTogether } from '../../shared/domain/parties/promotion.ts';
import type { QuestionRecord } from '../../shared/domain/questions/definitions.ts';
import { planRsvp } from '../../shared/domain/rsvp/rules.ts';
import { partyInvitationView } from '../../shared/domain/rsvp/view.ts';
import { renderPartyPage } from '../../shared/pages/party-page.ts';
import { partyForm } from '../../shared/schemas/party-form.ts';
import { partyAnswerBody } from '../../shared/schemas/parties.ts';

const now = new Date('2030-01-01T12:00:00Z');
const event = (extra: Partial<EventRecord> = {}): EventRecord => ({
  ...zeroCounters(), id: 'E', name: 'Party', event_date: '2030-06-01T18:00:00Z', timezone: 'UTC', event_type: 'party', budget_total_minor: 0,
  currency: 'USD', status: 'planning', organizer_id: 'U', created_at: '', updated_at: '', version: 1, ...extra,
});
const member = (id: string, extra: Partial<GuestRecord> = {}): GuestRecord => ({
  id, event_id: 'E', name: id, dietary_restrictions: [], plus_one_allowed: false, plus_one_limit: 0, plus_one_count: 0,
  rsvp_status: 'pending', code_hash: id, created_at: '', updated_at: '', version: 1, ...extra,
});
const family = [member('A'), member('B'), member('C'), member('D')];
const allYes = family.map((guest) => ({ guest_id: guest.id, input: { status: 'yes' as const } }));
const asGuest = { now, by: 'guest' as const };
const statuses = (plan: ReturnType<typeof planPartyRsvp>) => (plan.outcome === 'change' ? plan.members.map((change) => change.after.rsvp_status) : plan.outcome);
const plan = (seating: PartySeating, extra: Partial<EventRecord>, members = family, answers: Parameters<typeof planPartyRsvp>[3] = allYes) => planPartyRsvp(event(extra), { seating }, members, answers, asGuest);

describe('planPartyRsvp: the party is one decision', () => {
  it('seats the whole party when its seats fit, guarded by the seats it adds', () => {
    const planned = plan('whole_party', { capacity: 10, attending_headcount: 6 });
    expect(statuses(planned)).toEqual(['yes', 'yes', 'yes', 'yes']);
    expect(planned).toMatchObject({ seatGuard: { capacity: 10, maxHeadcountBefore: 6 }, requireEmptyWaitlist: false });
  });

  it('whole_party: 3 seats left for 4 is a refusal without a waitlist and the whole party waiting with one', () => {
    expect(plan('whole_party', { capacity: 10, attending_headcount: 7 })).toEqual({ outcome: 'capacity_exceeded' });
    const waiting = plan('whole_party', { capacity: 10, attending_headcount: 7, waitlist_enabled: true });
    expect(statuses(waiting)).toEqual(['waitlisted', 'waitlisted', 'waitlisted', 'waitlisted']);
    expect(waiting).toMatchObject({ seatGuard: null, requireEmptyWaitlist: false });
  });

  it('as_many_as_fit: seats members in order while they fit and queues the rest; never half a party without a waitlist', () => {
    const split = plan('as_many_as_fit', { capacity: 10, attending_headcount: 7, waitlist_enabled: true });
    expect(statuses(split)).toEqual(['yes', 'yes', 'yes', 'waitlisted']);
    expect(split).toMatchObject({ seatGuard: { maxHeadcountBefore: 7 }, requireEmptyWaitlist: true });
    expect(plan('as_many_as_fit', { capacity: 10, attending_headcount: 7 })).toEqual({ outcome: 'capacity_exceeded' });
  });

  it('nobody overtakes guests already waiting: the newcomers join the queue', () => {
    expect(statuses(plan('as_many_as_fit', { capacity: 10, attending_headcount: 2, waitlist_enabled: true, rsvp_waitlisted: 1 }))).toEqual(['waitlisted', 'waitlisted', 'waitlisted', 'waitlisted']);
  });

  it("counts the seats members free: one member's no makes room for another's plus-one", () => {
    const members = [member('A', { rsvp_status: 'yes' }), member('B', { rsvp_status: 'yes', plus_one_allowed: true, plus_one_limit: 1 })];
    const planned = planPartyRsvp(event({ capacity: 2, attending_headcount: 2 }), { seating: 'whole_party' }, members, [
      { guest_id: 'A', input: { status: 'no' } },
      { guest_id: 'B', input: { status: 'yes', plus_ones: [{ name: 'Ben', dietary_restrictions: ['vegan'] }] } },
    ], asGuest);
    expect(statuses(planned)).toEqual(['no', 'yes']);
    expect(planned).toMatchObject({ seatGuard: null });
  });

  it('answers only for members, once each, and keeps those it does not name', () => {
    expect(plan('whole_party', {}, family, [{ guest_id: 'Z', input: { status: 'yes' } }])).toMatchObject({ outcome: 'invalid', problems: [{ path: 'members.0.guest_id' }] });
    expect(plan('whole_party', {}, family, [allYes[0], allYes[0]] as typeof allYes)).toMatchObject({ outcome: 'invalid', problems: [{ path: 'members.1.guest_id' }] });
    expect(statuses(plan('whole_party', { capacity: 1 }, family, [allYes[1]] as typeof allYes))).toEqual(['yes']);
    const tooMany: Parameters<typeof planPartyRsvp>[3] = [{ guest_id: 'A', input: { status: 'yes', plus_one_count: 1 } }];
    expect(plan('whole_party', {}, family, tooMany)).toMatchObject({ outcome: 'invalid', problems: [{ path: 'members.0.plus_one_count' }] });
  });

  it('a member already waiting keeps their place; a repeated answer changes nothing; a closed deadline binds guests only', () => {
    const waiting = [member('A', { rsvp_status: 'waitlisted', waitlisted_at: '2029-01-01T00:00:00Z' })];
    expect(planPartyRsvp(event({ capacity: 5, waitlist_enabled: true }), { seating: 'whole_party' }, waiting, [{ guest_id: 'A', input: { status: 'yes' } }], asGuest)).toEqual({ outcome: 'unchanged' });
    const closed = event({ rsvp_deadline: '2029-12-01T00:00:00Z' });
    expect(planPartyRsvp(closed, { seating: 'whole_party' }, family, allYes, asGuest)).toEqual({ outcome: 'closed' });
    expect(planPartyRsvp(closed, { seating: 'whole_party' }, family, allYes, { now, by: 'planner' })).toMatchObject({ outcome: 'change' });
  });
});

describe('named plus-ones', () => {
  const host = member('H', { plus_one_allowed: true, plus_one_limit: 2, dietary_restrictions: ['vegetarian'] });
  it('set the count, take seats, and bring their dietary needs into the summary', () => {
    const planned = planRsvp(event({ capacity: 3 }), host, { status: 'yes', plus_ones: [{ name: 'Kim', dietary_restrictions: ['vegan'] }, { name: 'Lee', dietary_restrictions: [] }] }, asGuest);
    expect(planned).toMatchObject({ outcome: 'change', after: { plus_one_count: 2, rsvp_status: 'yes' }, seatGuard: { maxHeadcountBefore: 0 } });
    if (planned.outcome !== 'change') throw new Error('expected a change');
    expect(dietaryDelta(host, planned.after)).toEqual({ vegan: 1 });
  });
  it('are refused past the allowance or against a different count; a smaller count drops the names past it', () => {
    const three = ['a', 'b', 'c'].map((name) => ({ name, dietary_restrictions: [] }));
    expect(planRsvp(event(), host, { status: 'yes', plus_ones: three }, asGuest)).toMatchObject({ outcome: 'invalid', problems: [{ path: 'plus_ones' }] });
    expect(planRsvp(event(), host, { status: 'yes', plus_ones: three.slice(0, 1), plus_one_count: 2 }, asGuest)).toMatchObject({ outcome: 'invalid', problems: [{ path: 'plus_one_count' }] });
    const named = { ...host, plus_one_count: 2, plus_ones: three.slice(0, 2) };
    expect(planRsvp(event(), named, { status: 'yes', plus_one_count: 1 }, asGuest)).toMatchObject({ outcome: 'change', after: { plus_ones: [{ name: 'a' }] } });
  });
});

describe('whole-party promotion from the waitlist', () => {
  const at = '2030-01-01T10:00:00.000Z';
  const waiting = (id: string, waitedAt = at, extra: Partial<GuestRecord> = {}) => member(id, { rsvp_status: 'waitlisted', waitlisted_at: waitedAt, party_id: 'P', ...extra });
  const party = (seating: PartySeating) => ({ seating, member_ids: ['A', 'B', 'C', 'D'] });

  it('takes the members waitlisted in the same decision as the head under whole_party, the head alone otherwise', () => {
    const members = [waiting('A'), waiting('B'), waiting('C', '2030-01-01T11:00:00.000Z'), member('D', { party_id: 'P', rsvp_status: 'yes' })];
    expect(waitingTogether(party('whole_party'), members, members[0] as GuestRecord).map((guest) => guest.id)).toEqual(['A', 'B']);
    expect(waitingTogether(party('as_many_as_fit'), members, members[0] as GuestRecord).map((guest) => guest.id)).toEqual(['A']);
    expect(waitingTogether(null, members, members[2] as GuestRecord).map((guest) => guest.id)).toEqual(['C']);
  });

  it('seats every member at once under one guard when all their seats fit, and none when one would not', () => {
    const group = [waiting('A', at, { plus_one_allowed: true, plus_one_limit: 1, plus_one_count: 1 }), waiting('B')];
    const fits = planGroupPromotion(event({ capacity: 10, attending_headcount: 7 }), group, now);
    expect(fits?.members.map(({ after }) => [after.id, after.rsvp_status, after.waitlisted_at])).toEqual([['A', 'yes', undefined], ['B', 'yes', undefined]]);
    expect(fits?.seatGuard).toEqual({ capacity: 10, maxHeadcountBefore: 7 });
    expect(planGroupPromotion(event({ capacity: 10, attending_headcount: 8 }), group, now)).toBeNull();
  });
});

describe('per_party questions on the party page', () => {
  const hotel: QuestionRecord = {
    id: 'hotel', event_id: 'E', kind: 'single_choice', label: 'Where will you stay?', required: true, audience: 'per_party',
    options: [{ id: 'inn', label: 'Inn' }, { id: 'home', label: 'Home' }], position: 1, answer_count: 1, choice_counts: { inn: 1 }, created_at: '', updated_at: '', version: 1,
  };
  const members = [member('A', { party_id: 'P' }), member('B', { party_id: 'P' })];

  it('are asked once in the party\'s own fieldset (answers.<id>, not per member), posted back as the party\'s answers, and required of the party', () => {
    const view = partyInvitationView(event(), { name: 'The Lovelaces', answers: { hotel: ['inn'] } }, members, [hotel], now);
    const page = renderPartyPage(view, 'en');
    const posted = partyAnswerBody.parse(partyForm({ 'members.0.guest_id': 'A', 'members.0.status': 'yes', 'answers.hotel': 'home' }));

    expect(page.match(/name="answers\.hotel"/g)).toHaveLength(2);
    expect(page).not.toContain('members.0.answers.hotel');
    expect(page).toContain('id="party-questions"');
    expect(posted.answers).toEqual({ hotel: 'home' });
    expect(planPartyRsvp(event(), { seating: 'whole_party' }, members, [{ guest_id: 'A', input: { status: 'yes' } }], asGuest, [hotel])).toEqual({ outcome: 'invalid', problems: [{ path: 'answers.hotel', message: 'Required: Where will you stay?', reason: { code: 'required' } }] });
  });
});
