import { encodeCursor, decodeCursor } from '#shared/data/cursor.ts';
import { loadEventAccess } from '#shared/data/events/access.ts';
import { getBudgetItems, listVendors as listEventVendors } from '#shared/data/vendors.ts';
import { presentVendor } from '#shared/domain/budget/vendors.ts';
import { can } from '#shared/domain/permissions.ts';
import { operation } from '#shared/http/group.ts';
import { list } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { listVendorsQuery } from '#shared/schemas/vendors.ts';

/**
 * GET /api/events/{id}/vendors: the event's vendors (bounded per event, one Query), filtered and paged in
 * id order in memory; the linked budget items of the page in one BatchGetItem, shown only to those who
 * may read the budget.
 */
export const listVendors = operation({
  params: idParam,
  query: listVendorsQuery,
  session: 'with-first-read',
  handle: async ({ params, query, caller }) => {
    const { event, permissions } = await loadEventAccess(caller, params.id, 'vendors', 'read');
    const after = decodeCursor(query.cursor)?.id;
    const service = query.service_type?.toLowerCase();
    const matching = (await listEventVendors(event.id))
      .filter((vendor) => (!query.status || vendor.status === query.status) && (!service || vendor.service_type.toLowerCase() === service))
      .sort((a, b) => a.id.localeCompare(b.id));
    const start = after === undefined ? 0 : matching.findIndex((vendor) => vendor.id > String(after));
    const page = start < 0 ? [] : matching.slice(start, start + query.limit);
    const more = start >= 0 && start + query.limit < matching.length;
    const showBudget = can(permissions, 'budget', 'read');
    const items = showBudget ? await getBudgetItems(event.id, page.flatMap((vendor) => vendor.budget_item_ids)) : [];
    const data = page.map((vendor) =>
      presentVendor(vendor, showBudget ? { event, items: items.filter((item) => item.vendor_id === vendor.id) } : null));
    return list(data, { next_cursor: more ? encodeCursor({ id: page[page.length - 1]?.id }) : null, total: matching.length });
  },
});
