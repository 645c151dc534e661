// @ts-nocheck
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, FeatureFlags } from 'aws-cdk-lib';
import { LAMBDA_NODEJS_SDK_V3_EXCLUDE_SMITHY_PACKAGES } from 'aws-cdk-lib/cx-api';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { build, type Metafile } from 'esbuild';
import { ApiFunction, apiFunctionBundling, apiFunctionRuntime, functionEntry, projectRoot } from './constructs/api-function.ts';
import { settingsFromContext } from './settings.ts';
import { EventPlanningStack } from './stack.ts';

/**
 * Bundles every Lambda function of the stack the way `cdk deploy` does and measures what a cold start
 * pays for: the bundle's bytes and the time Node takes to import it. The bench reports the figures and
 * tests/infra/bundle-budget.test.ts holds each bundle to its budget (infra/bundle-budgets.ts).
 */

/** One function of the stack as it will be bundled. */
export type StackFunction = {
  /** The folder under functions/ (the budgets' key). */
  entry: string;
  /** Variables the stack sets on it that change how Node loads the bundle (NODE_OPTIONS). */
  nodeOptions: string;
};

/**
 * The functions the stack defines (route groups, schedules, the authorizer, event consumers, and any added
 * later), read from the synthesized construct tree so a new function is measured without being listed here.
 * Also the esbuild externals NodejsFunction chooses for the runtime: the SDK v3 packages the Node.js 24
 * runtime provides (plus @smithy/* under cdk.json's feature flag) stay out of the bundle.
 */
export function stackFunctions(): { functions: StackFunction[]; externals: string[] } {
  const cdkJson = JSON.parse(readFileSync(join(projectRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
  const stack = new EventPlanningStack(app, 'Bundles', { settings: settingsFromContext(app.node) });
  const byEntry = new Map<string, StackFunction>();
  for (const construct of stack.node.findAll()) {
    if (!(construct instanceof ApiFunction)) continue;
    const variables = stack.resolve((construct.function.node.defaultChild as CfnFunction).environment) as { variables?: Record<string, unknown> } | undefined;
    byEntry.set(construct.entry, { entry: construct.entry, nodeOptions: String(variables?.variables?.NODE_OPTIONS ?? '') });
  }
  const smithyToo = FeatureFlags.of(stack).isEnabled(LAMBDA_NODEJS_SDK_V3_EXCLUDE_SMITHY_PACKAGES);
  return {
    functions: [...byEntry.values()].sort((a, b) => a.entry.localeCompare(b.entry)),
    externals: smithyToo ? ['@aws-sdk/*', '@smithy/*'] : ['@aws-sdk/*'],
  };
}

/**
 * Bundled under node_modules/.cache so the externalized SDK resolves from the project's node_modules, as
 * it resolves from the runtime's own in Lambda.
 */
export const bundlesDir = join(projectRoot, 'node_modules', '.cache', 'function-bundles');

export type FunctionBundle = {
  entry: string;
  /** index.mjs: the code Lambda loads. */
  file: string;
  bytes: number;
  /** The source map shipped beside it (read at load time under --enable-source-maps). */
  mapBytes: number;
  metafile: Metafile;
};

/** esbuild with the options NodejsFunction turns apiFunctionBundling into (see its buildEsbuildArgs). */
export async function bundleFunction(entry: string, externals: string[], outDir = join(bundlesDir, entry)): Promise<FunctionBundle> {
  const file = join(outDir, 'index.mjs');
  const result = await build({
    entryPoints: [functionEntry(entry)],
    bundle: true,
    outfile: file,
    absWorkingDir: projectRoot,
    platform: 'node',
    target: apiFunctionRuntime.name.replace(/^nodejs(\d+).*$/, 'node$1'),
    format: apiFunctionBundling.format,
    minify: apiFunctionBundling.minify,
    sourcemap: apiFunctionBundling.sourceMap,
    sourcesContent: apiFunctionBundling.sourcesContent,
    external: externals,
    banner: { js: apiFunctionBundling.banner },
    mainFields: apiFunctionBundling.mainFields,
    metafile: true,
    logLevel: 'silent',
  });
  return { entry, file, bytes: statSync(file).size, mapBytes: statSync(`${file}.map`).size, metafile: result.metafile };
}

/** The bytes each npm package (or `(project)` for our own code) puts into the bundle, largest first. */
export function bundleComposition(metafile: Metafile): { source: string; bytes: number }[] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
      const source = match ? (match[1] as string) : '(project)';
      totals.set(source, (totals.get(source) ?? 0) + input.bytesInOutput);
    }
  }
  return [...totals].map(([source, bytes]) => ({ source, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/**
 * The externalized packages (the SDK clients the runtime provides) the bundle imports: `atInit` with the
 * module, `onDemand` through a dynamic import() when first needed.
 */
export function externalImports(metafile: Metafile): { atInit: string[]; onDemand: string[] } {
  const atInit = new Set<string>();
  const onDemand = new Set<string>();
  for (const input of Object.values(metafile.inputs)) {
    for (const imported of input.imports) {
      if (!imported.external || imported.path.startsWith('node:') || !imported.path.includes('/')) continue;
      (imported.kind === 'dynamic-import' ? onDemand : atInit).add(imported.path);
    }
  }
  return { atInit: [...atInit].sort(), onDemand: [...onDemand].filter((path) => !atInit.has(path)).sort() };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/**
 * One fresh `node` process that runs `script` (an ES module) and then reports the CPU time it used: its
 * wall time in ms, and its CPU time (user + system), which other processes competing for the CPU inflate
 * far less than the wall time.
 */
function nodeProcess(script: string, nodeOptions: string): { wallMs: number; cpuMs: number } {
  const report = 'const used = process.cpuUsage(); process.stdout.write(String((used.user + used.system) / 1000));';
  const started = performance.now();
  const output = execFileSync(process.execPath, [...nodeOptions.split(' ').filter(Boolean), '--input-type=module', '-e', `${script}\n${report}`], {
    cwd: projectRoot,
    // Only what the functions' configuration would find in Lambda; config is parsed on first use, not at import.
    env: { PATH: process.env.PATH ?? '', TABLE_NAME: 'bundle-measure', AWS_REGION: 'us-east-1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  return { wallMs: performance.now() - started, cpuMs: Number(output) };
}

export type InitTiming = { importMs: number; emptyMs: number; ratio: number; netMs: number; importCpuMs: number; emptyCpuMs: number; cpuRatio: number };

/**
 * Module initialisation: a fresh Node process importing the bundle (with the function's NODE_OPTIONS)
 * against a fresh Node process importing nothing, medians of `runs` alternating runs, and their ratios
 * (wall time and CPU time).
 */
export function measureInit(file: string, nodeOptions: string, runs = 5): InitTiming {
  const importScript = `await import(${JSON.stringify(pathToFileURL(file).href)});`;
  const imports: { wallMs: number; cpuMs: number }[] = [];
  const empties: { wallMs: number; cpuMs: number }[] = [];
  for (let run = 0; run < runs; run += 1) {
    empties.push(nodeProcess('', nodeOptions));
    imports.push(nodeProcess(importScript, nodeOptions));
  }
  const round = (value: number) => Math.round(value * 10) / 10;
  const importMs = median(imports.map((run) => run.wallMs));
  const emptyMs = median(empties.map((run) => run.wallMs));
  const importCpuMs = median(imports.map((run) => run.cpuMs));
  const emptyCpuMs = median(empties.map((run) => run.cpuMs));
  return {
    importMs: round(importMs),
    emptyMs: round(emptyMs),
    ratio: Math.round((importMs / emptyMs) * 100) / 100,
    netMs: round(importMs - emptyMs),
    importCpuMs: round(importCpuMs),
    emptyCpuMs: round(emptyCpuMs),
    cpuRatio: Math.round((importCpuMs / emptyCpuMs) * 100) / 100,
  };
}
