import { decodeCursor, encodeCursor } from '#shared/data/cursor.ts';
import { presignDownload } from '#shared/data/documents/bucket.ts';
import { documentFromItem, listDocuments as listEventDocuments, listDocumentVersions } from '#shared/data/documents/records.ts';
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
 * GET /api/events/{id}/documents: the event's documents (bounded per event, one Query), filtered and
 * paged in id (creation) order in memory.
 */
export const listDocuments = operation({
  params: idParam,
  query: listDocumentsQuery,
  session: 'with-first-read',
  handle: async ({ params, query, caller }) => {
    const { event } = await loadEventAccess(caller, params.id, 'documents', 'read');
    const after = decodeCursor(query.cursor)?.id;
    const matching = (await listEventDocuments(event.id))
      .filter((document) => (!query.category || document.category === query.category) && (!query.vendor_id || document.vendor_id === query.vendor_id))
      .sort((a, b) => a.id.localeCompare(b.id));
    const start = after === undefined ? 0 : matching.findIndex((document) => document.id > String(after));
    const page = start < 0 ? [] : matching.slice(start, start + query.limit);
    const more = start >= 0 && start + query.limit < matching.length;
    return list(page.map(presentDocument), { next_cursor: more ? encodeCursor({ id: page[page.length - 1]?.id }) : null, total: matching.length });
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
