import { type LinkedDocuments, presentLinkedDocuments } from '#shared/domain/documents/links.ts';
import type { TimelineEntry, TimelineItem } from '#shared/domain/timeline/plan.ts';

/** How the API shows a timeline item: model names, absent optional fields as null, linked documents. */
export function presentTimelineItem(item: TimelineItem, documents: LinkedDocuments) {
  return {
    id: item.id,
    event_id: item.event_id,
    title: item.title,
    description: item.description ?? null,
    due_date: item.due_date,
    start_date: item.start_date ?? null,
    duration_days: item.duration_days ?? null,
    assigned_to: item.assigned_to ?? null,
    priority: item.priority,
    depends_on: item.depends_on,
    status: item.status,
    notes: item.notes ?? null,
    documents: presentLinkedDocuments(item.document_ids, documents),
    completion_date: item.completion_date ?? null,
    source: item.source ?? 'planner',
    created_at: item.created_at,
    updated_at: item.updated_at,
    version: item.version,
  };
}

/** A row of GET /api/events/{id}/timeline: the item and its state in the plan. */
export function presentTimelineEntry(entry: TimelineEntry, documents: LinkedDocuments) {
  return {
    ...presentTimelineItem(entry, documents),
    overdue: entry.overdue,
    blocked: entry.blocked_by.length > 0,
    blocked_by: entry.blocked_by,
    slack_days: entry.slack_days,
    critical: entry.critical,
  };
}
