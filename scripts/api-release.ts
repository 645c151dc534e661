import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { buildOpenApiDocument } from '../shared/api-contract/openapi-document.ts';
import { RELEASED_DOCUMENT_FILE, readReleasedDocument, releaseBlockers, writeReleasedDocument } from './api-contract/release.ts';

/**
 * `npm run api:release`: records the document the API serves as the released one
 * (docs/api/openapi.released.json), unless it breaks the released one without a version that says so:
 * then it lists the breaking changes and writes nothing. Additions under the same version are recorded
 * too, so they are protected from then on.
 */
const current = buildOpenApiDocument();
const file = relative(process.cwd(), RELEASED_DOCUMENT_FILE);
const released = existsSync(RELEASED_DOCUMENT_FILE) ? readReleasedDocument() : undefined;
const blockers = released ? releaseBlockers(released, current) : [];

if (blockers.length > 0) {
  console.error(`Not released: the document breaks ${released?.info.version} (${file}) without a new major version:`);
  for (const blocker of blockers) console.error(`  - ${blocker}`);
  console.error('Bump API_VERSION in shared/api-contract/openapi-document.ts (major; minor below 1.0.0), or undo the changes.');
  process.exit(1);
}
writeReleasedDocument(current);
console.log(`Released ${current.info.version} to ${file}${released ? ` (was ${released.info.version})` : ''}.`);
