import { readFileSync } from 'node:fs';

/**
 * A handler with the bundling mistake tests/e2e/bundled-stack.test.ts must catch: it reads a file beside
 * its source, which esbuild does not follow, so the bundle looks for it beside itself.
 */
const greeting = readFileSync(new URL('./greeting.txt', import.meta.url), 'utf8').trim();

export const handler = async (): Promise<string> => greeting;
