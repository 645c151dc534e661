import { describe, expect, it } from 'vitest';
import { type GuestAnswerFacts, guestNoticeKinds, inContactBefore, receivesNotice, remindedOfSubEvents } from '../../shared/domain/notices/audience.ts';
import { subEventsAwaitingAnswer } from '../../shared/domain/sub-events/answers.ts';
import type { SubEventRecord } from '../../shared/domain/sub-events/rules.ts';

const invitedAt = '2030-01-02T00:00:00Z';
const guests: Record<string, GuestAnswerFacts> = {
  never_contacted: { rsvp_status: 'pending' },
  invited_no_answer: { rsvp_status: 'pending', invited_at: invitedAt },
  yes_entered_by_planner: { rsvp_status: 'yes' },
  no_entered_by_planner: { rsvp_status: 'no' },
  maybe: { rsvp_status: 'maybe', invited_at: invitedAt },
  waitlisted: { rsvp_status: 'waitlisted' },
  declined_invited: { rsvp_status: 'no', invited_at: invitedAt },
};

const who = (kind: (typeof guestNoticeKinds)[number]) => Object.keys(guests).filter((name) => receivesNotice(kind, guests[name] as GuestAnswerFacts));

describe('who hears of each guest notice (docs/notices.md)', () => {
  it('tells a change to everyone in contact who may still come, never to a guest who declined', () => {
    expect(who('event_changed')).toEqual(['invited_no_answer', 'yes_entered_by_planner', 'maybe', 'waitlisted']);
  });

  it.each(['event_cancelled', 'event_deleted', 'guest_removed'] as const)('tells %s to everyone in contact, declined or not', (kind) => {
    expect(who(kind)).toEqual(['invited_no_answer', 'yes_entered_by_planner', 'no_entered_by_planner', 'maybe', 'waitlisted', 'declined_invited']);
  });

  it('reminds only invited guests without an answer, and only attending guests of the day before', () => {
    expect(who('rsvp_reminder')).toEqual(['invited_no_answer']);
    expect(who('day_before_reminder')).toEqual(['yes_entered_by_planner']);
  });

  it('reminds an invited guest who said yes of the sub-events awaiting their answer, never one who said no or maybe', () => {
    const invitedYes = { rsvp_status: 'yes', invited_at: invitedAt };

    expect(remindedOfSubEvents(invitedYes, 1)).toBe(true);
    expect(remindedOfSubEvents(invitedYes, 0)).toBe(false);
    expect(remindedOfSubEvents({ rsvp_status: 'yes' }, 1)).toBe(false);
    expect(remindedOfSubEvents(guests.declined_invited as GuestAnswerFacts, 1)).toBe(false);
    expect(remindedOfSubEvents(guests.maybe as GuestAnswerFacts, 1)).toBe(false);
  });

  it('lists the sub-events awaiting each guest in schedule order, pending ones only', () => {
    const subEvent = (id: string, startsAt: string) => ({ id, title: id, starts_at: startsAt, position: 0 }) as SubEventRecord;
    const subEvents = [subEvent('dinner', '2030-06-20T19:00:00Z'), subEvent('ceremony', '2030-06-20T15:00:00Z'), subEvent('brunch', '2030-06-21T10:00:00Z')];
    const invitations = [
      { guest_id: 'g1', sub_event_id: 'dinner', status: 'pending' as const },
      { guest_id: 'g1', sub_event_id: 'ceremony', status: 'pending' as const },
      { guest_id: 'g1', sub_event_id: 'brunch', status: 'yes' as const },
      { guest_id: 'g2', sub_event_id: 'brunch', status: 'waitlisted' as const },
      { guest_id: 'g3', sub_event_id: 'gone', status: 'pending' as const },
    ];

    const awaiting = subEventsAwaitingAnswer(subEvents, invitations);

    expect([...awaiting].map(([guestId, list]) => [guestId, list.map((one) => one.id)])).toEqual([['g1', ['ceremony', 'dinner']]]);
  });

  it('counts a guest as in contact before a notice when invited by then, or answering and on the list by then', () => {
    const at = '2030-02-01T00:00:00Z';

    expect(inContactBefore({ rsvp_status: 'pending', invited_at: '2030-01-31T23:59:59Z' }, at)).toBe(true);
    expect(inContactBefore({ rsvp_status: 'pending', invited_at: '2030-02-01T00:00:01Z' }, at)).toBe(false);
    expect(inContactBefore({ rsvp_status: 'yes', created_at: '2030-01-15T00:00:00Z' }, at)).toBe(true);
    expect(inContactBefore({ rsvp_status: 'yes', created_at: '2030-02-02T00:00:00Z' }, at)).toBe(false);
    expect(inContactBefore({ rsvp_status: 'pending', created_at: '2030-01-15T00:00:00Z' }, at)).toBe(false);
  });
});
