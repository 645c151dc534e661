import type { VendorRecord, VendorStatus } from '../domain/budget/vendors.ts';
import { batchGetAll, queryChildren } from './collection.ts';
import { budgetItemFromItem } from './budget/items.ts';
import type { BudgetItemRecord } from '../domain/budget/ledger.ts';
import { childPage } from './child-page.ts';
import { childKeys, vendorIndexKeys } from './keys.ts';
import { type TransactItem, TransactionConditionFailed, transact } from './transact.ts';

/**
 * Vendors of an event. A vendor keeps the ids of its budget items (a string set, changed in the same
 * transaction as the item's `vendor_id`) and a `links_version` bumped by every link change, so deleting a
 * vendor unlinks exactly the items linked at that moment, in one transaction, or fails and is retried.
 */
export const MAX_ITEMS_PER_VENDOR = 90;

export function vendorFromItem(item: Record<string, unknown>): VendorRecord {
  const { pk: _pk, sk: _sk, type: _type, gsi2pk: _g2, gsi2sk: _g2s, gsi3pk: _g3, gsi3sk: _g3s, budget_item_ids: ids, ...vendor } = item;
  return { ...(vendor as Omit<VendorRecord, 'budget_item_ids'>), budget_item_ids: ids instanceof Set ? [...ids].map(String).sort() : [] };
}

export function vendorPut(vendor: VendorRecord, expect: 'new' | { version: number; linksVersion: number }): TransactItem {
  const { budget_item_ids: ids, ...rest } = vendor;
  return {
    Put: {
      Item: { ...childKeys.item('vendor', vendor.event_id, vendor.id), type: 'vendor', ...rest, ...vendorIndexAttributes(vendor), ...(ids.length ? { budget_item_ids: new Set(ids) } : {}) },
      ...(expect === 'new'
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : {
            // Unchanged links too: a Put rewrites the link set, so it must be the one this write read.
            ConditionExpression: 'version = :version AND links_version = :links',
            ExpressionAttributeValues: { ':version': expect.version, ':links': expect.linksVersion },
          }),
    },
  };
}

/** The vendor's filter partitions (vendorIndexKeys), written with every Put of it. */
export const vendorIndexAttributes = (vendor: Pick<VendorRecord, 'event_id' | 'id' | 'status' | 'service_type'>) => ({
  gsi2pk: vendorIndexKeys.byService(vendor.event_id, vendor.service_type),
  gsi2sk: vendor.id,
  gsi3pk: vendorIndexKeys.byStatus(vendor.event_id, vendor.status),
  gsi3sk: vendor.id,
});

/** Adds or removes one budget item in a vendor's link set; linking needs the vendor to exist (in this event). */
export function vendorLinkUpdate(eventId: string, vendorId: string, itemId: string, how: 'link' | 'unlink'): TransactItem {
  return {
    Update: {
      Key: childKeys.item('vendor', eventId, vendorId),
      UpdateExpression: how === 'link' ? 'ADD budget_item_ids :ids, links_version :one' : 'DELETE budget_item_ids :ids ADD links_version :one',
      ConditionExpression:
        how === 'link'
          ? 'attribute_exists(pk) AND (attribute_not_exists(budget_item_ids) OR size(budget_item_ids) < :max)'
          : 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':ids': new Set([itemId]), ':one': 1, ...(how === 'link' ? { ':max': MAX_ITEMS_PER_VENDOR } : {}) },
    },
  };
}

/** Deletes the vendor and clears `vendor_id` on each of its items (they stay), with `alsoWrite`, in one transaction. */
export async function deleteVendorUnlinking(vendor: VendorRecord, now: string, alsoWrite: TransactItem[]): Promise<'deleted' | 'stale'> {
  const unlinks: TransactItem[] = vendor.budget_item_ids.map((itemId) => ({
    Update: {
      Key: childKeys.item('budgetItem', vendor.event_id, itemId),
      UpdateExpression: 'REMOVE vendor_id SET version = version + :one, updated_at = :now',
      ConditionExpression: 'vendor_id = :vendor',
      ExpressionAttributeValues: { ':vendor': vendor.id, ':one': 1, ':now': now },
    },
  }));
  try {
    await transact([
      {
        Delete: {
          Key: childKeys.item('vendor', vendor.event_id, vendor.id),
          ConditionExpression: 'version = :version AND links_version = :links',
          ExpressionAttributeValues: { ':version': vendor.version, ':links': vendor.links_version },
        },
      },
      ...unlinks,
      ...alsoWrite,
    ]);
    return 'deleted';
  } catch (error) {
    if (error instanceof TransactionConditionFailed) return 'stale';
    throw error;
  }
}

/** Every vendor of an event (Query VENDOR# in its collection, strong, every page). */
export async function listVendors(eventId: string): Promise<VendorRecord[]> {
  return (await queryChildren('vendor', eventId)).map(vendorFromItem);
}

export type VendorPageQuery = { limit: number; cursor?: string; status?: VendorStatus; service_type?: string };

/**
 * A page of an event's vendors in id order (pattern B4, childPage): the collection, or `status`'s GSI3
 * partition, or only `service_type`'s GSI2 partition; both filters: the status partition filtered by the
 * service type's.
 */
export async function listVendorPage(eventId: string, query: VendorPageQuery): Promise<{ vendors: VendorRecord[]; nextCursor: string | null }> {
  const byStatus = query.status ? { index: 'gsi3' as const, partition: vendorIndexKeys.byStatus(eventId, query.status) } : undefined;
  const byService = query.service_type ? { index: 'gsi2' as const, partition: vendorIndexKeys.byService(eventId, query.service_type) } : undefined;
  const derive = (item: Record<string, unknown>) => vendorIndexAttributes(vendorFromItem(item));
  const filter = byStatus ? { by: byStatus, also: byService, derive } : byService ? { by: byService, derive } : undefined;
  const { items, nextCursor } = await childPage(eventId, 'vendor', query, filter);
  return { vendors: items.map(vendorFromItem), nextCursor };
}

/** Budget items by id (BatchGetItem, strong). */
export async function getBudgetItems(eventId: string, itemIds: string[]): Promise<BudgetItemRecord[]> {
  const rows = await batchGetAll(itemIds.map((id) => childKeys.item('budgetItem', eventId, id)));
  return rows.map(budgetItemFromItem);
}

/** Saves a vendor (new, or version- and links-checked) with `alsoWrite` (its audit entry) in one transaction. */
export async function saveVendor(vendor: VendorRecord, expect: Parameters<typeof vendorPut>[1], alsoWrite: TransactItem[]): Promise<'saved' | 'stale'> {
  try {
    await transact([vendorPut(vendor, expect), ...alsoWrite]);
    return 'saved';
  } catch (error) {
    if (error instanceof TransactionConditionFailed && error.failedIndexes.includes(0)) return 'stale';
    throw error;
  }
}
