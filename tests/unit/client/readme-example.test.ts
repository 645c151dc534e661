import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

/** The README's client example is the type-checked one in client/examples/frontend.ts, word for word. */
const read = (path: string) => readFile(new URL(`../../../${path}`, import.meta.url), 'utf8');

describe("README's client example", () => {
  it('equals the type-checked example between its markers', async () => {
    const [readme, example] = await Promise.all([read('README.md'), read('client/examples/frontend.ts')]);

    const section = readme.split('## A typed client for frontends')[1] ?? '';
    const shown = /```ts\nimport \{[^\n]*\n\n([\s\S]*?)```/.exec(section)?.[1];
    const region = /\/\/ example:start\n([\s\S]*?) {2}\/\/ example:end/.exec(example)?.[1] ?? '';
    const checked = region.replace(/^ {2}/gm, '');

    expect(shown).toBeDefined();
    expect(shown).toBe(checked);
  });
});
