// @ts-nocheck
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Loads function entries (`functions/<entry>/handler.ts`) the way Lambda does: on first use, once, then
 * from the cache. Loading lazily is what lets the local runtime set process.env before any handler
 * parses its configuration.
 */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export const functionEntryPath = (entry: string): string => `${repoRoot}functions/${entry}/handler.ts`;

export const functionEntryExists = (entry: string): boolean => existsSync(functionEntryPath(entry));

const loadedEntries = new Map<string, Promise<unknown>>();

/** The entry's exported `handler`, typed by the caller (the event source decides its shape). */
export async function loadHandler<Handler extends (...args: never[]) => unknown>(entry: string): Promise<Handler> {
  let loading = loadedEntries.get(entry);
  if (!loading) {
    loading = import(/* @vite-ignore */ functionEntryPath(entry)).catch((error: unknown) => {
      // A failed load (a syntax error being fixed) is retried on the next call, as a new cold start.
      loadedEntries.delete(entry);
      throw error;
    });
    loadedEntries.set(entry, loading);
  }
  const entryModule = (await loading) as { handler?: unknown };
  if (typeof entryModule.handler !== 'function') {
    throw new Error(`${functionEntryPath(entry)} does not export a handler function`);
  }
  return entryModule.handler as Handler;
}
