import { presignDownload } from '#shared/data/documents/bucket.ts';
import { documentFromItem, listDocumentPage, listDocumentVersions } from '#shared/data/documents/records.ts';
import { loadChildAccess, loadEventAccess } from '#shared/data/events/access.ts';
import { presentDocument, presentVersion } from '#shared/domain/documents/rules.ts';
import { versionStatus } from '#shared/domain/documents/scan.ts';
import { NotFoundError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { list, ok } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { listDocumentsQuery, versionParams } from '#shared/schemas/documents.ts';
import { notDownloadable } from './problems.ts';

/**
 * GET /api/events/{id}/documents: a page of the event's documents in id (creation) order, O(page) (issue
 * 15): the access check beside one Query of the page (the collection, or a filter's index partition:
 * listDocumentPage). No count of every match since 0.6.0 (it read the whole collection).
 */
export const listDocuments = operation({
  params: idParam,
  query: listDocumentsQuery,
  session: 'with-first-read',
  handle: async ({ params, query, caller }) => {
    const [, page] = await Promise.all([loadEventAccess(caller, params.id, 'documents', 'read'), listDocumentPage(params.id, query)]);
    return list(page.documents.map(presentDocument), { next_cursor: page.nextCursor });
  },
});

/**
 * GET /api/documents/{id}: metadata, every version, and a short-lived download URL of the current one
 * once it is available (uploaded, and scanned clean); null while it is not.
 */
export const getDocument = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'document', 'documents', 'read');
    const document = documentFromItem(child);
    const versions = await listDocumentVersions(event.id, document.id);
    const current = versions.find((version) => version.number === document.current_version);
    const download = current && versionStatus(current) === 'available' ? await presignDownload({ key: current.object_key, fileName: current.file_name }) : null;
    return ok({ ...presentDocument(document), versions: versions.map(presentVersion), download });
  },
});

/**
 * GET /api/documents/{id}/versions/{version}/download: a short-lived download URL of one version, only
 * once it is available; otherwise 409 `upload_missing`, `document_quarantined` or `document_infected`.
 */
export const downloadDocumentVersion = operation({
  params: versionParams,
  session: 'with-first-read',
  handle: async ({ params, caller }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'document', 'documents', 'read');
    const document = documentFromItem(child);
    const version = (await listDocumentVersions(event.id, document.id)).find((candidate) => candidate.number === params.version);
    if (!version) throw new NotFoundError('document version');
    const status = versionStatus(version);
    if (status !== 'available') throw notDownloadable[status]();
    return ok(await presignDownload({ key: version.object_key, fileName: version.file_name }));
  },
});
