import type { DocumentCategory, DocumentRecord, DocumentVersion } from '../../domain/documents/rules.ts';
import { childPage } from '../child-page.ts';
import { queryAllPages } from '../collection.ts';
import { childKeys, documentIndexKeys, documentVersionKeys } from '../keys.ts';
import { liveEventCheck } from '../events/live-event.ts';
import { type TransactItem, TransactionConditionFailed, transact } from '../transact.ts';

/**
 * Documents and their versions, all in the event's collection. The document item carries
 * `current_version`; each version is its own item next to it. Writes are conditioned on the
 * `current_version` they read, so two uploads at once cannot both become version n.
 */
const strip = ({ pk: _pk, sk: _sk, type: _type, gsi2pk: _g2, gsi2sk: _g2s, gsi3pk: _g3, gsi3sk: _g3s, ...rest }: Record<string, unknown>) => rest;

export const documentFromItem = (item: Record<string, unknown>): DocumentRecord => strip(item) as DocumentRecord;
export const versionFromItem = (item: Record<string, unknown>): DocumentVersion => strip(item) as DocumentVersion;

const documentPut = (document: DocumentRecord, expectVersion: number | 'new'): TransactItem => ({
  Put: {
    Item: { ...childKeys.item('document', document.event_id, document.id), type: 'document', ...document, ...documentIndexAttributes(document) },
    ...(expectVersion === 'new'
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : { ConditionExpression: 'current_version = :read', ExpressionAttributeValues: { ':read': expectVersion } }),
  },
});

const versionPut = (eventId: string, version: DocumentVersion): TransactItem => ({
  Put: {
    Item: { ...documentVersionKeys.item(eventId, version.document_id, version.number), type: 'document_version', ...version },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/** The document's filter partitions (documentIndexKeys), written with every Put of it. */
export const documentIndexAttributes = (document: Pick<DocumentRecord, 'event_id' | 'id' | 'category' | 'vendor_id'>) => ({
  gsi3pk: documentIndexKeys.byCategory(document.event_id, document.category),
  gsi3sk: document.id,
  ...(document.vendor_id ? { gsi2pk: documentIndexKeys.byVendor(document.event_id, document.vendor_id), gsi2sk: document.id } : {}),
});

export type DocumentPageQuery = { limit: number; cursor?: string; category?: DocumentCategory; vendor_id?: string };

/**
 * A page of an event's documents in id order (pattern D1, childPage): the collection, or `category`'s
 * GSI3 partition, or only `vendor_id`'s GSI2 partition; both filters: the category's partition filtered
 * by the vendor's.
 */
export async function listDocumentPage(eventId: string, query: DocumentPageQuery): Promise<{ documents: DocumentRecord[]; nextCursor: string | null }> {
  const byCategory = query.category ? { index: 'gsi3' as const, partition: documentIndexKeys.byCategory(eventId, query.category) } : undefined;
  const byVendor = query.vendor_id ? { index: 'gsi2' as const, partition: documentIndexKeys.byVendor(eventId, query.vendor_id) } : undefined;
  const derive = (item: Record<string, unknown>) => documentIndexAttributes(item as unknown as DocumentRecord);
  const filter = byCategory ? { by: byCategory, also: byVendor, derive } : byVendor ? { by: byVendor, derive } : undefined;
  const { items, nextCursor } = await childPage(eventId, 'document', query, filter);
  return { documents: items.map(documentFromItem), nextCursor };
}

/** A document's versions, oldest first (Query `DOCVERSION#<docId>#` in its event's collection, strong). */
export async function listDocumentVersions(eventId: string, documentId: string): Promise<DocumentVersion[]> {
  const items = await queryAllPages({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': childKeys.item('document', eventId, documentId).pk, ':prefix': documentVersionKeys.prefixOf(documentId) },
    ConsistentRead: true,
  });
  return items.map(versionFromItem);
}

/** The object key of every document version of an event (Query `DOCVERSION#` in its collection, strong). */
export async function listEventDocumentObjectKeys(eventId: string): Promise<string[]> {
  const items = await queryAllPages({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': childKeys.item('document', eventId, eventId).pk, ':prefix': documentVersionKeys.allPrefix },
    ConsistentRead: true,
  });
  return items.map((item) => versionFromItem(item).object_key);
}

/**
 * A new document with its first version, the event live, the linked vendor existing (in the same event)
 * and `alsoWrite` (the audit entry), in one transaction. 'no_vendor' when the vendor is gone.
 */
export async function saveNewDocument(document: DocumentRecord, version: DocumentVersion, alsoWrite: TransactItem[]): Promise<'saved' | 'no_vendor'> {
  const vendorCheck: TransactItem[] = document.vendor_id
    ? [{ ConditionCheck: { Key: childKeys.item('vendor', document.event_id, document.vendor_id), ConditionExpression: 'attribute_exists(pk)' } }]
    : [];
  try {
    await transact([...vendorCheck, documentPut(document, 'new'), versionPut(document.event_id, version), liveEventCheck(document.event_id), ...alsoWrite]);
    return 'saved';
  } catch (error) {
    if (error instanceof TransactionConditionFailed && vendorCheck.length > 0 && error.failedIndexes.includes(0)) return 'no_vendor';
    throw error;
  }
}

/** The document with its new current version, if its current version is still `read`; 'stale' otherwise. */
export async function saveNewVersion(document: DocumentRecord, read: number, version: DocumentVersion, alsoWrite: TransactItem[]): Promise<'saved' | 'stale'> {
  try {
    await transact([documentPut(document, read), versionPut(document.event_id, version), liveEventCheck(document.event_id), ...alsoWrite]);
    return 'saved';
  } catch (error) {
    if (error instanceof TransactionConditionFailed && (error.failedIndexes.includes(0) || error.failedIndexes.includes(1))) return 'stale';
    throw error;
  }
}

/**
 * Deletes the document and the versions read with it, if no version was added since, in one transaction
 * with `alsoWrite` (the audit entry, the unlinking of items at the versions read). 'stale' when the
 * document or a linking item changed meanwhile.
 */
export async function deleteDocumentRecords(document: DocumentRecord, versions: DocumentVersion[], alsoWrite: TransactItem[]): Promise<'deleted' | 'stale'> {
  try {
    await transact([
      {
        Delete: {
          Key: childKeys.item('document', document.event_id, document.id),
          ConditionExpression: 'current_version = :read',
          ExpressionAttributeValues: { ':read': document.current_version },
        },
      },
      ...versions.map((version): TransactItem => ({ Delete: { Key: documentVersionKeys.item(document.event_id, document.id, version.number) } })),
      ...alsoWrite,
    ]);
    return 'deleted';
  } catch (error) {
    // The version deletes carry no condition and the audit entry is new: any failure is a change meanwhile.
    if (error instanceof TransactionConditionFailed) return 'stale';
    throw error;
  }
}

/**
 * Marks a version uploaded (and the document, when it is the current version) with `alsoWrite` (the
 * audit entry), the event live, in one transaction: it records the ETag of the bytes confirmed and puts
 * the version in quarantine (`scan_status` pending) unless a scan result came first. 'already' when it
 * was marked before (a repeated confirmation writes nothing twice); 'stale' when a new version became
 * current meanwhile; 'gone' when the event is being deleted.
 */
export async function markVersionUploaded(
  document: DocumentRecord, version: DocumentVersion, confirmed: { at: string; etag: string | undefined }, alsoWrite: TransactItem[],
): Promise<'saved' | 'already' | 'stale' | 'gone'> {
  const etag = confirmed.etag ? { ':etag': confirmed.etag } : {};
  const uploadedSet = `SET uploaded = :yes, scan_status = if_not_exists(scan_status, :pending)${confirmed.etag ? ', object_etag = :etag' : ''}`;
  const versionUpdate: TransactItem = {
    Update: {
      Key: documentVersionKeys.item(document.event_id, document.id, version.number),
      UpdateExpression: `${uploadedSet}, confirmed_at = :at`,
      ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(uploaded) OR uploaded = :no)',
      ExpressionAttributeValues: { ':yes': true, ':no': false, ':at': confirmed.at, ':pending': 'pending', ...etag },
    },
  };
  const current = document.current_version === version.number;
  const documentUpdate: TransactItem[] = current
    ? [{
        Update: {
          Key: childKeys.item('document', document.event_id, document.id),
          UpdateExpression: uploadedSet,
          ConditionExpression: 'current_version = :number',
          ExpressionAttributeValues: { ':yes': true, ':number': version.number, ':pending': 'pending', ...etag },
        },
      }]
    : [];
  try {
    await transact([versionUpdate, ...documentUpdate, liveEventCheck(document.event_id), ...alsoWrite]);
    return 'saved';
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    if (error.failedIndexes.includes(0)) return 'already';
    if (current && error.failedIndexes.includes(1)) return 'stale';
    if (error.failedIndexes.includes(1 + documentUpdate.length)) return 'gone';
    throw error;
  }
}
