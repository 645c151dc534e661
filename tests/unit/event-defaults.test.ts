import { describe, expect, it } from 'vitest';
import { defaultBudgetCategories, defaultTimeline, planNewEvent } from '../../shared/domain/events/defaults.ts';
import { eventTypes } from '../../shared/domain/events/rules.ts';

const now = new Date('2026-01-01T00:00:00Z');

describe('default budget categories', () => {
  it.each(eventTypes)('%s has venue and miscellaneous and no duplicates', (type) => {
    const categories = defaultBudgetCategories(type);

    expect(categories).toContain('venue');
    expect(categories).toContain('miscellaneous');
    expect(new Set(categories).size).toBe(categories.length);
  });

  it('picks categories by type', () => {
    expect(defaultBudgetCategories('wedding')).toContain('attire');
    expect(defaultBudgetCategories('conference')).toContain('technology');
    expect(defaultBudgetCategories('meeting')).not.toContain('attire');
  });
});

describe('default timeline', () => {
  it('dates wedding milestones relative to the event date', () => {
    const timeline = defaultTimeline('wedding', '2027-06-20T18:00:00Z', 'UTC', now);
    const due = Object.fromEntries(timeline.map((item) => [item.title, item.due_date]));

    expect(due['Book the venue']).toBe('2026-12-22T18:00:00Z'); // 180 days before
    expect(due['Send save-the-dates']).toBe('2027-02-20T18:00:00Z'); // 120 days before
    expect(due['Send invitations']).toBe('2027-04-21T18:00:00Z'); // 60 days before
    expect(due.Rehearsal).toBe('2027-06-19T18:00:00Z');
  });

  it('keeps the local time of day across a DST change', () => {
    // 18:00 in New York on 2027-07-10 (EDT); 180 days earlier is in EST, still 18:00 locally.
    const [venue] = defaultTimeline('wedding', '2027-07-10T22:00:00Z', 'America/New_York', now);

    expect(venue).toMatchObject({ title: 'Book the venue', due_date: '2027-01-11T23:00:00Z', days_before_event: 180 });
  });

  it('scales the plan into the time left for an event planned at short notice, never born overdue', () => {
    const timeline = defaultTimeline('wedding', '2026-02-01T12:00:00Z', 'UTC', now);
    const dues = timeline.map((item) => item.due_date);

    expect(dues.every((due) => due > '2026-01-01T00:00:00Z' && due < '2026-02-01T12:00:00Z')).toBe(true);
    // Same order and the same leads as planned, shrunk: the venue first, the rehearsal last.
    expect(dues).toEqual([...dues].sort());
    expect(timeline[0]?.title).toBe('Book the venue');
    expect(timeline.at(-1)?.title).toBe('Rehearsal');
  });

  it('starts a conference three months away with no overdue milestone', () => {
    const created = new Date('2026-09-01T09:00:00Z');

    const timeline = defaultTimeline('conference', '2026-12-01T09:00:00Z', 'Europe/Paris', created);

    expect(timeline.filter((item) => Date.parse(item.due_date) <= created.getTime())).toEqual([]);
    expect(timeline.every((item) => item.due_date < '2026-12-01T09:00:00Z')).toBe(true);
  });

  it('is in due order with a priority for every type', () => {
    for (const type of eventTypes) {
      const timeline = defaultTimeline(type, '2030-01-01T00:00:00Z', 'UTC', now);
      expect(timeline.length).toBeGreaterThan(0);
      expect(timeline.map((item) => item.due_date)).toEqual([...timeline.map((item) => item.due_date)].sort());
    }
  });
});

describe('planNewEvent', () => {
  it('starts counters at zero and counts the default milestones as open', () => {
    let next = 0;
    const plan = planNewEvent(
      { name: 'x', event_date: '2030-01-01T00:00:00Z', timezone: 'UTC', event_type: 'party', budget_total_minor: 0, currency: 'USD', status: 'planning' },
      { eventId: 'E', organizerId: 'U', now, newChildId: () => `E-${(next += 1)}` },
    );

    expect(plan.event).toMatchObject({ id: 'E', organizer_id: 'U', version: 1, guest_count: 0, rsvp_yes: 0, timeline_total: 5, timeline_done: 0 });
    expect(Object.keys(plan.openDue)).toEqual(['E-1', 'E-2', 'E-3', 'E-4', 'E-5']);
    expect(plan.categories).toEqual(defaultBudgetCategories('party'));
  });
});
