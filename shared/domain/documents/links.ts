import type { DocumentRecord } from './rules.ts';
import type { Problem } from '../events/rules.ts';

/**
 * Checklist and timeline items may link documents of their event (the signed contract for "book the
 * venue"). An item stores only the ids; answers show each linked document's summary, read with the item.
 * A link to a document deleted meanwhile (the delete unlinks, but a link written in the same instant can
 * slip past it) is simply not shown: the read finds no document for it.
 */
export const MAX_LINKED_DOCUMENTS = 20;

export type LinkedDocument = Pick<DocumentRecord, 'id' | 'name' | 'category' | 'current_version'>;

/** Linked documents found by the read, by id. */
export type LinkedDocuments = ReadonlyMap<string, LinkedDocument>;

export const noLinkedDocuments: LinkedDocuments = new Map();

export const linkedDocumentOf = (document: DocumentRecord): LinkedDocument => ({
  id: document.id, name: document.name, category: document.category, current_version: document.current_version,
});

/** Each id that is not a live document of the event, as a problem at `document_ids.<index>`. */
export function documentLinkProblems(ids: readonly string[], found: LinkedDocuments): Problem[] {
  return ids.flatMap((id, index) => (found.has(id) ? [] : [{ path: `document_ids.${index}`, message: 'Not a document of this event' }]));
}

/** How an item shows its links: the documents that still exist, in the order the planner linked them. */
export const presentLinkedDocuments = (ids: readonly string[] | undefined, found: LinkedDocuments): LinkedDocument[] =>
  (ids ?? []).flatMap((id) => {
    const document = found.get(id);
    return document ? [document] : [];
  });

/** The ids of every document a set of items links, each once (for one read of them all). */
export const linkedIdsOf = (items: readonly { document_ids?: readonly string[] }[]): string[] =>
  [...new Set(items.flatMap((item) => item.document_ids ?? []))];

/** The ids left after a document is deleted; the item keeps none at all as an absent attribute. */
export const withoutDocument = (ids: readonly string[] | undefined, documentId: string): string[] =>
  (ids ?? []).filter((id) => id !== documentId);
