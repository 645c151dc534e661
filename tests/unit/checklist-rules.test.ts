import { describe, expect, it } from 'vitest';
import { applyChecklistPatch, type ChecklistItem, groupByCategory, missingTemplateEntries } from '../../shared/domain/checklist/rules.ts';
import { checklistTemplates } from '../../shared/domain/checklist/templates.ts';
import { eventTypes } from '../../shared/domain/events/rules.ts';

const item = (overrides: Partial<ChecklistItem>): ChecklistItem => ({
  id: 'C1', event_id: 'E1', category: 'general', task: 'Task', completed: false, source: 'planner',
  created_at: '2030-01-01T00:00:00Z', updated_at: '2030-01-01T00:00:00Z', version: 1, ...overrides,
});

describe('checklist templates', () => {
  it.each(eventTypes)('%s has tasks and no duplicate among them', (type) => {
    const template = checklistTemplates[type];

    expect(template.length).toBeGreaterThan(3);
    expect(missingTemplateEntries([], template).missing).toHaveLength(template.length);
  });

  it('skips tasks already there, ignoring case and surrounding space', () => {
    const { missing, skipped } = missingTemplateEntries([{ category: ' VENUE ', task: 'book the venue' }], checklistTemplates.party);

    expect(skipped).toBe(1);
    expect(missing.some((entry) => entry.task === 'Book the venue')).toBe(false);
  });
});

describe('applyChecklistPatch', () => {
  it('sets completed_date when ticked and clears it when unticked', () => {
    const now = new Date('2030-02-03T04:05:06.789Z');

    const ticked = applyChecklistPatch(item({}), { completed: true }, { now, timezone: 'UTC' });
    const unticked = applyChecklistPatch(ticked.after, { completed: false }, { now, timezone: 'UTC' });

    expect(ticked.after.completed_date).toBe('2030-02-03T04:05:06Z');
    expect(ticked.taskChanged).toBe(false);
    expect(unticked.after.completed_date).toBeUndefined();
    expect(unticked.changes.map((change) => change.field).sort()).toEqual(['completed', 'completed_date']);
  });

  it('reads a due day as midnight in the event zone', () => {
    const { after, taskChanged } = applyChecklistPatch(item({}), { due_date: { day: '2030-07-01' }, task: 'New' }, { now: new Date(), timezone: 'Europe/Paris' });

    expect(after.due_date).toBe('2030-06-30T22:00:00Z');
    expect(taskChanged).toBe(true);
  });
});

describe('groupByCategory', () => {
  it('groups alphabetically with counts, items by due date (undated last)', () => {
    const groups = groupByCategory([
      item({ id: 'a', category: 'venue', due_date: '2030-05-01T00:00:00Z' }),
      item({ id: 'b', category: 'venue', completed: true }),
      item({ id: 'c', category: 'food', due_date: '2030-01-01T00:00:00Z' }),
      item({ id: 'd', category: 'venue', due_date: '2030-01-01T00:00:00Z' }),
    ]);

    expect(groups.map((group) => [group.category, group.total, group.completed, group.items.map((entry) => entry.id)])).toEqual([
      ['food', 1, 0, ['c']],
      ['venue', 3, 1, ['d', 'a', 'b']],
    ]);
  });
});
