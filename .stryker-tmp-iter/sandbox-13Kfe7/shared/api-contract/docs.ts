// @ts-nocheck
import * as z from 'zod';
import { docsAssetParams } from '../schemas/docs.ts';
import type { GroupContract } from './operation-contract.ts';

/** The API reference: the document, the page and its files (public, read-only). */
export const docsContract: GroupContract = {
  openApiDocument: {
    responses: {
      200: {
        description: 'This document, generated from the route table and the zod schemas the handlers validate with',
        schema: z.looseObject({ openapi: z.string().meta({ example: '3.1.0' }), info: z.looseObject({}), paths: z.record(z.string(), z.unknown()) }),
      },
    },
  },
  docsPage: {
    responses: { 200: { description: 'Swagger UI showing this document', schema: z.string(), mediaType: 'text/html' } },
  },
  docsAsset: {
    params: docsAssetParams,
    responses: {
      200: { description: 'The file: a stylesheet (.css) or a script (.js)', schema: z.string(), mediaType: ['text/css', 'text/javascript'] },
    },
  },
};
