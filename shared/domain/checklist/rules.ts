import { diffFields, type FieldChange } from '../../data/audit.ts';
import type { ChecklistTemplateEntry } from './templates.ts';
import { type DayOrInstant, resolveDayOrInstant, setDocumentIds, wholeSecondInstant } from '../timeline/plan.ts';

/** Rules of checklist items that do not depend on storage: grouping, ticking off, template application. */
export type ChecklistItem = {
  id: string;
  event_id: string;
  category: string;
  task: string;
  due_date?: string;
  /** A team member's user id, or a free-text name. */
  assigned_to?: string;
  notes?: string;
  /** Documents of the event this task links (shared/domain/documents/links.ts); absent when none. */
  document_ids?: string[];
  completed: boolean;
  completed_date?: string;
  /** 'planner', or `template:<event type>` for items a template added. */
  source: string;
  created_at: string;
  updated_at: string;
  version: number;
};

export const DEFAULT_CATEGORY = 'general';
export const editableChecklistFields = ['category', 'task', 'due_date', 'assigned_to', 'notes', 'document_ids', 'completed', 'completed_date'] as const;

/** Two items are the same task when category and task match ignoring case and surrounding space. */
const sameTaskKey = (entry: ChecklistTemplateEntry) => `${entry.category.trim().toLowerCase()}\u0000${entry.task.trim().toLowerCase()}`;

/** The template entries the event does not have yet, and how many it already had. */
export function missingTemplateEntries(existing: readonly ChecklistTemplateEntry[], template: readonly ChecklistTemplateEntry[]) {
  const have = new Set(existing.map(sameTaskKey));
  const missing = template.filter((entry) => !have.has(sameTaskKey(entry)));
  return { missing, skipped: template.length - missing.length };
}

export type ChecklistGroup = { category: string; total: number; completed: number; items: ChecklistItem[] };

/** Items grouped by category (categories alphabetically, items by due date then creation), with counts. */
export function groupByCategory(items: readonly ChecklistItem[]): ChecklistGroup[] {
  const groups = new Map<string, ChecklistItem[]>();
  for (const item of items) groups.set(item.category, [...(groups.get(item.category) ?? []), item]);
  const byDue = (a: ChecklistItem, b: ChecklistItem) =>
    (a.due_date ?? '\uffff').localeCompare(b.due_date ?? '\uffff') || a.id.localeCompare(b.id);
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([category, members]) => ({
      category,
      total: members.length,
      completed: members.filter((item) => item.completed).length,
      items: [...members].sort(byDue),
    }));
}

export type ChecklistFilter = { completed?: boolean; assigned_to?: string; category?: string };

export function filterChecklist(items: readonly ChecklistItem[], filter: ChecklistFilter): ChecklistItem[] {
  return items.filter((item) =>
    (filter.completed === undefined || item.completed === filter.completed) &&
    (filter.assigned_to === undefined || item.assigned_to?.toLowerCase() === filter.assigned_to.toLowerCase()) &&
    (filter.category === undefined || item.category.toLowerCase() === filter.category.toLowerCase()));
}

export type ChecklistPatch = {
  category?: string;
  task?: string;
  due_date?: DayOrInstant | null;
  assigned_to?: string | null;
  notes?: string | null;
  document_ids?: string[] | null;
  completed?: boolean;
  version?: number;
};

/** The item after a PUT: ticking sets `completed_date` (now), unticking clears it. */
export function applyChecklistPatch(before: ChecklistItem, patch: ChecklistPatch, context: { now: Date; timezone: string }) {
  const after: ChecklistItem = { ...before };
  if (patch.category !== undefined) after.category = patch.category;
  if (patch.task !== undefined) after.task = patch.task;
  if (patch.due_date === null) delete after.due_date;
  else if (patch.due_date !== undefined) after.due_date = resolveDayOrInstant(patch.due_date, context.timezone);
  if (patch.assigned_to === null) delete after.assigned_to;
  else if (patch.assigned_to !== undefined) after.assigned_to = patch.assigned_to;
  if (patch.notes === null) delete after.notes;
  else if (patch.notes !== undefined) after.notes = patch.notes;
  if (patch.document_ids !== undefined) setDocumentIds(after, patch.document_ids);
  if (patch.completed !== undefined && patch.completed !== before.completed) {
    after.completed = patch.completed;
    if (patch.completed) after.completed_date = wholeSecondInstant(context.now);
    else delete after.completed_date;
  }
  const changes: FieldChange[] = diffFields(before, after, editableChecklistFields);
  return { after, changes, taskChanged: after.task !== before.task || after.category !== before.category };
}
