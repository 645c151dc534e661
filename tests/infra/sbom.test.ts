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

type Tree = { dependencies?: Record<string, Tree> };

/** Every package name of the production tree (`npm ls --omit=dev --all`). */
async function productionPackages(): Promise<Set<string>> {
  const { stdout } = await promisify(execFile)('npm', ['ls', '--omit=dev', '--all', '--json'], { cwd: process.cwd(), maxBuffer: 64 * 1024 * 1024 });
  const names = new Set<string>();
  const walk = (tree: Tree) => {
    for (const [name, child] of Object.entries(tree.dependencies ?? {})) {
      names.add(name);
      walk(child);
    }
  };
  walk(JSON.parse(stdout) as Tree);
  return names;
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
