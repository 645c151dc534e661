import { describe, expect, it } from 'vitest';
import { type EventRow, filterEvents, pageOfEvents } from '../../shared/domain/events/list.ts';
import { type EventRecord, zeroCounters } from '../../shared/domain/events/rules.ts';

const event = (id: string, overrides: Partial<EventRecord>): EventRecord => ({
  ...zeroCounters(),
  id, name: id, event_date: '2027-01-01T00:00:00Z', timezone: 'UTC', event_type: 'party', budget_total_minor: 0, currency: 'USD',
  status: 'planning', organizer_id: 'U1', created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z', version: 1,
  ...overrides,
});
const rows: EventRow[] = [
  { event: event('A', { name: 'beta', guest_count: 5 }), role: 'organizer' },
  { event: event('B', { name: 'Alpha', guest_count: 5, status: 'confirmed', organizer_id: 'U2' }), role: 'viewer' },
  { event: event('C', { name: 'gamma', guest_count: 1, event_type: 'wedding' }), role: 'organizer' },
];

describe('filterEvents', () => {
  it('filters by status, type, organizer and name (case-insensitive)', () => {
    expect(filterEvents(rows, { status: 'confirmed' }).map((row) => row.event.id)).toEqual(['B']);
    expect(filterEvents(rows, { event_type: 'wedding' }).map((row) => row.event.id)).toEqual(['C']);
    expect(filterEvents(rows, { organizerId: 'U2' }).map((row) => row.event.id)).toEqual(['B']);
    expect(filterEvents(rows, { organizerId: null })).toEqual([]);
    expect(filterEvents(rows, { q: 'AMM' }).map((row) => row.event.id)).toEqual(['C']);
  });
});

describe('pageOfEvents', () => {
  it('sorts names case-insensitively and breaks ties by id, in both orders', () => {
    expect(pageOfEvents(rows, 'name', 'asc', 10).page.map((row) => row.event.id)).toEqual(['B', 'A', 'C']);
    expect(pageOfEvents(rows, 'guest_count', 'asc', 10).page.map((row) => row.event.id)).toEqual(['C', 'A', 'B']);
    expect(pageOfEvents(rows, 'guest_count', 'desc', 10).page.map((row) => row.event.id)).toEqual(['B', 'A', 'C']);
  });

  it('continues after the last row of the previous page', () => {
    const first = pageOfEvents(rows, 'guest_count', 'desc', 2);
    const second = pageOfEvents(rows, 'guest_count', 'desc', 2, first.next ?? undefined);

    expect(first.next).toEqual({ value: 5, id: 'A' });
    expect(second.page.map((row) => row.event.id)).toEqual(['C']);
    expect(second.next).toBeNull();
  });
});
