// @ts-nocheck
import * as z from 'zod';

/** The files the API reference page loads from /docs/{asset}: Swagger UI's own two, and its start script. */
export const docsAssetNames = ['swagger-ui.css', 'swagger-ui-bundle.js', 'docs.js'] as const;
export type DocsAssetName = (typeof docsAssetNames)[number];

/** The two of them that come from swagger-ui-dist (read from node_modules; the stack copies them into the bundle). */
export const swaggerUiFiles = ['swagger-ui.css', 'swagger-ui-bundle.js'] as const satisfies readonly DocsAssetName[];

export const docsAssetParams = z.object({ asset: z.enum(docsAssetNames) });
