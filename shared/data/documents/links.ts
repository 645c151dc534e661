import { type LinkedDocuments, documentLinkProblems, linkedDocumentOf, withoutDocument } from '../../domain/documents/links.ts';
import { ValidationError } from '../../http/errors.ts';
import { batchGetAll, queryAllPages } from '../collection.ts';
import { documentFromItem } from './records.ts';
import { eventIdOfChild } from '../ids.ts';
import { type ChildKind, childKeys, eventKeys } from '../keys.ts';
import type { TransactItem } from '../transact.ts';

/**
 * Documents linked from checklist and timeline items: one BatchGetItem reads every linked document of a
 * list or an item (never one read per item), and deleting a document unlinks it from the items in the
 * same transaction as the delete.
 */

/** The linked documents that exist, by id (BatchGetItem of `DOCUMENT#<id>` in the event's collection, strong). */
export async function readLinkedDocuments(eventId: string, ids: readonly string[]): Promise<LinkedDocuments> {
  // An id naming another event can never be one of this event's documents: not even looked up.
  const own = [...new Set(ids)].filter((id) => eventIdOfChild(id) === eventId);
  if (own.length === 0) return new Map();
  const items = await batchGetAll(own.map((id) => childKeys.item('document', eventId, id)));
  return new Map(items.map((item) => {
    const document = linkedDocumentOf(documentFromItem(item));
    return [document.id, document];
  }));
}

/** The documents `ids` name, all of them live documents of the event; otherwise 400 naming each bad one. */
export async function validatedDocumentLinks(eventId: string, ids: readonly string[]): Promise<LinkedDocuments> {
  const found = await readLinkedDocuments(eventId, ids);
  const problems = documentLinkProblems(ids, found);
  if (problems.length > 0) throw new ValidationError(problems);
  return found;
}

export type LinkingItem = { kind: Extract<ChildKind, 'checklistItem' | 'timelineItem'>; id: string; version: number; document_ids: string[] };

const linkingKinds = ['checklistItem', 'timelineItem'] as const;

/** Checklist and timeline items linking a document (Query of each kind's prefix, filtered on the id, strong). */
export async function itemsLinkingDocument(eventId: string, documentId: string): Promise<LinkingItem[]> {
  const found = await Promise.all(linkingKinds.map(async (kind) => {
    const items = await queryAllPages({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: 'contains(document_ids, :document)',
      ProjectionExpression: 'id, #version, document_ids',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId), ':prefix': childKeys.prefix(kind), ':document': documentId },
      ConsistentRead: true,
    });
    return items.map((item): LinkingItem => ({ kind, id: String(item.id), version: Number(item.version), document_ids: item.document_ids as string[] }));
  }));
  return found.flat();
}

/** The Update dropping the document from one item, at the version read (a new version, like any change). */
export function unlinkDocumentWrite(eventId: string, item: LinkingItem, documentId: string, now: string): TransactItem {
  const remaining = withoutDocument(item.document_ids, documentId);
  return {
    Update: {
      Key: childKeys.item(item.kind, eventId, item.id),
      UpdateExpression: `SET #version = #version + :one, updated_at = :now${remaining.length ? ', document_ids = :ids' : ''}${remaining.length ? '' : ' REMOVE document_ids'}`,
      ConditionExpression: '#version = :read',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':one': 1, ':now': now, ':read': item.version, ...(remaining.length ? { ':ids': remaining } : {}) },
    },
  };
}
