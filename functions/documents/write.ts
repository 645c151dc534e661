import { auditPut } from '#shared/data/audit.ts';
import { deleteObjects, presignUpload } from '#shared/data/documents/bucket.ts';
import { itemsLinkingDocument, unlinkDocumentWrite } from '#shared/data/documents/links.ts';
import { deleteDocumentRecords, documentFromItem, listDocumentVersions, saveNewDocument, saveNewVersion } from '#shared/data/documents/records.ts';
import { loadChildAccess, loadEventAccess } from '#shared/data/events/access.ts';
import { eventIdOfChild, newChildId } from '#shared/data/ids.ts';
import {
  type DocumentRecord, type DocumentVersion, MAX_DOCUMENT_VERSIONS, planVersion, presentDocument, presentVersion, withCurrentVersion,
} from '#shared/domain/documents/rules.ts';
import { ConflictError, ValidationError, VersionConflictError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { created, deleted } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { createDocumentBody, newDocumentVersionBody } from '#shared/schemas/documents.ts';

const badVendor = () => new ValidationError([{ path: 'vendor_id', message: 'Not a vendor of this event' }]);

const auditChanges = (version: DocumentVersion) => [
  { field: 'version', before: version.number > 1 ? version.number - 1 : null, after: version.number },
  { field: 'content_type', before: null, after: version.content_type },
  { field: 'size', before: null, after: version.size },
];

/** The answer to an upload: the document, the version recorded, and where to PUT its bytes. */
async function uploadAnswer(document: DocumentRecord, version: DocumentVersion) {
  const upload = await presignUpload({ key: version.object_key, contentType: version.content_type, size: version.size });
  return created({ ...presentDocument(document), version: presentVersion(version), upload }, `/api/documents/${document.id}`);
}

/**
 * POST /api/events/{id}/documents: records the document and its version 1, then answers a presigned PUT
 * URL bound to the declared size and type. The metadata is written first, so an upload always has a
 * document to belong to; a version whose upload never happens has no object and no download.
 */
export const createDocument = operation({
  params: idParam,
  body: createDocumentBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller }) => {
    const { event } = await loadEventAccess(caller, params.id, 'documents', 'write');
    // A vendor id naming another event can never match: refused before any write.
    if (body.vendor_id && eventIdOfChild(body.vendor_id) !== event.id) throw badVendor();
    const now = new Date().toISOString();
    const base = { id: newChildId(event.id), event_id: event.id };
    const version = planVersion(base, 1, body, caller.userId, now);
    const document = withCurrentVersion(
      { ...base, name: body.name, category: body.category, vendor_id: body.vendor_id ?? null, created_at: now } as DocumentRecord,
      version,
    );
    const audit = auditPut({ eventId: event.id }, {
      actor_id: caller.userId, action: 'document.created', entity_type: 'document', entity_id: document.id, at: now,
      changes: [{ field: 'name', before: null, after: document.name }, ...auditChanges(version)],
    });
    if ((await saveNewDocument(document, version, [audit])) === 'no_vendor') throw badVendor();
    return uploadAnswer(document, version);
  },
});

/** POST /api/documents/{id}/versions: version n+1 becomes current; the older ones stay downloadable by id. */
export const addDocumentVersion = operation({
  params: idParam,
  body: newDocumentVersionBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'document', 'documents', 'write');
    const current = documentFromItem(child);
    if (current.current_version >= MAX_DOCUMENT_VERSIONS) {
      throw new ConflictError('too_many_versions', `A document keeps at most ${MAX_DOCUMENT_VERSIONS} versions; add a new document instead.`);
    }
    const now = new Date().toISOString();
    const version = planVersion(current, current.current_version + 1, body, caller.userId, now);
    const document = withCurrentVersion(current, version);
    const audit = auditPut({ eventId: event.id }, {
      actor_id: caller.userId, action: 'document.version_added', entity_type: 'document', entity_id: document.id, at: now, changes: auditChanges(version),
    });
    if ((await saveNewVersion(document, current.current_version, version, [audit])) === 'stale') throw new VersionConflictError();
    return uploadAnswer(document, version);
  },
});

/** TransactWriteItems holds 100 items: the document, its versions, the audit entry and the unlinked items. */
const MAX_TRANSACTION_ITEMS = 100;

/**
 * DELETE /api/documents/{id}: the metadata and every version in one transaction, then the objects. Were
 * the object delete to fail, the objects are unreachable (no metadata names them) and are logged.
 * Checklist and timeline items linking the document lose the link in the same transaction (a planner
 * deleting a superseded contract expects the tasks to stay, not the delete to be refused).
 */
export const deleteDocument = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller, request }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'document', 'documents', 'write');
    const document = documentFromItem(child);
    const [versions, linking] = await Promise.all([listDocumentVersions(event.id, document.id), itemsLinkingDocument(event.id, document.id)]);
    if (1 + versions.length + 1 + linking.length > MAX_TRANSACTION_ITEMS) {
      throw new ConflictError('too_many_links', `${linking.length} checklist and timeline items link this document; unlink some of them first.`);
    }
    const now = new Date().toISOString();
    const audit = auditPut({ eventId: event.id }, {
      actor_id: caller.userId, action: 'document.deleted', entity_type: 'document', entity_id: document.id, at: now,
      changes: [{ field: 'name', before: document.name, after: null }, ...(linking.length ? [{ field: 'unlinked_items', before: linking.map((item) => item.id), after: null }] : [])],
    });
    const unlinks = linking.map((item) => unlinkDocumentWrite(event.id, item, document.id, now));
    if ((await deleteDocumentRecords(document, versions, [audit, ...unlinks])) === 'stale') throw new VersionConflictError();
    try {
      await deleteObjects(versions.map((version) => version.object_key));
    } catch (error) {
      request.log.error('document objects not deleted', { documentId: document.id, error: (error as Error).message });
    }
    return deleted(document.id);
  },
});
