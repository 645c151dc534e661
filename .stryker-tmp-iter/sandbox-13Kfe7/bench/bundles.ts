// @ts-nocheck
import { bundleBudgets } from '../infra/bundle-budgets.ts';
import { bundleComposition, bundleFunction, externalImports, type InitTiming, measureInit, stackFunctions } from '../infra/function-bundles.ts';

/**
 * The cold-start phase of `npm run bench`: every function of the stack bundled as `cdk deploy` bundles
 * it, its size against its budget (infra/bundle-budgets.ts, enforced by tests/infra/bundle-budget.test.ts)
 * and its module initialisation: a fresh Node process importing the bundle against an empty one.
 */
export type BundleRow = {
  function: string;
  bytes: number;
  mapBytes: number;
  budgetBytes: number | null;
  init: InitTiming;
  /** SDK clients left to the Lambda runtime: loaded with the bundle, and loaded on first use (dynamic import). */
  sdkAtInit: string[];
  sdkOnDemand: string[];
  /** The largest contributors to the bundle, in bytes. */
  largest: { source: string; bytes: number }[];
};

function sdkClients(metafile: Parameters<typeof externalImports>[0]): Pick<BundleRow, 'sdkAtInit' | 'sdkOnDemand'> {
  const { atInit, onDemand } = externalImports(metafile);
  const short = (names: string[]) => names.filter((name) => name.startsWith('@aws-sdk/')).map((name) => name.replace('@aws-sdk/', ''));
  return { sdkAtInit: short(atInit), sdkOnDemand: short(onDemand) };
}

export async function bundlePhase(runs: number): Promise<BundleRow[]> {
  const { functions, externals } = stackFunctions();
  const rows: BundleRow[] = [];
  for (const fn of functions) {
    const bundle = await bundleFunction(fn.entry, externals);
    rows.push({
      function: fn.entry,
      bytes: bundle.bytes,
      mapBytes: bundle.mapBytes,
      budgetBytes: bundleBudgets[fn.entry] ?? null,
      init: measureInit(bundle.file, fn.nodeOptions, runs),
      ...sdkClients(bundle.metafile),
      largest: bundleComposition(bundle.metafile).slice(0, 4),
    });
  }
  return rows;
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)}k`;

export function printBundleRows(rows: BundleRow[]): string[] {
  const header = ['function', 'bundle', 'budget', 'import ms', 'empty ms', 'ratio', 'cpu ratio', 'SDK at init', 'SDK on demand', 'largest parts'];
  const lines = rows.map((row) => [
    row.function,
    kib(row.bytes),
    row.budgetBytes === null ? 'NONE' : kib(row.budgetBytes),
    String(row.init.importMs),
    String(row.init.emptyMs),
    String(row.init.ratio),
    String(row.init.cpuRatio),
    row.sdkAtInit.join(',') || '-',
    row.sdkOnDemand.join(',') || '-',
    row.largest.map((part) => `${part.source} ${kib(part.bytes)}`).join(', '),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => (line[column] as string).length)));
  return [header, ...lines].map((line) => line.map((cell, column) => cell.padEnd(widths[column] as number)).join('  '));
}
