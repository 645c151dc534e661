import { readLinkedDocuments } from '#shared/data/documents/links.ts';
import { loadEventAccess } from '#shared/data/events/access.ts';
import { listTimelineItems } from '#shared/data/timeline.ts';
import { linkedIdsOf } from '#shared/domain/documents/links.ts';
import { timelineOverview } from '#shared/domain/timeline/plan.ts';
import { operation } from '#shared/http/group.ts';
import { list } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { presentTimelineEntry } from './present.ts';

/**
 * GET /api/events/{id}/timeline: every item in due order with overdue, blocked, slack and whether it is
 * on the critical path; `meta` carries the path, progress and the overdue and blocked counts. Two
 * DynamoDB calls: the access read, then one Query of the collection's TIMELINE# items (and a third, one
 * BatchGetItem of the linked documents, when any item links one). Not paged: the
 * critical path needs the whole graph, and an event's timeline is hundreds of items, not millions.
 */
export const listTimeline = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller }) => {
    await loadEventAccess(caller, params.id, 'timeline', 'read');
    const items = await listTimelineItems(params.id);
    const documents = await readLinkedDocuments(params.id, linkedIdsOf(items));
    const overview = timelineOverview(items, new Date());
    return list(overview.items.map((entry) => presentTimelineEntry(entry, documents)), {
      next_cursor: null,
      critical_path: overview.critical_path,
      progress: overview.progress,
      overdue: overview.overdue,
      blocked: overview.blocked,
    });
  },
});
