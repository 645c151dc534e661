import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inject } from 'vitest';
import { buildStackBundles, type FunctionBundle } from '../../infra/function-bundles.ts';

/**
 * Every function of the stack bundled as `cdk deploy` bundles it, built once per test run for the files
 * that need the shipped bundles (the budgets, the bundled-mode stack), in the run's work folder outside
 * the project. The first file to ask builds them (creating `building/` is the claim, atomic); the others
 * wait for `built.json`, which the builder writes when done, failed or not.
 */
export async function sharedStackBundles(): Promise<FunctionBundle[]> {
  const dir = inject('stackBundlesDir');
  const marker = join(dir, 'built.json');
  await mkdir(dir, { recursive: true });
  const claimed = await mkdir(join(dir, 'building')).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') return false;
      throw error;
    },
  );
  if (claimed) {
    try {
      const bundles = await buildStackBundles(stackBundlesFolder());
      await writeFile(marker, JSON.stringify({ bundles }));
      return bundles;
    } catch (error) {
      await writeFile(marker, JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
      throw error;
    }
  }
  for (;;) {
    const built = await readFile(marker, 'utf8').catch(() => null);
    if (built !== null) {
      const { bundles, error } = JSON.parse(built) as { bundles?: FunctionBundle[]; error?: string };
      if (error !== undefined || !bundles) throw new Error(`building the stack's bundles failed in another test file: ${error}`);
      return bundles;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Where sharedStackBundles() puts them: `<folder>/<entry>/index.mjs`, with their node_modules copies. */
export const stackBundlesFolder = (): string => join(inject('stackBundlesDir'), 'functions');
