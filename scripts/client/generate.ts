import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedFiles, generatedSources } from './generated-sources.ts';

/** `npm run client:generate`: rewrites the client's OpenAPI document and generated types. */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const sources = await generatedSources();
for (const [name, path] of Object.entries(generatedFiles) as [keyof typeof generatedFiles, string][]) {
  const target = join(repoRoot, path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, sources[name]);
  console.log(`wrote ${path}`);
}
