import { auditPut } from '#shared/data/audit.ts';
import { headObject, readObjectStart } from '#shared/data/documents/bucket.ts';
import { documentFromItem, listDocumentVersions, markVersionUploaded } from '#shared/data/documents/records.ts';
import { loadChildAccess } from '#shared/data/events/access.ts';
import { CONTENT_SAMPLE_BYTES, contentVerdict } from '#shared/domain/documents/content-check.ts';
import { presentDocument, presentVersion, uploadVerdict } from '#shared/domain/documents/rules.ts';
import { versionStatus } from '#shared/domain/documents/scan.ts';
import { ConflictError, HttpError, NotFoundError, VersionConflictError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { ok } from '#shared/http/responses.ts';
import { versionParams } from '#shared/schemas/documents.ts';
import { documentInfected } from './problems.ts';

const uploadMissing = () =>
  new ConflictError('upload_missing', 'Nothing was uploaded for this version yet: PUT the file to its upload URL first, then confirm.');

/** 422: the bucket holds a file, but not the one declared (the planner uploads again or adds a version). */
class UploadMismatchError extends HttpError {
  constructor(errors: { path: string; message: string }[]) {
    super(422, 'upload_mismatch', 'Upload does not match', 'The uploaded file differs from what was declared for this version.', { errors });
  }
}

/**
 * POST /api/documents/{id}/versions/{version}/confirm: after the browser PUT the bytes to the presigned
 * URL, HEADs the object and reads its first bytes; when its size, stored type and real type (its bytes:
 * shared/domain/documents/content-check.ts) are the declared ones, marks the version uploaded and
 * quarantined until the malware scan reports these bytes (their ETag) clean (functions/document-scan),
 * with an audit entry (`document.uploaded`, which the domain-event publisher announces, and on which the
 * local scanner stub runs). A version the scan found infected is refused. Confirming again answers the
 * same document and writes nothing.
 */
export const confirmDocumentUpload = operation({
  params: versionParams,
  session: 'with-first-read',
  handle: async ({ params, caller }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'document', 'documents', 'write');
    const document = documentFromItem(child);
    const version = (await listDocumentVersions(event.id, document.id)).find((candidate) => candidate.number === params.version);
    if (!version) throw new NotFoundError('document version');
    const confirmed = (confirmedAt: string | undefined, etag = version.object_etag) => {
      // A result that came before the confirmation stays (scan_status if_not_exists in the write).
      const marked = { uploaded: true, scan_status: version.scan_status ?? 'pending', ...(etag ? { object_etag: etag } : {}) } as const;
      return ok({
        ...presentDocument(document.current_version === version.number ? { ...document, ...marked } : document),
        version: presentVersion({ ...version, ...marked, ...(confirmedAt ? { confirmed_at: confirmedAt } : {}) }),
      });
    };
    if (versionStatus(version) === 'infected') throw documentInfected();
    if (version.uploaded) return confirmed(version.confirmed_at);

    const stored = await headObject(version.object_key);
    const verdict = uploadVerdict(version, stored);
    if (verdict.outcome === 'missing') throw uploadMissing();
    if (verdict.outcome === 'mismatch') throw new UploadMismatchError(verdict.problems);
    const content = await contentVerdict(version.content_type, await readObjectStart(version.object_key, CONTENT_SAMPLE_BYTES));
    if (content.outcome === 'mismatch') throw new UploadMismatchError(content.problems);
    const at = new Date().toISOString();
    const audit = auditPut({ eventId: event.id }, {
      actor_id: caller.userId, action: 'document.uploaded', entity_type: 'document', entity_id: document.id, at, subject: document.name,
      changes: [{ field: 'version', before: null, after: version.number }, { field: 'uploaded', before: false, after: true }],
      domain_detail: { version: version.number },
    });
    const etag = stored?.etag;
    const outcome = await markVersionUploaded(document, version, { at, etag }, [audit]);
    if (outcome === 'stale') throw new VersionConflictError();
    if (outcome === 'gone') throw new NotFoundError('event');
    // 'already': a confirmation racing this one recorded it first; the answer is the same.
    return confirmed(at, etag);
  },
});
