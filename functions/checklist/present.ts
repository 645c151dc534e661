import type { ChecklistGroup, ChecklistItem } from '#shared/domain/checklist/rules.ts';
import { type LinkedDocuments, presentLinkedDocuments } from '#shared/domain/documents/links.ts';
import { ConflictError, NotFoundError, ValidationError, VersionConflictError } from '#shared/http/errors.ts';
import type { ChecklistWriteOutcome } from '#shared/data/checklist.ts';

/** How the API shows a checklist item: model names, absent optional fields as null, linked documents. */
export function presentChecklistItem(item: ChecklistItem, documents: LinkedDocuments) {
  return {
    id: item.id,
    event_id: item.event_id,
    category: item.category,
    task: item.task,
    due_date: item.due_date ?? null,
    assigned_to: item.assigned_to ?? null,
    notes: item.notes ?? null,
    documents: presentLinkedDocuments(item.document_ids, documents),
    completed: item.completed,
    completed_date: item.completed_date ?? null,
    source: item.source,
    created_at: item.created_at,
    updated_at: item.updated_at,
    version: item.version,
  };
}

export const presentChecklistGroup = (group: ChecklistGroup, documents: LinkedDocuments) => ({
  category: group.category,
  total: group.total,
  completed: group.completed,
  items: group.items.map((item) => presentChecklistItem(item, documents)),
});

/** Throws the answer for a checklist write that did not happen. */
export function assertChecklistSaved(outcome: ChecklistWriteOutcome, eventChanged: () => Error = () => new NotFoundError('event')): void {
  if (outcome === 'saved') return;
  if (outcome === 'event_changed') throw eventChanged();
  if (outcome === 'item_changed') throw new VersionConflictError();
  throw new ValidationError([{ path: 'assigned_to', message: "Not a member of this event's team (use a member's user id or a name)" }]);
}

export const checklistChangedMeanwhile = () =>
  new ConflictError('checklist_changed', 'The checklist changed while the template was applied; retry.');
