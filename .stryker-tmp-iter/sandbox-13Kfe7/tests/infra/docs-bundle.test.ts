// @ts-nocheck
import { existsSync, readdirSync } from 'node:fs';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { functionEntry, projectRoot } from '../../infra/constructs/api-function.ts';
import { swaggerUiFiles } from '../../shared/schemas/docs.ts';

/**
 * The OpenAPI generator, the contract registry and Swagger UI belong to the docs function alone: no other
 * function's bundle may pull them in (its cold start would pay for them). Checked on esbuild's own list
 * of the inputs of each bundle, built as NodejsFunction builds it (ESM, the SDK left to the runtime).
 */
const entries = readdirSync(`${projectRoot}functions`).filter((entry) => existsSync(functionEntry(entry)));
const docsOnly = /(^|\/)(node_modules\/@asteasolutions\/zod-to-openapi|node_modules\/swagger-ui-dist|shared\/api-contract)\//;

async function docsInputsOf(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [functionEntry(entry)],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    mainFields: ['module', 'main'],
    external: ['@aws-sdk/*', '@smithy/*'],
    absWorkingDir: projectRoot,
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs).filter((input) => docsOnly.test(input));
}

describe('the docs function bundle', () => {
  it('is the only bundle with the OpenAPI generator and the contract registry', { timeout: 120_000 }, async () => {
    const found = Object.fromEntries(await Promise.all(entries.map(async (entry) => [entry, await docsInputsOf(entry)] as const)));

    expect(Object.entries(found).filter(([entry, inputs]) => entry !== 'docs' && inputs.length > 0)).toEqual([]);
    expect(found.docs?.some((input) => input.includes('zod-to-openapi'))).toBe(true);
  });

  it('reads Swagger UI files that exist in node_modules (the stack copies them into the bundle)', () => {
    expect(swaggerUiFiles.filter((file) => !existsSync(`${projectRoot}node_modules/swagger-ui-dist/${file}`))).toEqual([]);
  });
});
