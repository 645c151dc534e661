import { describe, expect, it } from 'vitest';
import { backgroundWork } from '../../shared/concurrency.ts';

/** shared/concurrency.ts `backgroundWork`: what a bulk add overlaps with its next transaction (its publishing). */
describe('backgroundWork', () => {
  it('admits new work only while fewer than the limit are in flight, oldest first, and drains all', async () => {
    const work = backgroundWork(2);
    const releases: (() => void)[] = [];
    const finished: number[] = [];
    const started = (index: number) => new Promise<void>((resolve) => releases.push(() => { finished.push(index); resolve(); }));
    work.add(started(0));
    work.add(started(1));
    let admitted = false;
    const admission = work.admit().then(() => { admitted = true; });

    await Promise.resolve();
    expect(admitted).toBe(false);
    releases[0]?.();
    await admission;
    expect(admitted).toBe(true);
    expect(finished).toEqual([0]);

    work.add(started(2));
    let drained = false;
    const draining = work.drain().then(() => { drained = true; });
    releases[2]?.();
    await Promise.resolve();
    expect(drained).toBe(false);
    releases[1]?.();
    await draining;
    expect(finished).toEqual([0, 2, 1]);
  });
});
