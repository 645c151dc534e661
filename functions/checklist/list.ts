import { listChecklistItems } from '#shared/data/checklist.ts';
import { loadEventAccess } from '#shared/data/event-access.ts';
import { filterChecklist, groupByCategory } from '#shared/domain/checklist-rules.ts';
import { operation } from '#shared/http/group.ts';
import { list } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { listChecklistQuery } from '#shared/schemas/checklist.ts';
import { presentChecklistGroup } from './present.ts';

/**
 * GET /api/events/{id}/checklist: the items matching the filters, grouped by category with counts per
 * category; `meta` has the counts of the matching items and of the whole checklist. Not paged: groups
 * with counts need every item, and a checklist is tens to hundreds of items.
 */
export const listChecklist = operation({
  params: idParam,
  query: listChecklistQuery,
  session: 'with-first-read',
  handle: async ({ params, query, caller }) => {
    await loadEventAccess(caller, params.id, 'checklist', 'read');
    const all = await listChecklistItems(params.id);
    const matching = filterChecklist(all, query);
    const done = (items: typeof all) => items.filter((item) => item.completed).length;
    return list(groupByCategory(matching).map(presentChecklistGroup), {
      next_cursor: null,
      total: matching.length,
      completed: done(matching),
      overall: { total: all.length, completed: done(all), percent: all.length === 0 ? 0 : Math.round((done(all) / all.length) * 1000) / 10 },
    });
  },
});
