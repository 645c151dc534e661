// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { type DueTask, isoWeek, reminderDays, reminderFor, reminderRecipient } from '../../shared/domain/reminder-plan.ts';

const task = (due: string, extra: Partial<DueTask> = {}): DueTask => ({ kind: 'timeline', id: 'T1', event_id: 'E1', title: 'Task', due_date: due, done: false, ...extra });
const now = new Date('2030-01-10T12:00:00Z');

describe('reminderFor', () => {
  it.each([
    ['2030-01-10T12:00:01Z', 'due_soon'],
    ['2030-01-11T12:00:00Z', 'due_soon'],
    ['2030-01-11T12:00:01Z', null],
    ['2030-01-10T12:00:00Z', 'overdue'],
    ['2030-01-09T12:00:01Z', 'overdue'],
    ['2030-01-09T12:00:00Z', null],
  ])('an item due %s owes %s', (due, expected) => {
    expect(reminderFor(task(due), now)?.type ?? null).toBe(expected);
  });

  it('owes nothing for a finished item, and keys each reminder by item, type and due date', () => {
    expect(reminderFor(task('2030-01-10T18:00:00Z', { done: true }), now)).toBeNull();
    expect(reminderFor(task('2030-01-10T18:00:00Z'), now)?.key).toBe('timeline#T1#due_soon#2030-01-10T18:00:00Z');
  });
});

describe('reminderRecipient', () => {
  it('is the assignee on the team, else the organizer', () => {
    const onTeam = (userId: string) => userId === 'U-member';

    expect(reminderRecipient(task('x', { assigned_to: 'U-member' }), 'U-org', onTeam)).toBe('U-member');
    expect(reminderRecipient(task('x', { assigned_to: 'U-gone' }), 'U-org', onTeam)).toBe('U-org');
    expect(reminderRecipient(task('x'), 'U-org', onTeam)).toBe('U-org');
  });
});

describe('calendar helpers', () => {
  it('reads yesterday, today and tomorrow in UTC', () => {
    expect(reminderDays(new Date('2030-03-01T00:10:00Z'))).toEqual(['2030-02-28', '2030-03-01', '2030-03-02']);
  });

  it.each([
    ['2032-05-17', '2032-W21'],
    ['2027-01-01', '2026-W53'],
    ['2024-12-30', '2025-W01'],
  ])('puts %s in ISO week %s', (day, week) => {
    expect(isoWeek(new Date(`${day}T09:00:00Z`))).toBe(week);
  });
});
