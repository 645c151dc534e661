import { auditPut } from '#shared/data/audit.ts';
import { readLinkedDocuments, validatedDocumentLinks } from '#shared/data/documents/links.ts';
import { loadChildAccess } from '#shared/data/events/access.ts';
import { isId } from '#shared/data/ids.ts';
import { revisionOf } from '#shared/data/events/live-event.ts';
import { listTimelineItems, timelineItemFromDb, writeTimeline } from '#shared/data/timeline.ts';
import {
  applyTimelinePatch, checkDependencies, counterEffect, type TimelineItem, unfinishedDependencies,
} from '#shared/domain/timeline/plan.ts';
import { ValidationError, VersionConflictError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { expectedVersion } from '#shared/http/if-match.ts';
import { ok } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { updateTimelineBody } from '#shared/schemas/timeline.ts';
import { assertTimelineSaved, DependencyCycleError, dependenciesUnfinished } from './outcomes.ts';
import { presentTimelineItem } from './present.ts';

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id) => b.includes(id));

/**
 * PUT /api/timeline/{id}: a partial change at the version read. New dependencies are checked for cycles;
 * completing an item whose dependencies are unfinished is refused (409) unless `force: true`, and
 * without force the dependencies must still be finished when the write lands.
 */
export const updateTimelineItem = operation({
  params: idParam,
  body: updateTimelineBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller, request }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'timelineItem', 'timeline', 'write');
    const before = timelineItemFromDb(child);
    const expected = expectedVersion(request.headers, body.version) ?? before.version;
    if (expected !== before.version) throw new VersionConflictError();

    const now = new Date();
    const { after, changes, problems } = applyTimelinePatch(before, body, { now, timezone: event.timezone });
    if (problems.length > 0) throw new ValidationError(problems);
    // Only links named in this request are checked; those already stored are shown if they still exist.
    const documents = body.document_ids ? await validatedDocumentLinks(event.id, body.document_ids) : await readLinkedDocuments(event.id, after.document_ids ?? []);
    // Sending the due date it already has still pins it (stops it moving with the event date).
    const pinned = before.days_before_event !== undefined && after.days_before_event === undefined;
    if (changes.length === 0 && !pinned) return ok(presentTimelineItem(before, documents));

    const dependenciesChanged = !sameSet(before.depends_on, after.depends_on);
    const completing = after.status === 'completed' && before.status !== 'completed';
    const needsItems = dependenciesChanged || (completing && after.depends_on.length > 0);
    const items: TimelineItem[] = needsItems ? await listTimelineItems(event.id) : [];
    if (dependenciesChanged) {
      const verdict = checkDependencies(items, before.id, after.depends_on);
      if (verdict.outcome === 'invalid') throw new ValidationError(verdict.problems);
      if (verdict.outcome === 'cycle') throw new DependencyCycleError(verdict.cycle, items);
    }
    let finishedDependencies: string[] | undefined;
    if (completing && after.depends_on.length > 0 && !body.force) {
      const unfinished = unfinishedDependencies(after, items);
      if (unfinished.length > 0) throw dependenciesUnfinished(items.filter((item) => unfinished.includes(item.id)));
      finishedDependencies = after.depends_on;
    }

    const saved: TimelineItem = { ...after, version: before.version + 1, updated_at: now.toISOString() };
    const audit = auditPut({ eventId: event.id }, {
      actor_id: caller.userId, action: 'timeline.updated', entity_type: 'timelineItem', entity_id: before.id, changes, at: saved.updated_at, subject: saved.title,
    });
    const assigneeChanged = saved.assigned_to !== before.assigned_to;
    assertTimelineSaved(await writeTimeline({
      eventId: event.id,
      legacyOpenDue: event.timeline_open_due !== undefined,
      itemId: before.id,
      effect: counterEffect(before, saved),
      graphRevision: dependenciesChanged ? revisionOf(event, 'timeline_graph_version') : undefined,
      item: { replace: saved, expectedVersion: before.version },
      finishedDependencies,
      assigneeUserId: assigneeChanged && saved.assigned_to && isId(saved.assigned_to) ? saved.assigned_to : undefined,
      now,
      alsoWrite: [audit],
    }));
    return ok(presentTimelineItem(saved, documents));
  },
});
