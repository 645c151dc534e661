import * as z from 'zod';
import { documentCategories } from '../domain/documents/rules.ts';
import { scanStatuses, versionStatuses } from '../domain/documents/scan.ts';
import { idParam } from '../schemas/common.ts';
import { createDocumentBody, listDocumentsQuery, newDocumentVersionBody, versionParams } from '../schemas/documents.ts';
import { deletedBody, id, many, one, timestamp } from './envelopes.ts';
import type { GroupContract } from './operation-contract.ts';

/** Where a version stands (shared/domain/documents/scan.ts). */
const statusFields = {
  status: z.enum(versionStatuses).meta({
    description: 'awaiting_upload until the upload is confirmed; quarantined until the malware scan of its file is clean; then available (downloadable), or infected (refused for good)',
  }),
  scan_status: z.enum(scanStatuses).nullable().meta({ description: 'The malware scan of the confirmed file: pending, clean or infected (null before the confirmation)' }),
};

/** How the API shows documents and their versions (shared/domain/documents/rules.ts). */
const documentFields = {
  id,
  event_id: id,
  name: z.string(),
  category: z.enum(documentCategories),
  vendor_id: id.nullable(),
  current_version: z.number().int(),
  size: z.number().int().meta({ description: 'Bytes of the current version' }),
  content_type: z.string().meta({ example: 'application/pdf' }),
  file_name: z.string().nullable(),
  uploaded_by: id,
  uploaded: z.boolean().meta({ description: 'Whether the upload of the current version is confirmed' }),
  ...statusFields,
  created_at: timestamp,
  updated_at: timestamp,
};

const versionSchema = z
  .strictObject({
    version: z.number().int(),
    size: z.number().int(),
    content_type: z.string(),
    file_name: z.string().nullable(),
    uploaded_by: id,
    uploaded_at: timestamp,
    uploaded: z.boolean().meta({ description: 'Confirmed: the file in the bucket is the declared one' }),
    confirmed_at: timestamp.nullable(),
    ...statusFields,
  })
  .meta({ id: 'DocumentVersion' });

const documentSchema = z.strictObject(documentFields).meta({
  id: 'Document',
  example: {
    id: '01JD3M8W6ZQ4V7N2K5T9X1B3C8#01JD3MA2F0S9R6P3M1K8H4D2D1', event_id: '01JD3M8W6ZQ4V7N2K5T9X1B3C8', name: 'Dinner menu', category: 'menu', vendor_id: null, current_version: 1, size: 482113,
    content_type: 'application/pdf', file_name: 'menu-v2.pdf', uploaded_by: '01JD3M8W6ZQ4V7N2K5T9X1B3C0', uploaded: true, status: 'available', scan_status: 'clean', created_at: '2026-11-24T09:30:00.000Z', updated_at: '2026-11-24T09:30:00.000Z',
  },
});

/** A document a checklist or timeline item links (shared/domain/documents/links.ts). */
export const linkedDocumentSchema = z
  .strictObject({ id, name: z.string(), category: z.enum(documentCategories), current_version: z.number().int() })
  .meta({ id: 'LinkedDocument' });

const upload = z
  .strictObject({
    method: z.literal('PUT'),
    url: z.string().meta({ description: 'Presigned: PUT the bytes here with exactly these headers and the declared size' }),
    headers: z.strictObject({ 'Content-Type': z.string() }),
    expires_at: timestamp,
  })
  .meta({ id: 'PresignedUpload' });

const uploadAnswer = z
  .strictObject({ ...documentFields, version: versionSchema, upload })
  .meta({ id: 'DocumentUpload', description: 'The document, the version recorded and where to upload its bytes' });

const download = z.strictObject({ method: z.literal('GET'), url: z.string(), expires_at: timestamp });

const uploadExample = { content_type: 'application/pdf', size: 482113, file_name: 'menu-v2.pdf' };

export const documentsContract: GroupContract = {
  listDocuments: {
    params: idParam,
    query: listDocumentsQuery,
    responses: { 200: { description: 'A page of documents in id (creation) order, one Query whatever the event holds (no `total` since 0.6.0: it read every document); with both filters a page may hold fewer than `limit` and still have a next_cursor', schema: many(documentSchema) } },
  },
  createDocument: {
    params: idParam,
    body: { schema: createDocumentBody, example: { name: 'Dinner menu', category: 'menu', ...uploadExample } },
    responses: { 201: { description: 'The document and its first version, with a presigned upload', schema: one(uploadAnswer), headers: { Location: '/api/documents/{id}' } } },
  },
  getDocument: {
    params: idParam,
    responses: {
      200: {
        description: 'The document, every version, and a short-lived download URL of the current one (null until it is available: uploaded and scanned clean)',
        schema: one(
          z
            .strictObject({
              ...documentFields,
              versions: z.array(versionSchema),
              download: download.nullable(),
            })
            .meta({ id: 'DocumentWithVersions' }),
        ),
      },
    },
  },
  addDocumentVersion: {
    params: idParam,
    body: { schema: newDocumentVersionBody, example: uploadExample },
    responses: { 201: { description: 'The new current version, with a presigned upload', schema: one(uploadAnswer), headers: { Location: '/api/documents/{id}' } } },
    problems: [409],
  },
  confirmDocumentUpload: {
    params: versionParams,
    description:
      'After the PUT to the presigned URL: the file in the bucket is checked against the declared size and type, then quarantined (status quarantined, scan_status pending) until its malware scan is clean. Confirming again answers the same; a version found infected is 409 document_infected.',
    responses: {
      200: {
        description: 'The document with the confirmed version',
        schema: one(z.strictObject({ ...documentFields, version: versionSchema }).meta({ id: 'DocumentConfirmed' })),
      },
    },
    problems: [409, 422],
  },
  downloadDocumentVersion: {
    params: versionParams,
    description: 'Only an available version (uploaded, malware scan clean) has a download: 409 upload_missing before the confirmation, document_quarantined while the scan runs, document_infected when it found a threat.',
    responses: { 200: { description: 'A presigned GET of the version, valid 5 minutes', schema: one(download) } },
    problems: [409],
  },
  deleteDocument: {
    params: idParam,
    responses: { 200: { description: 'Deleted with its versions and their files', schema: deletedBody } },
  },
};
