import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Loads function entries the way Lambda does: on first use, once, then from the cache. Loading lazily is
 * what lets the local runtime set process.env before any handler parses its configuration. The entries
 * are the sources (`functions/<entry>/handler.ts`), or, in the bundled mode (`npm start -- --bundled`),
 * the bundles built as the stack builds them (`<dir>/<entry>/index.mjs`, infra/function-bundles.ts).
 */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

let bundlesDir: string | null = null;

/** Every function from now on loads from the bundles in `dir`, or from the sources again (null). */
export function loadFunctionsFrom(dir: string | null): void {
  bundlesDir = dir;
}

export const functionEntryPath = (entry: string): string =>
  bundlesDir ? join(bundlesDir, entry, 'index.mjs') : `${repoRoot}functions/${entry}/handler.ts`;

export const functionEntryExists = (entry: string): boolean => existsSync(functionEntryPath(entry));

const loadedEntries = new Map<string, Promise<unknown>>();

/** The entry's exported `handler`, typed by the caller (the event source decides its shape). */
export async function loadHandler<Handler extends (...args: never[]) => unknown>(entry: string): Promise<Handler> {
  const path = functionEntryPath(entry);
  let loading = loadedEntries.get(path);
  if (!loading) {
    loading = import(/* @vite-ignore */ path).catch((error: unknown) => {
      // A failed load (a syntax error being fixed) is retried on the next call, as a new cold start.
      loadedEntries.delete(path);
      throw error;
    });
    loadedEntries.set(path, loading);
  }
  const entryModule = (await loading) as { handler?: unknown };
  if (typeof entryModule.handler !== 'function') {
    throw new Error(`${path} does not export a handler function`);
  }
  return entryModule.handler as Handler;
}
