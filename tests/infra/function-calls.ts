import { basename } from 'node:path';
import { build } from 'esbuild';
import { apiFunctionBundling, apiFunctionRuntime, functionEntry, projectRoot } from '../../infra/constructs/api-function.ts';
import type { TableAction } from '../../infra/constructs/grants.ts';
import { type HttpMethod, routes } from '../../shared/routes.ts';
import { tableDefinition } from '../../shared/data/table.ts';

/**
 * What a function's code can ask of DynamoDB and whether it calls SES, read from its bundle: the function bundled as `cdk deploy`
 * bundles it (tree-shaken, the SDK external) but not minified, so each module keeps its `// path` comment
 * and each call its command class. A module counts only where its code survived tree-shaking, so this is
 * what the function can reach, not every file it imports.
 *
 * - `new XCommand(` of lib-dynamodb / client-dynamodb: the IAM action of that operation;
 * - TransactWriteItems has no IAM action of its own: it is authorized per item, so the item kinds the
 *   reached modules write (`Put:`, `Update:`, `Delete:`, `ConditionCheck:`) are its actions;
 * - `'gsiN'` string literals (an index name) in a reached module: the indexes it queries;
 * - `new SendEmailCommand(` of client-sesv2: it sends mail itself.
 */
export type FunctionCalls = { actions: TableAction[]; indexes: string[]; sendsEmail: boolean };

const commandActions: Record<string, TableAction> = {
  GetCommand: 'GetItem',
  PutCommand: 'PutItem',
  UpdateCommand: 'UpdateItem',
  DeleteCommand: 'DeleteItem',
  QueryCommand: 'Query',
  ScanCommand: 'Scan',
  BatchGetCommand: 'BatchGetItem',
  BatchWriteCommand: 'BatchWriteItem',
  TransactGetCommand: 'GetItem',
  DescribeTableCommand: 'DescribeTable',
};
const transactItemActions: Record<string, TableAction> = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' };
const indexNames: readonly string[] = tableDefinition.indexes.map((index) => index.name);

/**
 * Modules of the HTTP group middleware whose calls run only on some routes: the session check and the
 * per-caller throttle on protected routes (shared/http/middleware/authenticate.ts, throttle.ts), the
 * idempotency store on protected POSTs (middleware/idempotency.ts). Every HTTP bundle holds them; a group
 * whose routes never take those paths (the API reference, the health check) does not call them.
 */
const middlewareModules: Record<string, (group: { protectedMethods: Set<HttpMethod> }) => boolean> = {
  'shared/data/sessions.ts': (group) => group.protectedMethods.size > 0,
  'shared/data/rate-limits.ts': (group) => group.protectedMethods.size > 0,
  'shared/data/idempotency.ts': (group) => group.protectedMethods.has('POST'),
};

/**
 * Each reached module of each entry's bundle with its code (non-minified esbuild output marks modules
 * `// path`), from one build of all the entries asked for: esbuild parses a shared module once for all.
 */
async function bundledModules(entries: string[], externals: string[]): Promise<Map<string, Map<string, string>>> {
  const result = await build({
    entryPoints: Object.fromEntries(entries.map((entry) => [entry, functionEntry(entry)])),
    bundle: true,
    write: false,
    outdir: 'out',
    outExtension: { '.js': '.mjs' },
    absWorkingDir: projectRoot,
    platform: 'node',
    target: apiFunctionRuntime.name.replace(/^nodejs(\d+).*$/, 'node$1'),
    format: apiFunctionBundling.format,
    mainFields: apiFunctionBundling.mainFields,
    external: externals,
    minify: false,
    logLevel: 'silent',
  });
  const byEntry = new Map<string, Map<string, string>>();
  for (const output of result.outputFiles) {
    const modules = new Map<string, string>();
    let current = '(entry)';
    for (const line of output.text.split('\n')) {
      const marker = /^\/\/ (\S+\.[cm]?[jt]s)$/.exec(line);
      if (marker) {
        current = marker[1] as string;
        continue;
      }
      modules.set(current, `${modules.get(current) ?? ''}${line}\n`);
    }
    byEntry.set(basename(output.path, '.mjs'), modules);
  }
  return byEntry;
}

/**
 * What each of `entries` calls (`groups`: the entries that are HTTP route groups, whose middleware runs
 * only on some routes), read from their bundles with `externals` left out.
 */
export async function functionCallsOf(entries: string[], externals: string[], groups: readonly string[]): Promise<Map<string, FunctionCalls>> {
  const bundles = await bundledModules(entries, externals);
  return new Map(entries.map((entry) => [entry, callsIn(bundles.get(entry) ?? new Map(), groups.includes(entry) ? entry : undefined)]));
}

function callsIn(modules: Map<string, string>, group: string | undefined): FunctionCalls {
  const protectedMethods = new Set(routes.filter((route) => route.group === group && route.access === 'protected').map((route) => route.method));
  const actions = new Set<TableAction>();
  const indexes = new Set<string>();
  const transactKinds = new Set<TableAction>();
  let transacts = false;
  let sendsEmail = false;
  for (const [path, code] of modules) {
    const runs = middlewareModules[path];
    if (group !== undefined && runs && !runs({ protectedMethods })) continue;
    for (const [, command] of code.matchAll(/new (\w+?Command)\d*\(/g)) {
      if (command === 'TransactWriteCommand') transacts = true;
      if (command === 'SendEmailCommand') sendsEmail = true;
      const action = commandActions[command as string];
      if (action) actions.add(action);
    }
    for (const [, kind] of code.matchAll(/\b(Put|Update|Delete|ConditionCheck):\s/g)) transactKinds.add(transactItemActions[kind as string] as TableAction);
    // The definition of the indexes is not a query of them.
    if (path === 'shared/data/table.ts') continue;
    for (const [, name] of code.matchAll(/["'](\w+)["']/g)) if (indexNames.includes(name as string)) indexes.add(name as string);
  }
  if (transacts) for (const action of transactKinds) actions.add(action);
  if (!actions.has('Query')) indexes.clear();
  return { actions: [...actions].sort(), indexes: [...indexes].sort(), sendsEmail };
}
