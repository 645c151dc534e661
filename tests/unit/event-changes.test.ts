import { describe, expect, it } from 'vitest';
import { noticeFor, planEventUpdate } from '../../shared/domain/events/changes.ts';
import { type EventRecord, zeroCounters } from '../../shared/domain/events/rules.ts';

const current: EventRecord = {
  ...zeroCounters(),
  id: 'E1', name: 'Gala', description: 'Annual', event_date: '2027-06-20T18:00:00Z', timezone: 'UTC', location_name: 'Hall',
  event_type: 'corporate', capacity: 100, budget_total_minor: 100000, currency: 'USD', status: 'planning',
  organizer_id: 'U1', created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z', version: 3,
};
const organizer = { isOrganizer: true };

describe('planEventUpdate', () => {
  it('sets only fields that change and lists them before/after in API units', () => {
    const plan = planEventUpdate(current, { schedule: {}, name: 'Gala', budget_total: 1500.25, capacity: null }, organizer);

    expect(plan).toMatchObject({
      outcome: 'change',
      edits: { set: { budget_total_minor: 150025 }, remove: ['capacity'] },
      changes: [{ field: 'capacity', before: 100, after: null }, { field: 'budget_total', before: 1000, after: 1500.25 }],
    });
  });

  it('answers no changes when nothing differs', () => {
    const plan = planEventUpdate(current, { schedule: { event_date: '2027-06-20T18:00:00Z' }, name: 'Gala' }, organizer);

    expect(plan).toMatchObject({ outcome: 'change', changes: [], edits: { set: {}, remove: [] } });
  });

  it('refuses too many decimals for the (new) currency', () => {
    expect(planEventUpdate(current, { schedule: {}, budget_total: 10.5, currency: 'JPY' }, organizer))
      .toEqual({ outcome: 'invalid', problems: [{ path: 'budget_total', message: 'JPY has no decimals' }] });
    expect(planEventUpdate({ ...current, budget_total_minor: 100050 }, { schedule: {}, currency: 'JPY' }, organizer))
      .toMatchObject({ outcome: 'invalid', problems: [{ path: 'currency' }] });
  });

  it('keeps the currency once budget money is booked', () => {
    const plan = planEventUpdate({ ...current, budget_estimated_minor: 500 }, { schedule: {}, currency: 'EUR' }, organizer);

    expect(plan).toMatchObject({ outcome: 'invalid', problems: [{ path: 'currency' }] });
  });

  it('refuses an invalid transition, and a reopening by someone other than the organizer', () => {
    expect(planEventUpdate(current, { schedule: {}, status: 'completed' }, organizer))
      .toMatchObject({ outcome: 'refused', reason: 'invalid_status_transition' });
    expect(planEventUpdate({ ...current, status: 'cancelled' }, { schedule: {}, status: 'planning' }, { isOrganizer: false }))
      .toMatchObject({ outcome: 'refused', reason: 'organizer_only' });
    expect(planEventUpdate({ ...current, status: 'cancelled' }, { schedule: {}, status: 'planning' }, organizer))
      .toMatchObject({ outcome: 'change', edits: { set: { status: 'planning' } } });
  });
});

describe('noticeFor', () => {
  it('owes guests a notice for a new date, time zone or place', () => {
    expect(noticeFor([{ field: 'event_date', before: 'a', after: 'b' }, { field: 'name', before: 'x', after: 'y' }]))
      .toEqual({ kind: 'event_changed', changes: [{ field: 'event_date', before: 'a', after: 'b' }] });
    expect(noticeFor([{ field: 'location_address', before: null, after: 'here' }])?.kind).toBe('event_changed');
  });

  it('owes a cancellation notice (with what else changed) for a cancellation', () => {
    const notice = noticeFor([{ field: 'status', before: 'planning', after: 'cancelled' }, { field: 'location_name', before: 'a', after: 'b' }]);

    expect(notice?.kind).toBe('event_cancelled');
    expect(notice?.changes).toHaveLength(2);
  });

  it('owes nothing for changes guests do not act on', () => {
    expect(noticeFor([{ field: 'name', before: 'x', after: 'y' }, { field: 'budget_total', before: 1, after: 2 }])).toBeNull();
    expect(noticeFor([{ field: 'status', before: 'planning', after: 'confirmed' }])).toBeNull();
  });
});
