import type { DocumentRecord, DocumentVersion } from '../../domain/documents/rules.ts';
import { type ScanResultEffect, scanResultEffect } from '../../domain/documents/scan.ts';
import { batchGetAll } from '../collection.ts';
import { liveEventCheck } from '../events/live-event.ts';
import { childKeys, documentVersionKeys } from '../keys.ts';
import { type TransactItem, TransactionConditionFailed, transact } from '../transact.ts';
import { documentFromItem, versionFromItem } from './records.ts';

/**
 * Malware scan results on document versions (functions/document-scan). The version (and its document,
 * while it is the current version) is read, the result judged (shared/domain/documents/scan.ts), then
 * written under conditions that hold the same rules against a write in between: never over "infected",
 * never for bytes other than those confirmed, the document copy only while the version is current. A
 * condition that fails means something changed since the read: read and judge again.
 */
export type ScanResult = { objectKey: string; eventId: string; documentId: string; number: number; etag: string | undefined; at: string } & (
  | { outcome: 'clean' }
  | { outcome: 'infected'; threats: string[] }
);

export type RecordedScan = { effect: ScanResultEffect | 'gone'; document?: DocumentRecord; version?: DocumentVersion };

const ATTEMPTS = 3;

/** The document and the version a result names (BatchGetItem, strong), or null when either is gone. */
async function readVersion(result: ScanResult): Promise<{ document: DocumentRecord; version: DocumentVersion } | null> {
  const documentKey = childKeys.item('document', result.eventId, result.documentId);
  const versionKey = documentVersionKeys.item(result.eventId, result.documentId, result.number);
  const items = await batchGetAll([documentKey, versionKey]);
  const documentItem = items.find((item) => item.sk === documentKey.sk);
  const versionItem = items.find((item) => item.sk === versionKey.sk);
  if (!documentItem || !versionItem) return null;
  return { document: documentFromItem(documentItem), version: versionFromItem(versionItem) };
}

/**
 * Records `result` on its version (and the document's copy), with `alsoWrite(document, version)` (the
 * audit entry of an infected upload) and the event live, in one transaction. Answers what it did: the
 * result recorded, already there, refused ("infected" stays; other bytes), or nothing to record it on.
 */
export async function recordScanResult(
  result: ScanResult, alsoWrite: (document: DocumentRecord, version: DocumentVersion) => TransactItem[],
): Promise<RecordedScan> {
  for (let attempt = 1; ; attempt += 1) {
    const read = await readVersion(result);
    if (!read || read.version.object_key !== result.objectKey) return { effect: 'gone' };
    const { document, version } = read;
    const effect = scanResultEffect(version, result);
    if (effect !== 'record') return { effect, document, version };

    const values = {
      ':status': result.outcome,
      ':etag': result.etag ?? '',
      ':at': result.at,
      ...(result.outcome === 'infected' ? { ':threats': result.threats } : {}),
    };
    const set = `SET scan_status = :status, scan_etag = :etag, scanned_at = :at${result.outcome === 'infected' ? ', threats = :threats' : ''}`;
    const versionUpdate: TransactItem = {
      Update: {
        Key: documentVersionKeys.item(result.eventId, result.documentId, result.number),
        UpdateExpression: set,
        ConditionExpression: `attribute_exists(pk) AND (attribute_not_exists(scan_status) OR scan_status <> :infected)${
          result.outcome === 'clean' ? ' AND (attribute_not_exists(object_etag) OR object_etag = :etag)' : ''
        }`,
        ExpressionAttributeValues: { ...values, ':infected': 'infected' },
      },
    };
    const current = document.current_version === result.number;
    const documentUpdate: TransactItem[] = current
      ? [{
          Update: {
            Key: childKeys.item('document', result.eventId, result.documentId),
            UpdateExpression: set,
            ConditionExpression: 'current_version = :number',
            ExpressionAttributeValues: { ...values, ':number': result.number },
          },
        }]
      : [];
    const extra = alsoWrite(document, version);
    try {
      await transact([versionUpdate, ...documentUpdate, ...(extra.length ? [liveEventCheck(result.eventId), ...extra] : [])]);
      return { effect: 'record', document, version };
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      if (extra.length && error.failedIndexes.includes(1 + documentUpdate.length)) return { effect: 'gone' };
      // The version or the document changed since the read (a confirmation, another result, a new version).
      if (attempt >= ATTEMPTS) throw error;
    }
  }
}
