// @ts-nocheck
import { httpGroup, publicOperation } from '#shared/http/group.ts';
import { type HttpResult, text } from '#shared/http/responses.ts';
import { docsAssetParams } from '#shared/schemas/docs.ts';
import { docsAsset, docsContentSecurityPolicy, docsPage } from './page.ts';

/**
 * The docs group: the OpenAPI document and the reference page. Its own function, so the generator and
 * Swagger UI never weigh on another group's bundle or cold start. The document is built once per
 * container, on its first request (it changes only with a deployment); the generator and the contract
 * registry are imported then too, so a cold start that serves the page or its files never evaluates them.
 */
let document: string | undefined;

const cachedFor = (seconds: number, result: HttpResult): HttpResult => ({
  ...result,
  headers: { ...result.headers, 'Cache-Control': `public, max-age=${seconds}` },
});

export const handler = httpGroup(
  'docs',
  {
    openApiDocument: publicOperation({
      handle: async () => {
        document ??= JSON.stringify((await import('#shared/api-contract/openapi-document.ts')).buildOpenApiDocument());
        return cachedFor(300, text(200, document, 'application/json'));
      },
    }),
    docsPage: publicOperation({
      handle: async () => text(200, docsPage, 'text/html; charset=utf-8'),
    }),
    docsAsset: publicOperation({
      params: docsAssetParams,
      handle: async ({ params }) => {
        const found = docsAsset(params.asset);
        return cachedFor(3600, text(200, found.body, found.contentType));
      },
    }),
  },
  { contentSecurityPolicy: docsContentSecurityPolicy },
);
