import * as z from 'zod';
import { MAX_LINKED_DOCUMENTS } from '../domain/documents/links.ts';
import { documentCategories, documentContentTypes, type DocumentContentType, extensionsOf, fileNameFitsType, MAX_DOCUMENT_BYTES } from '../domain/documents/rules.ts';
import { pageQuery, text } from './common.ts';

/** What the document routes accept: a declared upload (type from the allowed list, size within the limit). */
const allowedTypes = Object.keys(documentContentTypes) as [DocumentContentType, ...DocumentContentType[]];

const uploadFields = {
  // Browsers send `image/jpeg; charset=...` rarely, but casing varies; parameters are not accepted.
  content_type: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(allowedTypes, { error: `Allowed types: ${Object.values(documentContentTypes).join(', ')}` })),
  size: z.number().int().min(1).max(MAX_DOCUMENT_BYTES, `At most ${MAX_DOCUMENT_BYTES} bytes (25 MiB)`),
  file_name: text(255, 1).optional(),
};

/** A file name's extension must be one its declared type is expected under (shared/domain/documents/rules.ts). */
const nameFitsType = (body: { file_name?: string | undefined; content_type: DocumentContentType }, context: z.RefinementCtx) => {
  if (body.file_name === undefined || fileNameFitsType(body.file_name, body.content_type)) return;
  context.addIssue({ code: 'custom', path: ['file_name'], message: `A ${documentContentTypes[body.content_type]} file is named .${extensionsOf(body.content_type).join(' or .')}` });
};

export const createDocumentBody = z
  .object({
    name: text(200, 1),
    category: z.enum(documentCategories).default('other'),
    vendor_id: z.string().min(1).max(64).nullish(),
    ...uploadFields,
  })
  .superRefine(nameFitsType);
export type NewDocumentInput = z.infer<typeof createDocumentBody>;

export const newDocumentVersionBody = z.object(uploadFields).superRefine(nameFitsType);

export const listDocumentsQuery = pageQuery.extend({
  category: z.enum(documentCategories).optional(),
  vendor_id: z.string().min(1).max(64).optional(),
});

/** Documents a checklist or timeline item links (`[]` or null on a change unlinks them all). */
export const documentIdsInput = z
  .array(z.string().trim().min(1).max(64))
  .max(MAX_LINKED_DOCUMENTS, `At most ${MAX_LINKED_DOCUMENTS} documents`)
  .refine((ids) => new Set(ids).size === ids.length, 'List each document once');

/** POST /api/documents/{id}/versions/{version}/confirm. */
export const versionParams = z.object({ id: z.string().min(1).max(64), version: z.coerce.number().int().min(1).max(9999) });
