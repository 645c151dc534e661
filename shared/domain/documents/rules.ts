import type { Problem } from '../events/rules.ts';
import { presentedScanStatus, type ScanFields, versionStatus } from './scan.ts';

/**
 * Documents of an event (contracts, floor plans, menus, run sheets): what may be uploaded, where each
 * version's object lives, and how a document is shown. Each version is its own object, so the history
 * does not depend on bucket versioning (which the local S3 emulator lacks).
 */

/** The content types a document may have, with the short name shown in errors. */
export const documentContentTypes = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/webp': 'webp',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'text/plain': 'txt',
  'text/csv': 'csv',
} as const;
export type DocumentContentType = keyof typeof documentContentTypes;

/** The file-name extensions each type is expected under (ASVS 5.2.2: a name's extension matches its type). */
const expectedExtensions: Record<DocumentContentType, readonly string[]> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg', 'jpe'],
  'image/webp': ['webp'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'text/plain': ['txt', 'text'],
  'text/csv': ['csv'],
};

/**
 * Whether a file name fits its declared type: a name with an extension must carry one expected for the
 * type (`menu.html` declared as text is refused, as the confirmation refuses bytes of another type); a
 * name without one is shown as given.
 */
export function fileNameFitsType(fileName: string, type: DocumentContentType): boolean {
  const extension = /\.([A-Za-z0-9]{1,10})$/.exec(fileName.trim())?.[1]?.toLowerCase();
  return extension === undefined || expectedExtensions[type].includes(extension);
}

export const extensionsOf = (type: DocumentContentType): readonly string[] => expectedExtensions[type];

export const MAX_DOCUMENT_BYTES = 25 * 1024 * 1024;

/** Deleting a document removes it and every version in one transaction (at most 100 items). */
export const MAX_DOCUMENT_VERSIONS = 50;

export const documentCategories = ['contract', 'floor_plan', 'menu', 'run_sheet', 'invoice', 'other'] as const;
export type DocumentCategory = (typeof documentCategories)[number];

export type DocumentVersion = ScanFields & {
  document_id: string;
  number: number;
  object_key: string;
  size: number;
  content_type: DocumentContentType;
  file_name: string | null;
  uploaded_by: string;
  uploaded_at: string;
  /** True once the planner confirmed the bytes are in the bucket as declared (absent on older versions). */
  uploaded?: boolean;
  confirmed_at?: string;
};

/** The document item: its own fields plus a copy of the current version's file and scan fields, for the list. */
export type DocumentRecord = ScanFields & {
  id: string;
  event_id: string;
  name: string;
  category: DocumentCategory;
  vendor_id: string | null;
  current_version: number;
  size: number;
  content_type: DocumentContentType;
  file_name: string | null;
  uploaded_by: string;
  /** Whether the current version's upload is confirmed. */
  uploaded?: boolean;
  created_at: string;
  updated_at: string;
};

export type UploadDeclaration = { content_type: DocumentContentType; size: number; file_name?: string | undefined };

/** `events/<eventId>/documents/<docId>/v<n>`: the object key of one version. */
export const documentObjectKey = (eventId: string, documentId: string, number: number): string =>
  `events/${eventId}/documents/${documentId}/v${number}`;

/** The version `number` of a document, uploaded now by `actorId`. */
export function planVersion(document: Pick<DocumentRecord, 'id' | 'event_id'>, number: number, upload: UploadDeclaration, actorId: string, now: string): DocumentVersion {
  return {
    document_id: document.id,
    number,
    object_key: documentObjectKey(document.event_id, document.id, number),
    size: upload.size,
    content_type: upload.content_type,
    file_name: upload.file_name ?? null,
    uploaded_by: actorId,
    uploaded_at: now,
    uploaded: false,
  };
}

/** The document after `version` became its current one (the previous version's scan fields go with it). */
export const withCurrentVersion = (
  { object_etag: _etag, scan_status: _status, scan_etag: _scanned, scanned_at: _at, threats: _threats, ...document }: DocumentRecord,
  version: DocumentVersion,
): DocumentRecord => ({
  ...document,
  current_version: version.number,
  size: version.size,
  content_type: version.content_type,
  file_name: version.file_name,
  uploaded_by: version.uploaded_by,
  uploaded: version.uploaded ?? false,
  updated_at: version.uploaded_at,
});

/** Where a version (or a document's current one) stands: its status and the scan status shown with it. */
const presentStatus = (fields: ScanFields & { uploaded?: boolean }) => {
  const status = versionStatus(fields);
  return { status, scan_status: presentedScanStatus(status) };
};

export const presentDocument = (document: DocumentRecord) => ({
  id: document.id,
  event_id: document.event_id,
  name: document.name,
  category: document.category,
  vendor_id: document.vendor_id,
  current_version: document.current_version,
  size: document.size,
  content_type: document.content_type,
  file_name: document.file_name,
  uploaded_by: document.uploaded_by,
  uploaded: document.uploaded ?? false,
  ...presentStatus(document),
  created_at: document.created_at,
  updated_at: document.updated_at,
});

export const presentVersion = (version: DocumentVersion) => ({
  version: version.number,
  size: version.size,
  content_type: version.content_type,
  file_name: version.file_name,
  uploaded_by: version.uploaded_by,
  uploaded_at: version.uploaded_at,
  uploaded: version.uploaded ?? false,
  confirmed_at: version.confirmed_at ?? null,
  ...presentStatus(version),
});

/** What the bucket holds at a version's key: its size and content type, or nothing. */
export type StoredObject = { size: number; content_type: string } | null;

export type UploadVerdict = { outcome: 'ok' } | { outcome: 'missing' } | { outcome: 'mismatch'; problems: Problem[] };

/**
 * Whether the object in the bucket is the upload the version declared. S3 refuses a presigned PUT of
 * another size or type already; this check is what makes "uploaded" a fact rather than a hope (and what
 * catches an emulator or a bucket that does not enforce the signed headers).
 */
export function uploadVerdict(version: Pick<DocumentVersion, 'size' | 'content_type'>, stored: StoredObject): UploadVerdict {
  if (!stored) return { outcome: 'missing' };
  const problems: Problem[] = [];
  if (stored.size !== version.size) problems.push({ path: 'size', message: `Declared ${version.size} bytes, uploaded ${stored.size}` });
  const storedType = stored.content_type.split(';')[0]?.trim().toLowerCase() ?? '';
  if (storedType !== version.content_type) problems.push({ path: 'content_type', message: `Declared ${version.content_type}, uploaded ${storedType || 'no type'}` });
  return problems.length ? { outcome: 'mismatch', problems } : { outcome: 'ok' };
}
