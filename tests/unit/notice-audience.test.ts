import { describe, expect, it } from 'vitest';
import { type GuestAnswerFacts, guestNoticeKinds, inContactBefore, receivesNotice } from '../../shared/domain/notices/audience.ts';

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

  it('counts a guest as in contact before a notice when invited by then, or answering and on the list by then', () => {
    const at = '2030-02-01T00:00:00Z';

    expect(inContactBefore({ rsvp_status: 'pending', invited_at: '2030-01-31T23:59:59Z' }, at)).toBe(true);
    expect(inContactBefore({ rsvp_status: 'pending', invited_at: '2030-02-01T00:00:01Z' }, at)).toBe(false);
    expect(inContactBefore({ rsvp_status: 'yes', created_at: '2030-01-15T00:00:00Z' }, at)).toBe(true);
    expect(inContactBefore({ rsvp_status: 'yes', created_at: '2030-02-02T00:00:00Z' }, at)).toBe(false);
    expect(inContactBefore({ rsvp_status: 'pending', created_at: '2030-01-15T00:00:00Z' }, at)).toBe(false);
  });
});
