import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { VendorRecord, VendorStatus } from '../domain/budget/vendors.ts';
import { batchGetAll, queryChildren } from './collection.ts';
import { budgetItemFromItem } from './budget/items.ts';
import type { BudgetItemRecord } from '../domain/budget/ledger.ts';
import { db, tableName } from './client.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
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
 * A page of an event's vendors in id order, one Query (pattern B4): of the collection's `VENDOR#` items
 * (strong), or with `status` of its GSI3 partition, with only `service_type` of its GSI2 partition
 * (eventual, as every index). Both filters: the status partition, the service type as a FilterExpression,
 * so such a page may hold fewer than `limit` vendors, and a cursor when more may follow. The cursor is
 * the last vendor's key in what was read, refused outside its partition.
 */
export async function listVendorPage(eventId: string, query: VendorPageQuery): Promise<{ vendors: VendorRecord[]; nextCursor: string | null }> {
  const pk = childKeys.item('vendor', eventId, '').pk;
  type Source = { index: string; partitionName: string; partitionValue: string; sortName: string };
  const source: Source | null = query.status
    ? { index: 'gsi3', partitionName: 'gsi3pk', partitionValue: vendorIndexKeys.byStatus(eventId, query.status), sortName: 'gsi3sk' }
    : query.service_type
      ? { index: 'gsi2', partitionName: 'gsi2pk', partitionValue: vendorIndexKeys.byService(eventId, query.service_type), sortName: 'gsi2sk' }
      : null;
  const both = query.status && query.service_type ? vendorIndexKeys.byService(eventId, query.service_type) : undefined;
  const prefix = childKeys.prefix('vendor');
  const start = source
    ? decodeCursor(query.cursor, { [source.partitionName]: source.partitionValue, pk }, { sk: prefix, [source.sortName]: eventId })
    : decodeCursor(query.cursor, { pk }, { sk: prefix });
  const partitionName = source?.partitionName ?? 'pk';
  const partitionValue = source?.partitionValue ?? pk;
  const result = await db().send(new QueryCommand({
    TableName: tableName(),
    ...(source ? { IndexName: source.index } : {}),
    KeyConditionExpression: source ? '#partition = :partition' : '#partition = :partition AND begins_with(sk, :prefix)',
    ...(both ? { FilterExpression: 'gsi2pk = :service' } : {}),
    ExpressionAttributeNames: { '#partition': partitionName },
    ExpressionAttributeValues: { ':partition': partitionValue, ...(source ? {} : { ':prefix': prefix }), ...(both ? { ':service': both } : {}) },
    Limit: query.limit + 1,
    ExclusiveStartKey: start,
    ...(source ? {} : { ConsistentRead: true }),
  }));
  const found = result.Items ?? [];
  const items = found.slice(0, query.limit);
  const keyNames = source ? ['pk', 'sk', partitionName, source.sortName] : ['pk', 'sk'];
  const last = found.length > query.limit ? items.at(-1) : result.LastEvaluatedKey;
  const nextCursor = last ? encodeCursor(Object.fromEntries(keyNames.map((name) => [name, last[name]]))) : null;
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
