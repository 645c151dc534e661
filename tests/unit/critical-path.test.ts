import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { criticalPath, findCycle, type PathNode } from '../../shared/domain/timeline/critical-path.ts';

const node = (id: string, durationMinutes: number, dependsOn: string[] = []): PathNode => ({ id, durationMinutes, dependsOn });

/** Every chain (a path following dependencies) by brute force: its total duration. For small graphs only. */
function longestChainByBruteForce(nodes: PathNode[]): number {
  const byId = new Map(nodes.map((entry) => [entry.id, entry]));
  const longestEndingAt = (id: string): number => {
    const entry = byId.get(id) as PathNode;
    return entry.durationMinutes + Math.max(0, ...entry.dependsOn.map(longestEndingAt));
  };
  return Math.max(0, ...nodes.map((entry) => longestEndingAt(entry.id)));
}

/** Random DAGs: node i may depend only on nodes before it, so there is never a cycle. */
const dags = fc
  .array(fc.record({ duration: fc.integer({ min: 0, max: 10_000 }), deps: fc.array(fc.nat(), { maxLength: 4 }) }), { minLength: 1, maxLength: 25 })
  .map((specs) =>
    specs.map((spec, index) =>
      node(`n${index}`, spec.duration, index === 0 ? [] : [...new Set(spec.deps.map((dep) => `n${dep % index}`))]),
    ),
  );

describe('criticalPath', () => {
  it('follows the longest chain of dependent items, not the most items', () => {
    const nodes = [node('venue', 3), node('invites', 1, ['venue']), node('print', 1, ['invites']), node('caterer', 10)];

    const result = criticalPath(nodes);

    expect(result.path).toEqual(['caterer']);
    expect(result.lengthMinutes).toBe(10);
  });

  it('gives each item its slack against the planned end', () => {
    const nodes = [node('a', 2), node('b', 5, ['a']), node('c', 1, ['a']), node('d', 1, ['b', 'c'])];

    const result = criticalPath(nodes);

    expect(result.path).toEqual(['a', 'b', 'd']);
    expect(result.lengthMinutes).toBe(8);
    expect(result.schedule.get('c')?.slack).toBe(4);
    expect(['a', 'b', 'd'].map((id) => result.schedule.get(id)?.slack)).toEqual([0, 0, 0]);
  });

  it('ignores dependencies on items that are not in the graph (finished ones)', () => {
    const result = criticalPath([node('a', 4, ['finished-elsewhere'])]);

    expect(result.path).toEqual(['a']);
    expect(result.schedule.get('a')?.earliestStart).toBe(0);
  });

  it('is empty for nothing unfinished', () => {
    expect(criticalPath([])).toMatchObject({ path: [], lengthMinutes: 0 });
  });

  it('refuses a cycle', () => {
    expect(() => criticalPath([node('a', 1, ['b']), node('b', 1, ['a'])])).toThrow(/cycle/);
  });
});

describe('criticalPath on random DAGs (property)', () => {
  it('returns a chain whose length is the longest chain there is', () => {
    fc.assert(
      fc.property(dags, (nodes) => {
        const result = criticalPath(nodes);
        const byId = new Map(nodes.map((entry) => [entry.id, entry]));
        const chainTotal = result.path.reduce((sum, id) => sum + (byId.get(id) as PathNode).durationMinutes, 0);
        const isChain = result.path.every((id, index) => index === 0 || (byId.get(id) as PathNode).dependsOn.includes(result.path[index - 1] as string));
        const firstHasNoPredecessor = (byId.get(result.path[0] as string) as PathNode).dependsOn.length === 0;

        expect(isChain).toBe(true);
        expect(firstHasNoPredecessor).toBe(true);
        expect(chainTotal).toBe(result.lengthMinutes);
        expect(result.lengthMinutes).toBe(longestChainByBruteForce(nodes));
      }),
      { numRuns: 300 },
    );
  });

  it('never gives negative slack, and zero slack on every item of the path', () => {
    fc.assert(
      fc.property(dags, (nodes) => {
        const { schedule, path, lengthMinutes } = criticalPath(nodes);

        for (const entry of schedule.values()) {
          expect(entry.slack).toBeGreaterThanOrEqual(0);
          expect(entry.latestFinish).toBeLessThanOrEqual(lengthMinutes);
        }
        for (const id of path) expect(schedule.get(id)?.slack).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('starts every item after all its dependencies finish', () => {
    fc.assert(
      fc.property(dags, (nodes) => {
        const { schedule } = criticalPath(nodes);

        for (const entry of nodes) {
          for (const dep of entry.dependsOn) {
            expect(schedule.get(entry.id)?.earliestStart).toBeGreaterThanOrEqual(schedule.get(dep)?.earliestFinish as number);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('findCycle', () => {
  it('names the cycle, first item repeated at the end', () => {
    const cycle = findCycle([node('a', 1, ['b']), node('b', 1, ['c']), node('c', 1, ['a']), node('d', 1, ['a'])]);

    expect(cycle).toHaveLength(4);
    expect(cycle?.[0]).toBe(cycle?.[3]);
    expect(new Set(cycle)).toEqual(new Set(['a', 'b', 'c']));
  });

  it('finds a self-dependency', () => {
    expect(findCycle([node('a', 1, ['a'])])).toEqual(['a', 'a']);
  });

  it('finds none in any DAG (property)', () => {
    fc.assert(fc.property(dags, (nodes) => { expect(findCycle(nodes)).toBeNull(); }), { numRuns: 200 });
  });

  it('finds one whenever a back edge is added to a chain (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 40 }), fc.nat(), (length, pick) => {
        const chain = Array.from({ length }, (_, index) => node(`n${index}`, 1, index === 0 ? [] : [`n${index - 1}`]));
        const from = pick % length;
        chain[0] = node('n0', 1, [`n${Math.max(from, 1)}`]);

        const cycle = findCycle(chain) as string[];

        expect(cycle).not.toBeNull();
        for (let index = 0; index + 1 < cycle.length; index += 1) {
          const current = chain.find((entry) => entry.id === cycle[index]) as PathNode;
          expect(current.dependsOn).toContain(cycle[index + 1]);
        }
      }),
      { numRuns: 100 },
    );
  });
});
