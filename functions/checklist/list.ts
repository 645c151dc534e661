import { listChecklistItems } from '#shared/data/checklist.ts';
import { readLinkedDocuments } from '#shared/data/documents/links.ts';
import { loadEventAccess } from '#shared/data/events/access.ts';
import { filterChecklist, groupByCategory } from '#shared/domain/checklist/rules.ts';
import { linkedIdsOf } from '#shared/domain/documents/links.ts';
import { operation } from '#shared/http/group.ts';
import { list } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { listChecklistQuery } from '#shared/schemas/checklist.ts';
import { presentChecklistGroup } from './present.ts';

/**
 * GET /api/events/{id}/checklist: the items matching the filters, grouped by category with counts per
 * category; `meta` has the counts of the matching items and of the whole checklist. Not paged: groups
 * with counts need every item, and a checklist is tens to hundreds of items. The documents the shown
 * items link are read in one BatchGetItem (none when nothing is linked).
 */
export const listChecklist = operation({
  params: idParam,
  query: listChecklistQuery,
  session: 'with-first-read',
  handle: async ({ params, query, caller }) => {
    await loadEventAccess(caller, params.id, 'checklist', 'read');
    const all = await listChecklistItems(params.id);
    const matching = filterChecklist(all, query);
    const documents = await readLinkedDocuments(params.id, linkedIdsOf(matching));
    const done = (items: typeof all) => items.filter((item) => item.completed).length;
    return list(groupByCategory(matching).map((group) => presentChecklistGroup(group, documents)), {
      next_cursor: null,
      total: matching.length,
      completed: done(matching),
      overall: { total: all.length, completed: done(all), percent: all.length === 0 ? 0 : Math.round((done(all) / all.length) * 1000) / 10 },
    });
  },
});
