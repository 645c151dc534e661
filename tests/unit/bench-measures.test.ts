import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../bench/latency.ts';
import { type LoadRow, loadBudgetMisses } from '../../bench/load.ts';
import { benchOptions } from '../../bench/options.ts';
import { judgeMemory, type MemorySample } from '../../bench/soak.ts';

/** The arithmetic the benchmark's verdicts rest on: percentiles, the soak's memory judgement, the flags. */
const samplesOver = (minutes: number, heapAt: (seconds: number) => number): MemorySample[] =>
  Array.from({ length: (minutes * 60) / 5 + 1 }, (_, index) => {
    const atSeconds = index * 5;
    return { atSeconds, heapUsedMiB: heapAt(atSeconds), externalMiB: 10, rssMiB: 200 };
  });

describe('LatencyHistogram', () => {
  it('answers percentiles of what it recorded, to 0.1 ms', () => {
    const histogram = new LatencyHistogram();

    for (let ms = 1; ms <= 100; ms += 1) histogram.record(ms);

    expect(histogram.summary()).toEqual({ count: 100, p50Ms: 50, p95Ms: 95, p99Ms: 99, maxMs: 100 });
  });

  it('answers the maximum for latencies past its last bucket', () => {
    const histogram = new LatencyHistogram();

    histogram.record(5);
    histogram.record(45_000);

    expect(histogram.percentile(99)).toBe(45_000);
  });
});

describe('judgeMemory', () => {
  it('passes a heap that only wobbles after the warm-up', () => {
    const samples = samplesOver(10, (seconds) => (seconds < 60 ? 40 + seconds / 10 : 50 + (Math.floor(seconds / 5) % 2) * 0.5));

    const verdict = judgeMemory(samples, 10);

    expect(verdict.failures).toEqual([]);
    expect(verdict.heap.growthMiB).toBeLessThan(1);
  });

  it('fails a heap that keeps growing, with the figures', () => {
    const samples = samplesOver(10, (seconds) => 50 + seconds / 60);

    const verdict = judgeMemory(samples, 10);

    expect(verdict.heap.slopeMiBPerMinute).toBeCloseTo(1, 2);
    expect(verdict.failures).toEqual([
      expect.stringMatching(/^live heap grew by 8\.\d+ MiB \(limit 5 MiB\)$/),
      'live heap slope 1 MiB/min (limit 0.5 MiB/min)',
    ]);
  });
});

describe('loadBudgetMisses', () => {
  const row = (route: string, connections: number, ratioP50: number) => ({ route, connections, ratioP50 }) as LoadRow;

  it('names the public answer when its median passes 1.5x its raw calls, and nothing else', () => {
    expect(loadBudgetMisses([row('POST /api/rsvp', 10, 1.5), row('POST /api/rsvp', 50, 1.93), row('GET /api/events', 10, 4)]))
      .toEqual(['budget missed: POST /api/rsvp at 50 connections p50 1.93x its raw calls > 1.5x']);
  });
});

describe('benchOptions', () => {
  it('reads names and flags, with defaults for the rest', () => {
    expect(benchOptions(['load', '--connections=25', '--seconds=2.5'])).toEqual({ only: ['load'], connections: 25, seconds: 2.5, initRuns: 5, soak: false, minutes: 10, model: false });
  });

  it('reads the capacity model\'s flag and shard counts', () => {
    expect(benchOptions(['--model', '--shards=OUTBOX#PENDING=16'])).toMatchObject({ model: true, shards: 'OUTBOX#PENDING=16', only: [] });
  });

  it('reads the load phase\'s route filter, and refuses an empty one', () => {
    expect(benchOptions(['load', '--route=POST /api/rsvp'])).toMatchObject({ only: ['load'], route: 'POST /api/rsvp' });
    expect(() => benchOptions(['load', '--route='])).toThrow(/--route=: needs a value/);
  });

  it('refuses an unknown flag', () => {
    expect(() => benchOptions(['--conections=5'])).toThrow(/Unknown option --conections=5/);
  });
});
