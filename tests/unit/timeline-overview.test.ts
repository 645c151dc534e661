import { describe, expect, it } from 'vitest';
import { type TimelineItem, timelineOverview } from '../../shared/domain/timeline/plan.ts';

const now = new Date('2027-01-01T00:00:00Z');

const item = (id: string, fields: Partial<TimelineItem> = {}): TimelineItem => ({
  id, event_id: 'event-1', title: id, due_date: '2027-03-01T00:00:00Z', priority: 'medium', depends_on: [], status: 'pending',
  created_at: '2026-12-01T00:00:00Z', updated_at: '2026-12-01T00:00:00Z', version: 1, ...fields,
});

describe('timelineOverview: the critical path counts unfinished work only', () => {
  it('leaves a finished item off the path, however long it was', () => {
    const items = [
      item('venue', { duration_days: 30, status: 'completed', completion_date: '2026-12-20T00:00:00Z' }),
      item('invites', { duration_days: 2 }),
    ];

    const overview = timelineOverview(items, now);

    expect(overview.critical_path).toEqual({ item_ids: ['invites'], duration_days: 2 });
    expect(overview.items.find((entry) => entry.id === 'venue')).toMatchObject({ critical: false, slack_days: null });
  });

  it('does not lengthen the chain of an open item by its finished dependencies', () => {
    const items = [
      item('venue', { duration_days: 20, status: 'completed', completion_date: '2026-12-20T00:00:00Z' }),
      item('menu', { duration_days: 3, depends_on: ['venue'] }),
      item('print', { duration_days: 1, depends_on: ['menu'] }),
      item('dj', { duration_days: 5 }),
    ];

    const overview = timelineOverview(items, now);

    expect(overview.critical_path).toEqual({ item_ids: ['dj'], duration_days: 5 });
    expect(overview.items.find((entry) => entry.id === 'menu')?.slack_days).toBe(1);
  });
});
