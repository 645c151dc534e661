import { httpGroup } from '#shared/http/group.ts';
import { confirmDocumentUpload } from './confirm.ts';
import { downloadDocumentVersion, getDocument, listDocuments } from './read.ts';
import { addDocumentVersion, createDocument, deleteDocument } from './write.ts';

/** The documents group: one Lambda for every document route (see shared/routes.ts). */
export const handler = httpGroup('documents', { listDocuments, getDocument, downloadDocumentVersion, createDocument, addDocumentVersion, confirmDocumentUpload, deleteDocument });
