import { auditPut, diffFields } from '#shared/data/audit.ts';
import { validatedDocumentLinks } from '#shared/data/documents/links.ts';
import { loadEventAccess } from '#shared/data/events/access.ts';
import { isId, newChildId } from '#shared/data/ids.ts';
import { revisionOf } from '#shared/data/events/live-event.ts';
import { listTimelineItems, writeTimeline } from '#shared/data/timeline.ts';
import { checkDependencies, counterEffect, editableTimelineFields, resolveDayOrInstant, type TimelineItem, wholeSecondInstant } from '#shared/domain/timeline/plan.ts';
import { collectionCap, fitsUnderCap, maxCountBefore } from '#shared/domain/collections/caps.ts';
import { collectionFull } from '#shared/domain/collections/refusal.ts';
import { ValidationError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { created } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { createTimelineBody } from '#shared/schemas/timeline.ts';
import { assertTimelineSaved, DependencyCycleError } from './outcomes.ts';
import { presentTimelineItem } from './present.ts';

/**
 * POST /api/events/{id}/timeline: a milestone or task. With dependencies, the event's items are read to
 * check them, and the write is conditional on the dependency graph being unchanged since that read.
 */
export const createTimelineItem = operation({
  params: idParam,
  body: createTimelineBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller }) => {
    const { event } = await loadEventAccess(caller, params.id, 'timeline', 'write');
    const cap = collectionCap('timeline');
    if (!fitsUnderCap(event.timeline_total ?? 0, cap, 1)) throw collectionFull('timeline', 1);
    const documents = await validatedDocumentLinks(event.id, body.document_ids ?? []);
    const now = new Date();
    const at = now.toISOString();
    const resolve = (value: Parameters<typeof resolveDayOrInstant>[0]) => resolveDayOrInstant(value, event.timezone);
    const item: TimelineItem = {
      id: newChildId(event.id),
      event_id: event.id,
      title: body.title,
      description: body.description,
      due_date: resolve(body.due_date),
      start_date: body.start_date ? resolve(body.start_date) : undefined,
      duration_days: body.duration_days,
      assigned_to: body.assigned_to,
      priority: body.priority,
      depends_on: body.depends_on,
      status: body.status,
      notes: body.notes,
      ...(body.document_ids?.length ? { document_ids: body.document_ids } : {}),
      completion_date: body.status === 'completed' ? wholeSecondInstant(now) : undefined,
      source: 'planner',
      created_at: at,
      updated_at: at,
      version: 1,
    };
    if (item.start_date && item.start_date > item.due_date) throw new ValidationError([{ path: 'start_date', message: 'Must not be after due_date' }]);

    let graphRevision: number | undefined;
    if (item.depends_on.length > 0) {
      const items = await listTimelineItems(event.id);
      const verdict = checkDependencies(items, item.id, item.depends_on);
      if (verdict.outcome === 'invalid') throw new ValidationError(verdict.problems);
      if (verdict.outcome === 'cycle') throw new DependencyCycleError(verdict.cycle, [...items, item]);
      graphRevision = revisionOf(event, 'timeline_graph_version');
    }
    const audit = auditPut({ eventId: event.id }, {
      actor_id: caller.userId, action: 'timeline.created', entity_type: 'timelineItem', entity_id: item.id, subject: item.title,
      changes: diffFields({}, item, editableTimelineFields), at,
    });
    assertTimelineSaved(await writeTimeline({
      eventId: event.id,
      legacyOpenDue: event.timeline_open_due !== undefined,
      itemId: item.id,
      effect: counterEffect(null, item),
      graphRevision,
      item: { create: item },
      assigneeUserId: item.assigned_to && isId(item.assigned_to) ? item.assigned_to : undefined,
      now,
      alsoWrite: [audit],
      maxTotalBefore: maxCountBefore(cap, 1),
    }));
    return created(presentTimelineItem(item, documents), `/api/timeline/${item.id}`);
  },
});
