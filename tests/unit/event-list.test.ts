import { describe, expect, it } from 'vitest';
import { changesListedFields, type EventRow, filterEvents, listedEventOf, pageOfEvents } from '../../shared/domain/events/list.ts';
import { type EventRecord, zeroCounters } from '../../shared/domain/events/rules.ts';

const event = (id: string, overrides: Partial<EventRecord>): EventRecord => ({
  ...zeroCounters(),
  id, name: id, event_date: '2027-01-01T00:00:00Z', timezone: 'UTC', event_type: 'party', budget_total_minor: 0, currency: 'USD',
  status: 'planning', organizer_id: 'U1', created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z', version: 1,
  ...overrides,
});
const rows: EventRow[] = [
  { event: listedEventOf(event('A', { name: 'beta', event_date: '2027-03-01T00:00:00Z' })), role: 'organizer' },
  { event: listedEventOf(event('B', { name: 'Alpha', event_date: '2027-03-01T00:00:00Z', status: 'confirmed', organizer_id: 'U2' })), role: 'viewer' },
  { event: listedEventOf(event('C', { name: 'gamma', event_date: '2027-02-01T00:00:00Z', event_type: 'wedding' })), role: 'organizer' },
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
    expect(pageOfEvents(rows, 'event_date', 'asc', 10).page.map((row) => row.event.id)).toEqual(['C', 'A', 'B']);
    expect(pageOfEvents(rows, 'event_date', 'desc', 10).page.map((row) => row.event.id)).toEqual(['B', 'A', 'C']);
  });

  it('continues after the last row of the previous page', () => {
    const first = pageOfEvents(rows, 'event_date', 'desc', 2);
    const second = pageOfEvents(rows, 'event_date', 'desc', 2, first.next ?? undefined);

    expect(first.next).toEqual({ value: '2027-03-01T00:00:00Z', id: 'A' });
    expect(second.page.map((row) => row.event.id)).toEqual(['C']);
    expect(second.next).toBeNull();
  });
});

describe('listedEventOf and changesListedFields', () => {
  it('copies only the listed fields, and says which changes rewrite the copies', () => {
    const copy = listedEventOf(event('D', { guest_count: 40, description: 'long text', location_name: 'Hall' }));

    expect(Object.keys(copy).sort()).toEqual(['created_at', 'event_date', 'event_type', 'id', 'name', 'organizer_id', 'status', 'timezone', 'version']);
    expect(changesListedFields(['description', 'capacity', 'budget_total_minor'])).toBe(false);
    expect(['name', 'event_date', 'timezone', 'status', 'event_type', 'organizer_id'].map((field) => changesListedFields(['capacity', field]))).toEqual([true, true, true, true, true, true]);
  });
});
