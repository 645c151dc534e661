import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * `npm run sbom` (ASVS 5.0 15.1.2, issue 20): a CycloneDX bill of materials of what ships, made by the
 * CycloneDX project's own npm generator from the installed tree. It must name every runtime dependency
 * and no tool that stays on the developer's machine.
 */
type Component = { name: string; group?: string; version?: string; purl?: string; components?: Component[] };

const names = (components: Component[]): string[] =>
  components.flatMap((component) => [component.group ? `${component.group}/${component.name}` : component.name, ...names(component.components ?? [])]);

/**
 * Every package name of the production tree, from package-lock.json: npm marks each package only the
 * development tree needs `dev: true` there (what `npm ls --omit=dev` leaves out, without a second npm run).
 */
async function productionPackages(): Promise<Set<string>> {
  const lock = JSON.parse(await readFile('package-lock.json', 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  return new Set(Object.entries(lock.packages).filter(([path, entry]) => path !== '' && !entry.dev).map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)));
}

describe('npm run sbom', () => {
  it('lists every runtime dependency with a version and purl, and no dev-only tool', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'epa-sbom-'));
    try {
      const file = join(dir, 'sbom.cdx.json');
      await promisify(execFile)('npm', ['run', '--silent', 'sbom', '--', '--output-file', file], { cwd: process.cwd() });
      const bom = JSON.parse(await readFile(file, 'utf8')) as { bomFormat: string; specVersion: string; components: Component[] };
      const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
      const listed = names(bom.components);

      expect(bom.bomFormat).toBe('CycloneDX');
      expect(Number(bom.specVersion)).toBeGreaterThanOrEqual(1.5);
      expect(Object.keys(pkg.dependencies).filter((name) => !listed.includes(name))).toEqual([]);
      // A dev-only tool is a devDependency no runtime dependency pulls in (@types/node is one, and also a
      // dependency of aws-xray-sdk-core's @types/cls-hooked, so npm installs it in production too).
      const runtimeTree = await productionPackages();
      expect(Object.keys(pkg.devDependencies).filter((name) => listed.includes(name) && !runtimeTree.has(name))).toEqual([]);
      expect(bom.components.every((component) => component.version && component.purl?.startsWith('pkg:npm/'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
