import { describe, expect, it } from 'vitest';
import { eventReminders, isEventReminderOwed } from '../../shared/domain/events/reminders.ts';

const event = { id: 'E1', event_date: '2030-03-31T17:00:00Z', timezone: 'Europe/London', status: 'planning' as const };

describe('eventReminders', () => {
  it('files the day-before reminder at the same local time a calendar day earlier, across a DST change', () => {
    // 18:00 BST on 31 March 2030 (clocks went forward that morning) is 18:00 GMT the day before.
    const [dayBefore] = eventReminders(event, 3);

    expect(dayBefore).toEqual({ reminder: 'day_before', event_id: 'E1', remind_at: '2030-03-30T18:00:00Z', until: '2030-03-31T17:00:00Z', key: 'day_before#2030-03-31T17:00:00Z' });
  });

  it('files the RSVP reminder the configured days before the deadline, a span or an instant', () => {
    const fromSpan = eventReminders({ ...event, timezone: 'UTC', rsvp_deadline: 'P10D' }, 3)[0];
    const fromInstant = eventReminders({ ...event, timezone: 'UTC', rsvp_deadline: '2030-03-01T09:00:00Z' }, 5)[0];

    expect(fromSpan).toMatchObject({ reminder: 'rsvp_reminder', remind_at: '2030-03-18T17:00:00Z', until: '2030-03-21T17:00:00Z', key: 'rsvp_reminder#2030-03-21T17:00:00Z' });
    expect(fromInstant).toMatchObject({ reminder: 'rsvp_reminder', remind_at: '2030-02-24T09:00:00Z', until: '2030-03-01T09:00:00Z' });
  });

  it('owes nothing for a cancelled or completed event, and no RSVP reminder without a deadline', () => {
    expect(eventReminders({ ...event, rsvp_deadline: 'P10D', status: 'cancelled' }, 3)).toEqual([]);
    expect(eventReminders({ ...event, rsvp_deadline: 'P10D', status: 'completed' }, 3)).toEqual([]);
    expect(eventReminders(event, 3).map((reminder) => reminder.reminder)).toEqual(['day_before']);
  });
});

describe('isEventReminderOwed', () => {
  const reminder = { remind_at: '2030-03-30T18:00:00Z', until: '2030-03-31T17:00:00Z' };

  it.each([
    ['2030-03-30T17:59:59Z', false],
    ['2030-03-30T18:00:00Z', true],
    ['2030-03-31T16:59:59Z', true],
    ['2030-03-31T17:00:00Z', false],
  ])('at %s: %s', (now, owed) => {
    expect(isEventReminderOwed(reminder, new Date(now))).toBe(owed);
  });
});
