import { loadEventAccess } from '#shared/data/events/access.ts';
import { getBudgetItems, listVendorPage } from '#shared/data/vendors.ts';
import { presentVendor } from '#shared/domain/budget/vendors.ts';
import { can } from '#shared/domain/permissions.ts';
import { operation } from '#shared/http/group.ts';
import { list } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { listVendorsQuery } from '#shared/schemas/vendors.ts';

/**
 * GET /api/events/{id}/vendors: a page of the event's vendors in id order, O(page) (issue 15): the access
 * check beside one Query of the page (the collection, or a filter's index partition: listVendorPage), then
 * the page's linked budget items in one BatchGetItem, shown only to those who may read the budget. No
 * count of every match since 0.6.0 (it read the whole collection).
 */
export const listVendors = operation({
  params: idParam,
  query: listVendorsQuery,
  session: 'with-first-read',
  handle: async ({ params, query, caller }) => {
    const [{ event, permissions }, page] = await Promise.all([
      loadEventAccess(caller, params.id, 'vendors', 'read'),
      listVendorPage(params.id, query),
    ]);
    const showBudget = can(permissions, 'budget', 'read');
    const items = showBudget ? await getBudgetItems(event.id, page.vendors.flatMap((vendor) => vendor.budget_item_ids)) : [];
    const data = page.vendors.map((vendor) =>
      presentVendor(vendor, showBudget ? { event, items: items.filter((item) => item.vendor_id === vendor.id) } : null));
    return list(data, { next_cursor: page.nextCursor });
  },
});
