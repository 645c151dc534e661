import { auditPut, diffFields } from '#shared/data/audit.ts';
import { loadChildAccess } from '#shared/data/events/access.ts';
import { revisionOf } from '#shared/data/events/live-event.ts';
import { listTimelineItems, timelineItemFromDb, writeTimeline } from '#shared/data/timeline.ts';
import { counterEffect, editableTimelineFields } from '#shared/domain/timeline/plan.ts';
import { ConflictError, VersionConflictError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { expectedVersion } from '#shared/http/if-match.ts';
import { deleted } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { assertTimelineSaved } from './outcomes.ts';

/** TransactWriteItems holds 100 items: the event, the item, the audit entry and the dependents. */
const MAX_DEPENDENTS = 97;

/**
 * DELETE /api/timeline/{id}: the item, its counters, and its id removed from every other item's
 * depends_on, in one transaction conditional on the graph and each dependent being as read.
 */
export const deleteTimelineItem = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller, request }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'timelineItem', 'timeline', 'write');
    const item = timelineItemFromDb(child);
    const expected = expectedVersion(request.headers, undefined) ?? item.version;
    if (expected !== item.version) throw new VersionConflictError();

    const dependents = (await listTimelineItems(event.id))
      .filter((other) => other.depends_on.includes(item.id))
      .map((other) => ({ item: other, dependsOn: other.depends_on.filter((dep) => dep !== item.id) }));
    if (dependents.length > MAX_DEPENDENTS) {
      throw new ConflictError('too_many_dependents', `${dependents.length} items depend on this one; remove some of those dependencies first.`);
    }
    const now = new Date();
    const audit = auditPut({ eventId: event.id }, {
      actor_id: caller.userId, action: 'timeline.deleted', entity_type: 'timelineItem', entity_id: item.id,
      changes: diffFields(item, {}, editableTimelineFields), at: now.toISOString(),
    });
    assertTimelineSaved(await writeTimeline({
      eventId: event.id,
      legacyOpenDue: event.timeline_open_due !== undefined,
      itemId: item.id,
      effect: counterEffect(item, null),
      graphRevision: revisionOf(event, 'timeline_graph_version'),
      item: { delete: item, expectedVersion: item.version },
      dependents,
      now,
      alsoWrite: [audit],
    }));
    return deleted(item.id);
  },
});
