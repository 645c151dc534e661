import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isolatedFiles, longOnlyFiles, unitFilesNeedingEmulators } from '../support/test-sets.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** What a later file in the same process would inherit (test-sets.ts, isolatedFiles): replaced modules. */
const replacesModules = /\bvi\.(mock|doMock|stubGlobal)\(/;

function testFiles(folder: string): string[] {
  return readdirSync(join(repoRoot, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => join(folder, name));
}

const text = (file: string) => readFileSync(join(repoRoot, file), 'utf8');

describe('test sets', () => {
  const sharingAProcess = [...testFiles('tests/integration'), ...testFiles('tests/e2e'), ...testFiles('tests/infra'), ...unitFilesNeedingEmulators]
    .filter((file) => !longOnlyFiles.includes(file));

  it('runs apart every file with the emulators that replaces modules', () => {
    const flagged = sharingAProcess.filter((file) => replacesModules.test(text(file)));
    expect(flagged).toContain('tests/integration/auth-password-cost.test.ts');
    expect(flagged.filter((file) => !isolatedFiles.includes(file))).toEqual([]);
  });

  it('has every file that injects faults remove its injector after each test', () => {
    const injecting = sharingAProcess.filter((file) => /\binject[A-Za-z]*Faults\(/.test(text(file)));
    expect(injecting.length).toBeGreaterThan(2);
    const leaving = injecting.filter((file) => !/afterEach\([^]*?\.remove\(\)/.test(text(file)));
    expect(leaving).toEqual([]);
  });

  it('names only files that exist', () => {
    const all = new Set([...sharingAProcess, ...testFiles('tests/unit')]);
    expect([...isolatedFiles, ...unitFilesNeedingEmulators].filter((file) => !all.has(file))).toEqual([]);
  });
});
