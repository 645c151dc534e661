import type { FieldChange } from '../../data/audit.ts';
import { diffFields } from '../../data/audit.ts';
import { type CriticalPath, criticalPath, findCycle, type PathNode } from './critical-path.ts';
import type { TimelinePriority } from '../events/defaults.ts';
import { type Problem, wallToInstant } from '../events/rules.ts';

/**
 * Rules of timeline items that do not depend on storage: durations, the overview GET shows (order,
 * overdue, blocked, slack, critical path, progress), dependency checks, and what a change does to the
 * event's timeline counters.
 */
export const timelineStatuses = ['pending', 'in_progress', 'completed'] as const;
export type TimelineItemStatus = (typeof timelineStatuses)[number];
export const timelinePriorities = ['low', 'medium', 'high', 'critical'] as const satisfies readonly TimelinePriority[];

export type TimelineItem = {
  id: string;
  event_id: string;
  title: string;
  description?: string;
  due_date: string;
  start_date?: string;
  duration_days?: number;
  /** A team member's user id, or a free-text name of someone outside the team. */
  assigned_to?: string;
  priority: TimelinePriority;
  depends_on: string[];
  status: TimelineItemStatus;
  notes?: string;
  /** Documents of the event this item links (shared/domain/documents/links.ts); absent when none. */
  document_ids?: string[];
  completion_date?: string;
  /** 'default' for the milestones created with the event. */
  source?: string;
  /** A default milestone's lead: while present, the item moves with the event date (gone once a planner dates it). */
  days_before_event?: number;
  created_at: string;
  updated_at: string;
  version: number;
};

/** Fields a planner may change; diffs and audit entries are taken over exactly these. */
export const editableTimelineFields = [
  'title', 'description', 'due_date', 'start_date', 'duration_days', 'assigned_to', 'priority', 'depends_on', 'status', 'notes', 'completion_date',
  'document_ids',
] as const;

/**
 * A due or start date as sent: a day alone is midnight in the event's time zone, like an event's date; a
 * day with a time but no offset is that wall-clock time there.
 */
export type DayOrInstant = { day: string; time?: string } | { instant: string };

export function resolveDayOrInstant(value: DayOrInstant, timezone: string): string {
  if ('instant' in value) return value.instant;
  const resolved = wallToInstant(value.day, value.time ?? '00:00', timezone);
  // A midnight the zone skips (rare DST zones) falls back to the day in UTC rather than failing.
  return 'instant' in resolved ? resolved.instant : `${value.day}T00:00:00Z`;
}

/** `2026-06-20T18:00:00Z`: the API's shape of an instant (whole seconds, UTC), for completion dates. */
export const wholeSecondInstant = (at: Date): string => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

const MINUTES_PER_DAY = 24 * 60;
/** An item with neither a start date nor a duration is planned as one day of work. */
export const DEFAULT_DURATION_DAYS = 1;

/** Planned work of an item: due − start when it has a start date, else its duration, else one day. */
export function durationMinutes(item: Pick<TimelineItem, 'start_date' | 'due_date' | 'duration_days'>): number {
  if (item.start_date) return Math.max(0, Math.round((Date.parse(item.due_date) - Date.parse(item.start_date)) / 60_000));
  return Math.round((item.duration_days ?? DEFAULT_DURATION_DAYS) * MINUTES_PER_DAY);
}

const isOpen = (item: TimelineItem) => item.status !== 'completed';
const days = (minutes: number) => Math.round((minutes / MINUTES_PER_DAY) * 100) / 100;

/** The unfinished items as critical-path nodes; dependencies on finished items constrain nothing. */
export function openPathNodes(items: readonly TimelineItem[]): PathNode[] {
  const open = new Set(items.filter(isOpen).map((item) => item.id));
  return items.filter(isOpen).map((item) => ({
    id: item.id,
    durationMinutes: durationMinutes(item),
    dependsOn: item.depends_on.filter((dep) => open.has(dep)),
  }));
}

export type TimelineEntry = TimelineItem & {
  overdue: boolean;
  blocked_by: string[];
  slack_days: number | null;
  critical: boolean;
};

export type TimelineOverview = {
  items: TimelineEntry[];
  critical_path: { item_ids: string[]; duration_days: number };
  progress: { done: number; total: number; percent: number };
  overdue: number;
  blocked: number;
};

/** What GET /api/events/{id}/timeline shows: items in due order with their state, the path, progress. */
export function timelineOverview(items: readonly TimelineItem[], now: Date): TimelineOverview {
  const nowIso = now.toISOString();
  const byId = new Map(items.map((item) => [item.id, item]));
  const path: CriticalPath = criticalPath(openPathNodes(items));
  const onPath = new Set(path.path);
  const entries = [...items]
    .sort((a, b) => a.due_date.localeCompare(b.due_date) || a.id.localeCompare(b.id))
    .map((item): TimelineEntry => {
      const open = isOpen(item);
      const slack = path.schedule.get(item.id)?.slack;
      return {
        ...item,
        overdue: open && item.due_date < nowIso,
        blocked_by: open ? item.depends_on.filter((dep) => { const found = byId.get(dep); return found !== undefined && isOpen(found); }) : [],
        slack_days: slack === undefined ? null : days(slack),
        critical: onPath.has(item.id),
      };
    });
  const done = items.length - items.filter(isOpen).length;
  return {
    items: entries,
    critical_path: { item_ids: path.path, duration_days: days(path.lengthMinutes) },
    progress: { done, total: items.length, percent: items.length === 0 ? 0 : Math.round((done / items.length) * 1000) / 10 },
    overdue: entries.filter((entry) => entry.overdue).length,
    blocked: entries.filter((entry) => entry.blocked_by.length > 0).length,
  };
}

export type DependencyVerdict = { outcome: 'ok' } | { outcome: 'invalid'; problems: Problem[] } | { outcome: 'cycle'; cycle: string[] };

/**
 * Whether `itemId` may depend on `dependsOn` given the event's other items: every id must be another item
 * of the same event, and the new edges must not close a cycle (the cycle is named when they would).
 */
export function checkDependencies(items: readonly TimelineItem[], itemId: string, dependsOn: readonly string[]): DependencyVerdict {
  const known = new Set(items.map((item) => item.id));
  const problems = dependsOn.flatMap((dep, index): Problem[] => {
    if (dep === itemId) return [{ path: `depends_on.${index}`, message: 'An item cannot depend on itself' }];
    if (!known.has(dep)) return [{ path: `depends_on.${index}`, message: 'Not a timeline item of this event' }];
    return [];
  });
  if (problems.length > 0) return { outcome: 'invalid', problems };
  const nodes: PathNode[] = [
    ...items.filter((item) => item.id !== itemId).map((item) => ({ id: item.id, durationMinutes: 0, dependsOn: item.depends_on })),
    { id: itemId, durationMinutes: 0, dependsOn },
  ];
  const cycle = findCycle(nodes);
  return cycle ? { outcome: 'cycle', cycle } : { outcome: 'ok' };
}

/** How a write moves the event's timeline counters (`timeline_total`, `timeline_done`, `timeline_open_due`). */
export type CounterEffect = {
  totalDelta: number;
  doneDelta: number;
  /** The item's entry in `timeline_open_due`: set to its due instant, removed, or left as is. */
  openDue: { set: string } | 'remove' | 'keep';
};

export function counterEffect(before: TimelineItem | null, after: TimelineItem | null): CounterEffect {
  const wasDone = before !== null && !isOpen(before);
  const isDone = after !== null && !isOpen(after);
  let openDue: CounterEffect['openDue'] = 'keep';
  if (after === null || isDone) openDue = before !== null && !wasDone ? 'remove' : 'keep';
  else if (before === null || wasDone || before.due_date !== after.due_date) openDue = { set: after.due_date };
  return {
    totalDelta: (after ? 1 : 0) - (before ? 1 : 0),
    doneDelta: (isDone ? 1 : 0) - (wasDone ? 1 : 0),
    openDue,
  };
}

/** A validated partial change; `null` clears an optional field. */
export type TimelinePatch = {
  title?: string;
  description?: string | null;
  due_date?: DayOrInstant;
  start_date?: DayOrInstant | null;
  duration_days?: number | null;
  assigned_to?: string | null;
  priority?: TimelinePriority;
  depends_on?: string[];
  status?: TimelineItemStatus;
  notes?: string | null;
  completion_date?: DayOrInstant;
  document_ids?: string[] | null;
  force?: boolean;
  version?: number;
};

/** Links an item's documents; none (null or `[]`) is stored as no attribute at all. */
export function setDocumentIds(item: { document_ids?: string[] }, ids: string[] | null): void {
  if (ids && ids.length > 0) item.document_ids = ids;
  else delete item.document_ids;
}

const clearable = ['description', 'start_date', 'duration_days', 'assigned_to', 'notes'] as const;

/**
 * The item after a PUT, and its field changes. Completing sets `completion_date` (now unless given);
 * reopening clears it. A start date after the due date is refused.
 */
export function applyTimelinePatch(
  before: TimelineItem,
  patch: TimelinePatch,
  context: { now: Date; timezone: string },
): { after: TimelineItem; changes: FieldChange[]; problems: Problem[] } {
  const after: TimelineItem = { ...before };
  const resolve = (value: DayOrInstant) => resolveDayOrInstant(value, context.timezone);
  if (patch.title !== undefined) after.title = patch.title;
  if (patch.priority !== undefined) after.priority = patch.priority;
  if (patch.depends_on !== undefined) after.depends_on = patch.depends_on;
  if (patch.status !== undefined) after.status = patch.status;
  if (patch.due_date !== undefined) {
    after.due_date = resolve(patch.due_date);
    // A due date the planner set is theirs: the item no longer moves with the event date.
    delete after.days_before_event;
  }
  for (const field of clearable) {
    const value = patch[field];
    if (value === null) delete after[field];
  }
  const given = <T>(value: T | null | undefined): value is T => value !== undefined && value !== null;
  if (given(patch.description)) after.description = patch.description;
  if (given(patch.notes)) after.notes = patch.notes;
  if (given(patch.assigned_to)) after.assigned_to = patch.assigned_to;
  if (given(patch.duration_days)) after.duration_days = patch.duration_days;
  if (given(patch.start_date)) after.start_date = resolve(patch.start_date);
  if (patch.document_ids !== undefined) setDocumentIds(after, patch.document_ids);

  if (after.status === 'completed') {
    if (patch.completion_date) after.completion_date = resolve(patch.completion_date);
    else if (before.status !== 'completed') after.completion_date = wholeSecondInstant(context.now);
  } else {
    delete after.completion_date;
  }
  const problems: Problem[] = [];
  if (patch.completion_date && after.status !== 'completed') problems.push({ path: 'completion_date', message: 'Only a completed item has a completion date' });
  if (after.start_date && after.start_date > after.due_date) problems.push({ path: 'start_date', message: 'Must not be after due_date' });
  return { after, changes: diffFields(before, after, editableTimelineFields), problems };
}

/** Ids of the item's dependencies that are not finished, from the event's items. */
export function unfinishedDependencies(item: Pick<TimelineItem, 'depends_on'>, items: readonly TimelineItem[]): string[] {
  const byId = new Map(items.map((candidate) => [candidate.id, candidate]));
  return item.depends_on.filter((dep) => { const found = byId.get(dep); return found !== undefined && isOpen(found); });
}
