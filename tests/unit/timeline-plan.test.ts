import { describe, expect, it } from 'vitest';
import {
  applyTimelinePatch,
  checkDependencies,
  counterEffect,
  durationMinutes,
  openPathNodes,
  resolveDayOrInstant,
  timelineOverview,
  type TimelineItem,
  unfinishedDependencies,
  wholeSecondInstant,
} from '../../shared/domain/timeline/plan.ts';

const now = new Date('2030-03-10T12:00:00.250Z');
const item = (id: string, extra: Partial<TimelineItem> = {}): TimelineItem => ({
  id, event_id: 'E', title: id, due_date: '2030-04-01T00:00:00Z', priority: 'medium', depends_on: [], status: 'pending',
  created_at: '', updated_at: '', version: 1, ...extra,
});
const context = { now, timezone: 'Europe/Paris' };

describe('durationMinutes', () => {
  it('is due minus start when the item has a start date, else its duration, else one day', () => {
    expect(durationMinutes({ start_date: '2030-04-01T10:00:00Z', due_date: '2030-04-01T12:30:00Z', duration_days: 9 })).toBe(150);
    expect(durationMinutes({ due_date: '2030-04-01T00:00:00Z', duration_days: 2.5 })).toBe(3600);
    expect(durationMinutes({ due_date: '2030-04-01T00:00:00Z' })).toBe(1440);
  });

  it('rounds to whole minutes and is never negative', () => {
    expect(durationMinutes({ start_date: '2030-04-01T10:00:00Z', due_date: '2030-04-01T10:00:40Z' })).toBe(1);
    expect(durationMinutes({ start_date: '2030-04-02T00:00:00Z', due_date: '2030-04-01T00:00:00Z' })).toBe(0);
    expect(durationMinutes({ due_date: '2030-04-01T00:00:00Z', duration_days: 0.0003 })).toBe(0);
  });
});

describe('openPathNodes', () => {
  it('leaves out finished items and the dependencies on them', () => {
    const items = [
      item('done', { status: 'completed', duration_days: 30 }),
      item('doing', { status: 'in_progress', depends_on: ['done'] }),
      item('next', { depends_on: ['done', 'doing'], duration_days: 2 }),
    ];

    expect(openPathNodes(items)).toEqual([
      { id: 'doing', durationMinutes: 1440, dependsOn: [] },
      { id: 'next', durationMinutes: 2880, dependsOn: ['doing'] },
    ]);
  });
});

describe('timelineOverview', () => {
  it('computes the critical path over unfinished items only', () => {
    const items = [
      item('venue', { status: 'completed', duration_days: 30, due_date: '2030-03-01T00:00:00Z' }),
      item('caterer', { depends_on: ['venue'], duration_days: 2 }),
      item('flowers', { duration_days: 3 }),
    ];

    const overview = timelineOverview(items, now);

    expect(overview.critical_path).toEqual({ item_ids: ['flowers'], duration_days: 3 });
    const byId = new Map(overview.items.map((entry) => [entry.id, entry]));
    expect(byId.get('venue')).toMatchObject({ critical: false, slack_days: null, blocked_by: [], overdue: false });
    expect(byId.get('caterer')).toMatchObject({ critical: false, slack_days: 1, blocked_by: [] });
    expect(byId.get('flowers')).toMatchObject({ critical: true, slack_days: 0 });
  });

  it('orders by due date then id, and marks overdue and blocked open items', () => {
    const items = [
      item('b', { due_date: '2030-03-01T00:00:00Z' }),
      item('a', { due_date: '2030-03-01T00:00:00Z', depends_on: ['b', 'missing'] }),
      item('c', { due_date: '2030-03-10T12:00:00.250Z' }),
      item('d', { due_date: '2030-02-01T00:00:00Z', status: 'completed', depends_on: ['b'] }),
    ];

    const overview = timelineOverview(items, now);

    expect(overview.items.map((entry) => entry.id)).toEqual(['d', 'a', 'b', 'c']);
    expect(overview.items.map((entry) => entry.overdue)).toEqual([false, true, true, false]);
    expect(overview.items.map((entry) => entry.blocked_by)).toEqual([[], ['b'], [], []]);
    expect(overview).toMatchObject({ overdue: 2, blocked: 1 });
  });

  it('reports progress as done over total with one decimal, and days with two', () => {
    const items = [item('a', { status: 'completed' }), item('b', { start_date: '2030-03-31T16:00:00Z' }), item('c', { status: 'in_progress' })];

    const overview = timelineOverview(items, now);

    expect(overview.progress).toEqual({ done: 1, total: 3, percent: 33.3 });
    expect(overview.critical_path.duration_days).toBe(1);
    expect(overview.items.find((entry) => entry.id === 'b')?.slack_days).toBe(0.67);
  });

  it('shows an empty timeline as zero progress and an empty path', () => {
    expect(timelineOverview([], now)).toEqual({
      items: [], critical_path: { item_ids: [], duration_days: 0 }, progress: { done: 0, total: 0, percent: 0 }, overdue: 0, blocked: 0,
    });
  });
});

describe('checkDependencies', () => {
  const items = [item('a'), item('b', { depends_on: ['a'] }), item('c', { depends_on: ['b'] })];

  it('accepts dependencies on other items of the event', () => {
    expect(checkDependencies(items, 'c', ['a', 'b'])).toEqual({ outcome: 'ok' });
  });

  it('names every unknown or self dependency by its index', () => {
    expect(checkDependencies(items, 'c', ['c', 'a', 'zzz'])).toEqual({
      outcome: 'invalid',
      problems: [
        { path: 'depends_on.0', message: 'An item cannot depend on itself' },
        { path: 'depends_on.2', message: 'Not a timeline item of this event' },
      ],
    });
  });

  it('names the cycle the new dependencies would close, using the new edges rather than the stored ones', () => {
    // b depends on a, a (newly) on c, c on b.
    expect(checkDependencies(items, 'a', ['c'])).toEqual({ outcome: 'cycle', cycle: ['b', 'a', 'c', 'b'] });
    expect(checkDependencies([...items.slice(0, 2), item('c', { depends_on: ['a'] })], 'b', [])).toEqual({ outcome: 'ok' });
  });
});

describe('counterEffect', () => {
  const open = item('x');
  const done = item('x', { status: 'completed' });

  it.each([
    ['a new open item', null, open, { totalDelta: 1, doneDelta: 0, openDue: { set: open.due_date } }],
    ['a new finished item', null, done, { totalDelta: 1, doneDelta: 1, openDue: 'keep' }],
    ['completing an item', open, done, { totalDelta: 0, doneDelta: 1, openDue: 'remove' }],
    ['reopening an item', done, open, { totalDelta: 0, doneDelta: -1, openDue: { set: open.due_date } }],
    ['moving an open item', open, { ...open, due_date: '2030-05-01T00:00:00Z' }, { totalDelta: 0, doneDelta: 0, openDue: { set: '2030-05-01T00:00:00Z' } }],
    ['retitling an open item', open, { ...open, title: 'y' }, { totalDelta: 0, doneDelta: 0, openDue: 'keep' }],
    ['deleting an open item', open, null, { totalDelta: -1, doneDelta: 0, openDue: 'remove' }],
    ['deleting a finished item', done, null, { totalDelta: -1, doneDelta: -1, openDue: 'keep' }],
  ] as const)('%s', (_name, before, after, effect) => {
    expect(counterEffect(before, after)).toEqual(effect);
  });
});

describe('applyTimelinePatch', () => {
  const before = item('x', {
    description: 'd', notes: 'n', assigned_to: 'U1', duration_days: 2, start_date: '2030-03-20T00:00:00Z', document_ids: ['D1'],
  });

  it('sets the fields given, resolving a day in the event time zone, and lists the changes', () => {
    const { after, changes, problems } = applyTimelinePatch(
      before,
      { title: 'T', priority: 'high', depends_on: ['y'], due_date: { day: '2030-04-02' }, description: 'D', notes: 'N', assigned_to: 'U2', duration_days: 3, start_date: { instant: '2030-03-21T00:00:00Z' }, document_ids: ['D2'] },
      context,
    );

    expect(after).toMatchObject({
      title: 'T', priority: 'high', depends_on: ['y'], due_date: '2030-04-01T22:00:00Z', description: 'D', notes: 'N', assigned_to: 'U2',
      duration_days: 3, start_date: '2030-03-21T00:00:00Z', document_ids: ['D2'], status: 'pending',
    });
    expect(changes.map((change) => change.field)).toEqual([
      'title', 'description', 'due_date', 'start_date', 'duration_days', 'assigned_to', 'priority', 'depends_on', 'notes', 'document_ids',
    ]);
    expect(problems).toEqual([]);
  });

  it('clears the optional fields sent as null and keeps those left out', () => {
    const { after } = applyTimelinePatch(before, { description: null, start_date: null, duration_days: null, assigned_to: null, notes: null, document_ids: null }, context);
    const untouched = applyTimelinePatch(before, {}, context);

    for (const field of ['description', 'start_date', 'duration_days', 'assigned_to', 'notes', 'document_ids'] as const) {
      expect(after, field).not.toHaveProperty(field);
      expect(untouched.after[field], field).toEqual(before[field]);
    }
    expect(untouched.changes).toEqual([]);
  });

  it('stamps completion now in whole seconds, keeps it on a completed item, and clears it on reopening', () => {
    const completed = applyTimelinePatch(before, { status: 'completed' }, context).after;
    const kept = applyTimelinePatch({ ...before, status: 'completed', completion_date: '2030-03-01T00:00:00Z' }, { title: 'again' }, context).after;
    const reopened = applyTimelinePatch({ ...before, status: 'completed', completion_date: '2030-03-01T00:00:00Z' }, { status: 'pending' }, context).after;

    expect(completed.completion_date).toBe('2030-03-10T12:00:00Z');
    expect(kept.completion_date).toBe('2030-03-01T00:00:00Z');
    expect(reopened).not.toHaveProperty('completion_date');
  });

  it('takes a given completion date, but only on a completed item', () => {
    const given = applyTimelinePatch(before, { status: 'completed', completion_date: { day: '2030-03-05' } }, context);
    const refused = applyTimelinePatch(before, { completion_date: { day: '2030-03-05' } }, context);

    expect(given).toMatchObject({ after: { completion_date: '2030-03-04T23:00:00Z' }, problems: [] });
    expect(refused.problems).toEqual([{ path: 'completion_date', message: 'Only a completed item has a completion date' }]);
  });

  it('refuses a start date after the due date, but not on it', () => {
    const after = applyTimelinePatch(before, { start_date: { instant: '2030-04-01T00:00:01Z' } }, context);
    const onDue = applyTimelinePatch(before, { start_date: { instant: '2030-04-01T00:00:00Z' } }, context);

    expect(after.problems).toEqual([{ path: 'start_date', message: 'Must not be after due_date' }]);
    expect(onDue.problems).toEqual([]);
  });
});

describe('the small rules', () => {
  it('lists the unfinished dependencies that exist', () => {
    const items = [item('a'), item('b', { status: 'completed' })];

    expect(unfinishedDependencies({ depends_on: ['a', 'b', 'gone'] }, items)).toEqual(['a']);
  });

  it('resolves a day to midnight in the zone, and a skipped midnight to the day in UTC', () => {
    expect(resolveDayOrInstant({ instant: '2030-01-01T05:00:00Z' }, 'Europe/Paris')).toBe('2030-01-01T05:00:00Z');
    expect(resolveDayOrInstant({ day: '2030-01-01' }, 'Europe/Paris')).toBe('2029-12-31T23:00:00Z');
    expect(resolveDayOrInstant({ day: '2030-03-10' }, 'America/Havana')).toBe('2030-03-10T00:00:00Z');
  });

  it('writes an instant in whole seconds', () => {
    expect(wholeSecondInstant(new Date('2030-01-01T05:06:07.890Z'))).toBe('2030-01-01T05:06:07Z');
  });
});
