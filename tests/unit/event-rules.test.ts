import { describe, expect, it } from 'vitest';
import {
  canonicalTimezone, eventStatuses, localWall, parseInstant, resolveSchedule, statusTransition, type TransitionVerdict, wallToInstant,
  withinDateRange,
} from '../../shared/domain/events/rules.ts';

describe('status transitions', () => {
  // from → to: the whole table, so a change to the rules shows up here.
  const table: Record<string, Record<string, TransitionVerdict>> = {
    planning: { planning: 'unchanged', confirmed: 'allowed', completed: 'invalid', cancelled: 'allowed' },
    confirmed: { planning: 'invalid', confirmed: 'unchanged', completed: 'allowed', cancelled: 'allowed' },
    completed: { planning: 'organizer_only', confirmed: 'organizer_only', completed: 'unchanged', cancelled: 'allowed' },
    cancelled: { planning: 'organizer_only', confirmed: 'organizer_only', completed: 'invalid', cancelled: 'unchanged' },
  };

  for (const from of eventStatuses) {
    for (const to of eventStatuses) {
      it(`${from} → ${to} is ${table[from]![to]}`, () => {
        expect(statusTransition(from, to)).toBe(table[from]![to]);
      });
    }
  }
});

describe('time zones', () => {
  it('canonicalizes IANA names and refuses others', () => {
    expect(canonicalTimezone('america/new_york')).toBe('America/New_York');
    expect(canonicalTimezone('UTC')).toBe('UTC');
    expect(canonicalTimezone('Mars/Olympus')).toBeNull();
    expect(canonicalTimezone('+05:00')).toBeNull();
  });

  it('converts a local wall time to UTC on both sides of a DST change', () => {
    expect(wallToInstant('2027-01-15', '18:00', 'America/New_York')).toEqual({ instant: '2027-01-15T23:00:00Z' });
    expect(wallToInstant('2027-07-15', '18:00', 'America/New_York')).toEqual({ instant: '2027-07-15T22:00:00Z' });
    expect(wallToInstant('2027-07-15', '18:00', 'Europe/Paris')).toEqual({ instant: '2027-07-15T16:00:00Z' });
    expect(wallToInstant('2027-07-15', '09:00', 'Asia/Kolkata')).toEqual({ instant: '2027-07-15T03:30:00Z' });
  });

  it('refuses a local time skipped by the clocks going forward', () => {
    expect(wallToInstant('2027-03-14', '02:30', 'America/New_York')).toEqual({ problem: expect.stringContaining('does not exist') });
    expect(wallToInstant('2027-03-28', '01:30', 'Europe/London')).toEqual({ problem: expect.stringContaining('does not exist') });
  });

  it('resolves a repeated local time (clocks going back) to one instant', () => {
    expect(wallToInstant('2027-11-07', '01:30', 'America/New_York')).toEqual({ instant: expect.stringMatching(/^2027-11-07T0[56]:30:00Z$/) });
  });

  it('refuses impossible calendar dates', () => {
    expect(wallToInstant('2027-02-30', '10:00', 'UTC')).toEqual({ problem: expect.stringContaining('not a real calendar date') });
  });

  it('shows an instant as the wall time of a zone', () => {
    expect(localWall('2027-07-01T02:00:00Z', 'America/Los_Angeles')).toEqual({ date: '2027-06-30', time: '19:00' });
  });

  it('parses instants with offsets to UTC and refuses instants without one', () => {
    expect(parseInstant('2027-06-20T20:00:00+02:00')).toBe('2027-06-20T18:00:00Z');
    expect(parseInstant('2027-06-20T18:00:00.250Z')).toBe('2027-06-20T18:00:00Z');
    expect(parseInstant('2027-06-20T18:00:00')).toBeNull();
    expect(parseInstant('2027-06-20')).toBeNull();
  });
});

describe('resolveSchedule', () => {
  it('takes event_date as an instant, or a date alone as local midnight', () => {
    expect(resolveSchedule({ event_date: '2027-06-20T18:00:00Z' })).toEqual({ schedule: { event_date: '2027-06-20T18:00:00Z', timezone: 'UTC' } });
    expect(resolveSchedule({ event_date: '2027-06-20', timezone: 'Asia/Tokyo' })).toEqual({ schedule: { event_date: '2027-06-19T15:00:00Z', timezone: 'Asia/Tokyo' } });
  });

  it('takes date + time in the event time zone', () => {
    expect(resolveSchedule({ date: '2027-06-20', time: '14:00', timezone: 'America/New_York' }))
      .toEqual({ schedule: { event_date: '2027-06-20T18:00:00Z', timezone: 'America/New_York' } });
  });

  it('lists every problem: missing date, time without date, bad zone', () => {
    const result = resolveSchedule({ time: '10:00', timezone: 'Nowhere/Land' });

    expect(result).toEqual({ problems: expect.arrayContaining([
      expect.objectContaining({ path: 'timezone' }), expect.objectContaining({ path: 'time' }), expect.objectContaining({ path: 'event_date' }),
    ]) });
  });

  it('refuses event_date together with date/time', () => {
    expect(resolveSchedule({ event_date: '2027-06-20', date: '2027-06-21' })).toEqual({ problems: [expect.objectContaining({ path: 'date' })] });
  });

  it('on update keeps what was not sent: the local time for a new date, the local day for a new time', () => {
    const current = { event_date: '2027-01-10T00:00:00Z', timezone: 'America/New_York' }; // 19:00 on Jan 9 locally

    expect(resolveSchedule({ date: '2027-07-04' }, current)).toEqual({ schedule: { event_date: '2027-07-04T23:00:00Z', timezone: 'America/New_York' } });
    expect(resolveSchedule({ time: '08:00' }, current)).toEqual({ schedule: { event_date: '2027-01-09T13:00:00Z', timezone: 'America/New_York' } });
    expect(resolveSchedule({}, current)).toEqual({ schedule: current });
  });

  it('on update a new time zone alone keeps the wall-clock time', () => {
    const current = { event_date: '2027-06-20T18:00:00Z', timezone: 'UTC' };

    expect(resolveSchedule({ timezone: 'Europe/Berlin' }, current)).toEqual({ schedule: { event_date: '2027-06-20T16:00:00Z', timezone: 'Europe/Berlin' } });
  });
});

describe('withinDateRange', () => {
  const lateInLosAngeles = { event_date: '2027-07-01T02:00:00Z', timezone: 'America/Los_Angeles' }; // June 30, 19:00 local

  it('compares a date bound with the event’s local day, inclusive', () => {
    expect(withinDateRange(lateInLosAngeles, { day: '2027-06-30' }, { day: '2027-06-30' })).toBe(true);
    expect(withinDateRange(lateInLosAngeles, { day: '2027-07-01' })).toBe(false);
  });

  it('compares an instant bound with the instant', () => {
    expect(withinDateRange(lateInLosAngeles, { instant: '2027-07-01T02:00:00Z' }, { instant: '2027-07-01T02:00:00Z' })).toBe(true);
    expect(withinDateRange(lateInLosAngeles, undefined, { instant: '2027-07-01T01:59:59Z' })).toBe(false);
  });
});
