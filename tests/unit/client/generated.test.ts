import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generatedFiles, generatedSources } from '../../../scripts/client/generated-sources.ts';

/** The client's checked-in OpenAPI document and types are what `npm run client:generate` makes now. */
describe('generated client', () => {
  it('matches the OpenAPI document (run `npm run client:generate` after changing the contract)', async () => {
    const sources = await generatedSources();

    for (const [name, path] of Object.entries(generatedFiles) as [keyof typeof generatedFiles, string][]) {
      const checkedIn = await readFile(new URL(`../../../${path}`, import.meta.url), 'utf8');
      expect(checkedIn, `${path} is stale: run npm run client:generate`).toBe(sources[name]);
    }
  });
});
