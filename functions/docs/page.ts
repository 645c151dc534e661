import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { DocsAssetName } from '#shared/schemas/docs.ts';

/**
 * The API reference page: Swagger UI from swagger-ui-dist, served by this function itself (no CDN, so it
 * works offline and under a strict CSP), reading /api/openapi.json. In AWS the two Swagger UI files are
 * copied next to the bundle under node_modules/swagger-ui-dist (see infra/stack.ts), so the same
 * resolution finds them there and in the repository.
 */
const DOCUMENT_URL = '/api/openapi.json';

export const docsPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Event-planning API reference</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/docs.js"></script>
</body>
</html>
`;

/**
 * Starts Swagger UI; a file rather than an inline script, so the CSP needs no hash or 'unsafe-inline'.
 * Tags start collapsed: a reader looks for one area at a time, and with every tag open Swagger UI 5
 * virtualizes the list (150 rows of tags and operations and more: only the rows in the window are in the page).
 */
const startScript = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: ${JSON.stringify(DOCUMENT_URL)}, dom_id: '#swagger-ui', deepLinking: true, docExpansion: 'none', presets: [SwaggerUIBundle.presets.apis], layout: 'BaseLayout' });
});
`;

/**
 * The page's Content-Security-Policy, on top of Middy's HTML defaults (default-src 'none', base-uri and
 * form-action 'none', frame-ancestors 'none'): scripts and styles from this origin only, the document
 * fetched from this origin ("Try it out" calls it too), and the data: images Swagger UI's stylesheet
 * embeds. Trusted Types are left out: Swagger UI renders sanitized Markdown through innerHTML, which
 * `require-trusted-types-for 'script'` would refuse. No sandbox, since the page runs scripts.
 */
export const docsContentSecurityPolicy: Record<string, string> = {
  'script-src': "'self'",
  'style-src': "'self'",
  'img-src': "'self' data:",
  'connect-src': "'self'",
  // middy writes a directive only while its value is set; undefined leaves it out (see shared/pages/layout.ts).
  sandbox: undefined as unknown as string,
  // Obsolete (never shipped in browsers); Chromium reports it as unrecognized on every load.
  'navigate-to': undefined as unknown as string,
  'require-trusted-types-for': undefined as unknown as string,
  'trusted-types': undefined as unknown as string,
  'upgrade-insecure-requests': undefined as unknown as string,
};

const swaggerUiFile = (name: string) => createRequire(import.meta.url).resolve(`swagger-ui-dist/${name}`);

type Asset = { body: string; contentType: string };
const loaded = new Map<DocsAssetName, Asset>();

const asset = (body: string, contentType: string): Asset => ({ body, contentType });

/** An asset's text, read once per container (1.7 MB of script: never on a cold start of another route). */
export function docsAsset(name: DocsAssetName): Asset {
  let found = loaded.get(name);
  if (!found) {
    found = name === 'docs.js'
      ? asset(startScript, 'text/javascript; charset=utf-8')
      : asset(readFileSync(swaggerUiFile(name), 'utf8'), name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8');
    loaded.set(name, found);
  }
  return found;
}
