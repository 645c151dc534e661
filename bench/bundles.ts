import { join } from 'node:path';
import { bundleBudgets } from '../infra/bundle-budgets.ts';
import {
  bundleComposition,
  bundleFunctions,
  bundlesDir,
  deployedExternals,
  externalImports,
  type FunctionBundle,
  importScript,
  type InitTiming,
  measureInit,
  runtimeSdkExternals,
  stackFunctions,
} from '../infra/function-bundles.ts';

/**
 * The cold-start phase of `npm run bench`: every function of the stack bundled as `cdk deploy` bundles
 * it (the AWS SDK inside), its size against its budget (infra/bundle-budgets.ts, enforced by
 * tests/infra/bundle-budget.test.ts) and its module initialisation: a fresh Node process importing the
 * bundle against an empty one. Beside it, the same function bundled to use the runtime's copy of the SDK,
 * so the choice of bundling the SDK stays measured, and the SDK clients alone, so the function's own code
 * is measured without the SDK (issue 15, goal 6: at most OWN_CODE_CPU_BUDGET_MS).
 */
export const OWN_CODE_CPU_BUDGET_MS = 100;

export type BundleRow = {
  function: string;
  bytes: number;
  /** Of `bytes`, the AWS SDK's; the budget holds the rest. */
  sdkBytes: number;
  mapBytes: number;
  budgetBytes: number | null;
  /** The deployed bundle, the SDK inside. */
  init: InitTiming;
  /** The same function bundled to load the runtime's copy of the SDK, and its size. */
  runtimeSdk: { bytes: number; init: InitTiming };
  /** CPU ms of importing the SDK clients that runtime-SDK bundle loads at init, alone (over an empty node). */
  sdkAloneCpuMs: number;
  /** CPU ms of the function's own code and dependencies without the SDK: the runtime-SDK bundle's import less the SDK alone. */
  ownCpuMs: number;
  /** SDK clients the function loads with its module, and on first use (dynamic import). */
  sdkAtInit: string[];
  sdkOnDemand: string[];
  /** The largest contributors to the bundle, in bytes. */
  largest: { source: string; bytes: number }[];
};

function sdkClients(bundle: FunctionBundle): { atInit: string[]; onDemand: string[] } {
  const { atInit, onDemand } = externalImports(bundle.metafile);
  const sdk = (names: string[]) => names.filter((name) => name.startsWith('@aws-sdk/'));
  return { atInit: sdk(atInit), onDemand: sdk(onDemand) };
}

const cpuOverEmpty = (init: InitTiming): number => init.importCpuMs - init.emptyCpuMs;
const round = (value: number): number => Math.round(value * 10) / 10;

export async function bundlePhase(runs: number): Promise<BundleRow[]> {
  const rows: BundleRow[] = [];
  const functions = stackFunctions();
  const deployed = await bundleFunctions(functions, deployedExternals, bundlesDir);
  const runtimeSdk = await bundleFunctions(functions, runtimeSdkExternals, join(bundlesDir, 'runtime-sdk'));
  for (const [index, fn] of functions.entries()) {
    const bundle = deployed[index] as FunctionBundle;
    const withRuntimeSdk = runtimeSdk[index] as FunctionBundle;
    const clients = sdkClients(withRuntimeSdk);
    const runtimeInit = measureInit(withRuntimeSdk.file, fn.nodeOptions, runs);
    const sdkAlone = measureInit(withRuntimeSdk.file, fn.nodeOptions, runs, importScript(clients.atInit));
    rows.push({
      function: fn.entry,
      bytes: bundle.bytes,
      sdkBytes: bundle.sdkBytes,
      mapBytes: bundle.mapBytes,
      budgetBytes: bundleBudgets[fn.entry] ?? null,
      init: measureInit(bundle.file, fn.nodeOptions, runs),
      runtimeSdk: { bytes: withRuntimeSdk.bytes, init: runtimeInit },
      sdkAloneCpuMs: round(cpuOverEmpty(sdkAlone)),
      ownCpuMs: round(runtimeInit.importCpuMs - sdkAlone.importCpuMs),
      sdkAtInit: clients.atInit.map((name) => name.replace('@aws-sdk/', '')),
      sdkOnDemand: clients.onDemand.map((name) => name.replace('@aws-sdk/', '')),
      largest: bundleComposition(bundle.metafile).slice(0, 4),
    });
  }
  return rows;
}

/** The functions whose own code (without the SDK) takes more CPU to import than the budget. */
export function bundleMisses(rows: BundleRow[]): string[] {
  return rows
    .filter((row) => row.ownCpuMs > OWN_CODE_CPU_BUDGET_MS)
    .map((row) => `budget missed: functions/${row.function} imports its own code in ${row.ownCpuMs} ms of CPU without the SDK > ${OWN_CODE_CPU_BUDGET_MS} ms`);
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)}k`;

export function printBundleRows(rows: BundleRow[]): string[] {
  const header = ['function', 'bundle', 'of it SDK', 'budget', 'import CPU ms', 'with runtime SDK', 'SDK alone', 'own code', 'import ms', 'SDK at init', 'SDK on demand', 'largest parts'];
  const lines = rows.map((row) => [
    row.function,
    kib(row.bytes),
    kib(row.sdkBytes),
    row.budgetBytes === null ? 'NONE' : kib(row.budgetBytes),
    String(round(cpuOverEmpty(row.init))),
    String(round(cpuOverEmpty(row.runtimeSdk.init))),
    String(row.sdkAloneCpuMs),
    String(row.ownCpuMs),
    String(row.init.netMs),
    row.sdkAtInit.join(',') || '-',
    row.sdkOnDemand.join(',') || '-',
    row.largest.map((part) => `${part.source} ${kib(part.bytes)}`).join(', '),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => (line[column] as string).length)));
  return [header, ...lines].map((line) => line.map((cell, column) => cell.padEnd(widths[column] as number)).join('  '));
}
