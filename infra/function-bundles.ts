import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
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
  /** node_modules files the stack copies beside its bundle. */
  nodeModuleFiles: readonly string[];
};

/**
 * The esbuild externals the stack bundles with (none: the AWS SDK is bundled, see apiFunctionBundling),
 * and the ones NodejsFunction would use to leave the SDK to the Node.js 24 runtime's copy, which the bench
 * measures beside them so the choice stays a measured one.
 */
export const deployedExternals: string[] = [...apiFunctionBundling.externalModules];
export const runtimeSdkExternals = ['@aws-sdk/*', '@smithy/*'];

const packageOf = (path: string): string | null => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? null;

/**
 * The packages of a bundle that are the AWS SDK's: its own scopes, and any package only the SDK imports
 * (its endpoint cache's mnemonist, the invoke store...), found from the bundle's import graph.
 */
function sdkPackages(metafile: Metafile): Set<string> {
  const importers = new Map<string, Set<string | null>>();
  for (const [path, input] of Object.entries(metafile.inputs)) {
    for (const imported of input.imports) {
      const target = packageOf(imported.path);
      if (!target || target === packageOf(path)) continue;
      importers.set(target, (importers.get(target) ?? new Set()).add(packageOf(path)));
    }
  }
  const sdk = new Set([...importers.keys()].filter((name) => /^@(aws-sdk|smithy|aws-crypto|aws)\//.test(name)));
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, from] of importers) {
      if (sdk.has(name) || ![...from].every((importer) => importer !== null && sdk.has(importer))) continue;
      sdk.add(name);
      grew = true;
    }
  }
  return sdk;
}

/**
 * The functions the stack defines (route groups, schedules, the authorizer, event consumers, and any added
 * later), read from the synthesized construct tree so a new function is measured without being listed here.
 */
export function stackFunctions(): StackFunction[] {
  const cdkJson = JSON.parse(readFileSync(join(projectRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  // Never synthesized, but an App makes its assembly folder when built: ours, removed after the read.
  const outdir = mkdtempSync(join(tmpdir(), 'epa-stack-functions-'));
  try {
    const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false, outdir });
    const stack = new EventPlanningStack(app, 'Bundles', { settings: settingsFromContext(app.node) });
    const byEntry = new Map<string, StackFunction>();
    for (const construct of stack.node.findAll()) {
      if (!(construct instanceof ApiFunction)) continue;
      const variables = stack.resolve((construct.function.node.defaultChild as CfnFunction).environment) as { variables?: Record<string, unknown> } | undefined;
      byEntry.set(construct.entry, { entry: construct.entry, nodeOptions: String(variables?.variables?.NODE_OPTIONS ?? ''), nodeModuleFiles: construct.nodeModuleFiles });
    }
    return [...byEntry.values()].sort((a, b) => a.entry.localeCompare(b.entry));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
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
  /** Of `bytes`, the AWS SDK's (@aws-sdk/*, @smithy/*); the budgets hold the rest. */
  sdkBytes: number;
  /** The source map shipped beside it (read at load time under --enable-source-maps). */
  mapBytes: number;
  metafile: Metafile;
};

/** A function to bundle: its folder under functions/ and, for a fixture, another entry file. */
export type BundleEntry = { entry: string; entryPoint?: string };

/**
 * esbuild with the options NodejsFunction turns apiFunctionBundling into (see its buildEsbuildArgs), each
 * entry into `<outDir>/<entry>/index.mjs`. One build for all of them: esbuild bundles each entry on its
 * own (no code splitting: each output holds all it needs, as a build of that entry alone does), but it
 * reads and parses a module the entries share (the SDK, zod, our shared code) once, not once per
 * function: a build per function cost 5.6 times the wall time for the stack's 30 (582 s against 104 s on
 * a loaded machine).
 */
export async function bundleFunctions(entries: BundleEntry[], externals: string[], outDir: string): Promise<FunctionBundle[]> {
  const result = await build({
    entryPoints: Object.fromEntries(entries.map(({ entry, entryPoint }) => [`${entry}/index`, entryPoint ?? functionEntry(entry)])),
    bundle: true,
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
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
  return entries.map(({ entry }) => {
    const file = join(outDir, entry, 'index.mjs');
    const metafile = metafileOf(result.metafile, relative(projectRoot, file));
    const sdk = sdkPackages(metafile);
    const sdkBytes = Object.values(metafile.outputs)
      .flatMap((output) => Object.entries(output.inputs))
      .reduce((total, [path, input]) => total + (sdk.has(packageOf(path) ?? '') ? input.bytesInOutput : 0), 0);
    return { entry, file, bytes: statSync(file).size, sdkBytes, mapBytes: statSync(`${file}.map`).size, metafile };
  });
}

/**
 * One output's part of a build's metafile, as a build of its entry alone writes it: the output and its
 * source map, and the inputs its entry point reaches through the import graph.
 */
function metafileOf(whole: Metafile, outputPath: string): Metafile {
  const output = whole.outputs[outputPath];
  if (!output?.entryPoint) throw new Error(`esbuild wrote no ${outputPath}`);
  const inputs: Metafile['inputs'] = {};
  const pending = [output.entryPoint];
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    const input = whole.inputs[path];
    if (!input || inputs[path]) continue;
    inputs[path] = input;
    for (const imported of input.imports) if (!imported.external) pending.push(imported.path);
  }
  const outputs = Object.fromEntries(Object.entries(whole.outputs).filter(([path]) => path === outputPath || path === `${outputPath}.map`));
  return { inputs, outputs };
}

/** One function bundled alone (the bench, a fixture), into `outDir`/index.mjs. */
export async function bundleFunction(entry: string, externals: string[], outDir = join(bundlesDir, entry), entryPoint = functionEntry(entry)): Promise<FunctionBundle> {
  const [bundle] = await bundleFunctions([{ entry: basename(outDir), entryPoint }], externals, dirname(outDir));
  return { ...(bundle as FunctionBundle), entry };
}

/**
 * Every function of the stack as `cdk deploy` ships it, in `<outDir>/<entry>/`: its bundle, and the
 * node_modules files the stack copies beside it (api-function.ts's copyNodeModuleFiles). The local
 * runtime's bundled mode serves requests with these (infra/local/function-entries.ts); outside the
 * project's folder, nothing the bundle needs can be found in the project's node_modules by accident.
 */
export async function buildStackBundles(outDir: string): Promise<FunctionBundle[]> {
  const functions = stackFunctions();
  const bundles = await bundleFunctions(functions, deployedExternals, outDir);
  for (const fn of functions) {
    for (const file of fn.nodeModuleFiles) await cp(join(projectRoot, 'node_modules', file), join(outDir, fn.entry, 'node_modules', file));
  }
  return bundles;
}

/** The bytes each npm package (or `(project)` for our own code) puts into the bundle, largest first. */
export function bundleComposition(metafile: Metafile): { source: string; bytes: number }[] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const source = packageOf(path) ?? '(project)';
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

/** The script a fresh Node process runs to import these modules (files or package names), in order. */
export const importScript = (modules: string[]): string =>
  modules.map((module) => `await import(${JSON.stringify(module.startsWith('/') ? pathToFileURL(module).href : module)});`).join('\n');

/**
 * Module initialisation: a fresh Node process importing the bundle (with the function's NODE_OPTIONS), or
 * running any other `script`, against a fresh Node process importing nothing, medians of `runs`
 * alternating runs, and their ratios (wall time and CPU time).
 */
export function measureInit(file: string, nodeOptions: string, runs = 5, script = importScript([file])): InitTiming {
  const imports: { wallMs: number; cpuMs: number }[] = [];
  const empties: { wallMs: number; cpuMs: number }[] = [];
  for (let run = 0; run < runs; run += 1) {
    empties.push(nodeProcess('', nodeOptions));
    imports.push(nodeProcess(script, nodeOptions));
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
