import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleBudgets } from '../../infra/bundle-budgets.ts';
import { projectRoot } from '../../infra/constructs/api-function.ts';
import { externalImports, type FunctionBundle, stackFunctions } from '../../infra/function-bundles.ts';
import { routes, schedules } from '../../shared/routes.ts';
import { swaggerUiFiles } from '../../shared/schemas/docs.ts';
import { sharedStackBundles } from '../support/stack-bundles.ts';

/**
 * Every function of the stack, bundled as `cdk deploy` bundles it (infra/function-bundles.ts), stays
 * within its budget in infra/bundle-budgets.ts. The list comes from the synthesized stack, so a new
 * function is checked (and needs a budget) without being named here.
 */
const functions = stackFunctions();
const bundles = new Map<string, FunctionBundle>();

/** Built once per run with the bundled-mode stack's (tests/support/stack-bundles.ts). */
function bundleOf(entry: string): FunctionBundle {
  const bundle = bundles.get(entry);
  if (!bundle) throw new Error(`functions/${entry} was not bundled`);
  return bundle;
}

/** The source files that put code into the bundle (esbuild also lists files it read and tree-shook to nothing). */
const inputsOf = (bundle: FunctionBundle): string[] =>
  Object.values(bundle.metafile.outputs).flatMap((output) => Object.entries(output.inputs).filter(([, input]) => input.bytesInOutput > 0).map(([path]) => path));

beforeAll(async () => {
  for (const bundle of await sharedStackBundles()) bundles.set(bundle.entry, bundle);
}, 600_000);

describe('function bundles', () => {
  it('finds the functions of the stack: every route group, the schedules, the authorizer', () => {
    const entries = functions.map((fn) => fn.entry);

    expect(entries).toEqual(expect.arrayContaining([...new Set(routes.map((route) => route.group))]));
    expect(entries).toEqual(expect.arrayContaining(['authorizer', ...schedules.map((schedule) => schedule.entry)]));
  });

  it('every function has a budget, and every budget a function', () => {
    const entries = functions.map((fn) => fn.entry);
    const missing = entries.filter((entry) => bundleBudgets[entry] === undefined);
    const stale = Object.keys(bundleBudgets).filter((entry) => !entries.includes(entry));

    expect(missing, `functions without a budget in infra/bundle-budgets.ts: ${missing.join(', ')}`).toEqual([]);
    expect(stale, `budgets for functions the stack no longer has: ${stale.join(', ')}`).toEqual([]);
  });

  it.each(functions.map((fn) => [fn.entry]))('%s stays within its budget', async (entry) => {
    const budget = bundleBudgets[entry] ?? 0;

    const { bytes, sdkBytes } = await bundleOf(entry);
    const own = bytes - sdkBytes;

    expect(own, `functions/${entry}: the bundle is ${own.toLocaleString('en')} bytes besides the SDK, over its budget of ${budget.toLocaleString('en')} bytes (infra/bundle-budgets.ts)`).toBeLessThanOrEqual(budget);
  });

  // The SDK that runs in Lambda is the one package-lock.json pins and the tests run against, never the
  // runtime's copy: a package left external would be looked up in the runtime's node_modules.
  it.each(functions.map((fn) => [fn.entry]))('%s bundles the AWS SDK and imports nothing from node_modules at run time', async (entry) => {
    const bundle = await bundleOf(entry);
    const { atInit, onDemand } = externalImports(bundle.metafile);

    expect([...atInit, ...onDemand]).toEqual([]);
    expect(bundle.sdkBytes).toBeGreaterThan(0);
  });

  // `import { z } from 'zod'` keeps all of zod (every locale, the JSON-schema converters: ~450 KB) in the
  // bundle; `import * as z from 'zod'` (zod 4's documented form) lets esbuild keep only what is used.
  it.each(functions.map((fn) => [fn.entry]))('%s bundles only the parts of zod it uses', async (entry) => {
    const locales = inputsOf(bundleOf(entry)).filter((path) => /node_modules\/zod\/v4\/locales\/(?!en\.js|index\.js)/.test(path));

    expect(locales.length, `functions/${entry} bundles ${locales.length} zod locales: import * as z from 'zod', never { z }`).toBe(0);
  });

  // The OpenAPI generator, the contract registry and Swagger UI belong to the docs function alone: another
  // function's cold start would pay for them.
  it('only the functions serving the API description bundle the OpenAPI generator, the contract registry or Swagger UI', async () => {
    const docsOnly = /(^|\/)(node_modules\/@asteasolutions\/zod-to-openapi|node_modules\/swagger-ui-dist|shared\/api-contract)\//;
    const docsGroups = new Set(routes.filter((route) => /openapi|\/docs/.test(route.path)).map((route) => route.group as string));

    const withDocsCode: string[] = [];
    for (const fn of functions) {
      if (!docsGroups.has(fn.entry) && inputsOf(bundleOf(fn.entry)).some((path) => docsOnly.test(path))) withDocsCode.push(fn.entry);
    }

    expect(withDocsCode).toEqual([]);
    for (const group of docsGroups) expect(inputsOf(bundleOf(group)).some((path) => path.includes('node_modules/@asteasolutions/zod-to-openapi/'))).toBe(true);
  });

  it('reads Swagger UI files that exist in node_modules (the stack copies them into the docs bundle)', () => {
    expect(swaggerUiFiles.filter((file) => !existsSync(`${projectRoot}node_modules/swagger-ui-dist/${file}`))).toEqual([]);
  });
});
