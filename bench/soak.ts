import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadTargets, runTraffic, targetRequest, type TrafficResult } from './load.ts';
import { seedLoadWorld, worldSizesFor } from './load-world.ts';
import type { BenchOptions } from './options.ts';
import { writeSoakReport } from './report.ts';
import type { BenchContext } from './scenario.ts';

/**
 * `npm run bench:soak` (`npm run bench -- --soak [--minutes=10] [--connections=10]`): mixed traffic
 * (browsing events, guests, budget and timeline; RSVPs; budget edits) against the local server for
 * `minutes`, sampling this process's memory (the server runs in it) every few seconds after a forced
 * full GC. Fails (exit code 1) on any error or non-2xx answer, or when the live heap grows.
 *
 * Thresholds, on heapUsed after a full GC (live objects only), past a warm-up of one minute (modules,
 * SDK clients, JIT and connection pools settle):
 * - growth (median of the last minute's samples minus median of the first minute's) at most 5 MiB, and
 * - least-squares slope at most 0.5 MiB per minute.
 * A healthy server keeps a fixed set of module-level objects, so its live heap is flat within a MiB or
 * two (what varies is the work in flight when a sample is taken, which follows the throughput). A leak
 * does not flatten: at 20 requests/s (a busy shared laptop) retaining 1 KB per request adds ~10 MiB over
 * the 9 measured minutes, and at 100 requests/s 200 bytes per request do. RSS and external memory are
 * reported, not gated: they include the load generator in this same process and allocator pages that are
 * never returned to the system.
 */
const SAMPLE_EVERY_MS = 5_000;
const WARM_UP_MS = 60_000;
export const soakThresholds = { growthMiB: 5, slopeMiBPerMinute: 0.5 } as const;

export type MemorySample = { atSeconds: number; heapUsedMiB: number; externalMiB: number; rssMiB: number };

export type SoakResult = {
  at: string;
  node: string;
  minutes: number;
  connections: number;
  mix: string[];
  traffic: TrafficResult;
  samples: MemorySample[];
  heap: { startMiB: number; endMiB: number; peakMiB: number; growthMiB: number; slopeMiBPerMinute: number };
  rss: { startMiB: number; endMiB: number; peakMiB: number };
  thresholds: typeof soakThresholds;
  failures: string[];
};

/** `gc()` without needing --expose-gc on the command line (tsx starts node for us). */
function forcedGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const mib = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 100) / 100;
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** Least-squares slope of y over x. */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const meanX = points.reduce((sum, point) => sum + point.x, 0) / n;
  const meanY = points.reduce((sum, point) => sum + point.y, 0) / n;
  const covariance = points.reduce((sum, point) => sum + (point.x - meanX) * (point.y - meanY), 0);
  const variance = points.reduce((sum, point) => sum + (point.x - meanX) ** 2, 0);
  return variance === 0 ? 0 : covariance / variance;
}

export function judgeMemory(samples: MemorySample[], minutes: number): Pick<SoakResult, 'heap' | 'rss'> & { failures: string[] } {
  const warmUpSeconds = Math.min(WARM_UP_MS / 1000, (minutes * 60) / 5);
  const settled = samples.filter((sample) => sample.atSeconds >= warmUpSeconds);
  const windowSeconds = Math.min(60, (minutes * 60 - warmUpSeconds) / 3);
  const first = settled.filter((sample) => sample.atSeconds < warmUpSeconds + windowSeconds).map((sample) => sample.heapUsedMiB);
  const lastFrom = (settled.at(-1)?.atSeconds ?? 0) - windowSeconds;
  const last = settled.filter((sample) => sample.atSeconds > lastFrom).map((sample) => sample.heapUsedMiB);
  const round = (value: number) => Math.round(value * 100) / 100;
  const heap = {
    startMiB: round(median(first)),
    endMiB: round(median(last)),
    peakMiB: round(Math.max(...samples.map((sample) => sample.heapUsedMiB))),
    growthMiB: round(median(last) - median(first)),
    slopeMiBPerMinute: round(slope(settled.map((sample) => ({ x: sample.atSeconds / 60, y: sample.heapUsedMiB })))),
  };
  const rss = {
    startMiB: settled[0]?.rssMiB ?? Number.NaN,
    endMiB: settled.at(-1)?.rssMiB ?? Number.NaN,
    peakMiB: Math.max(...samples.map((sample) => sample.rssMiB)),
  };
  const failures: string[] = [];
  if (settled.length < 3) failures.push(`only ${settled.length} memory samples after the warm-up: run longer`);
  if (heap.growthMiB > soakThresholds.growthMiB) failures.push(`live heap grew by ${heap.growthMiB} MiB (limit ${soakThresholds.growthMiB} MiB)`);
  if (heap.slopeMiBPerMinute > soakThresholds.slopeMiBPerMinute) {
    failures.push(`live heap slope ${heap.slopeMiBPerMinute} MiB/min (limit ${soakThresholds.slopeMiBPerMinute} MiB/min)`);
  }
  return { heap, rss, failures };
}

export async function runSoak(context: BenchContext, apiUrl: string, options: BenchOptions): Promise<void> {
  const gc = forcedGc();
  const world = await seedLoadWorld(context, worldSizesFor(options.connections));
  const targets = loadTargets(context, world);
  const live = { count: 0, failed: 0 };
  const samples: MemorySample[] = [];
  const started = performance.now();
  const sample = () => {
    gc();
    const usage = process.memoryUsage();
    const atSeconds = Math.round((performance.now() - started) / 100) / 10;
    samples.push({ atSeconds, heapUsedMiB: mib(usage.heapUsed), externalMiB: mib(usage.external), rssMiB: mib(usage.rss) });
    if (samples.length % 6 === 1) {
      process.stdout.write(`${String(Math.round(atSeconds)).padStart(4)} s  ${live.count} requests (${live.failed} failed)  heap ${mib(usage.heapUsed)} MiB  rss ${mib(usage.rss)} MiB\n`);
    }
  };
  process.stdout.write(`# soak: ${options.minutes} min of mixed traffic, ${options.connections} connections\n`);
  sample();
  const sampler = setInterval(sample, SAMPLE_EVERY_MS);
  let traffic: TrafficResult;
  try {
    traffic = await runTraffic({
      url: apiUrl,
      connections: options.connections,
      seconds: options.minutes * 60,
      requests: targets.map((target) => targetRequest(target, world.token)),
      live,
    });
  } finally {
    clearInterval(sampler);
  }
  sample();
  const memory = judgeMemory(samples, options.minutes);
  const failures = [...memory.failures];
  if (traffic.errors > 0 || traffic.timeouts > 0) failures.push(`${traffic.errors} connection errors, ${traffic.timeouts} timeouts`);
  if (traffic.non2xx > 0) failures.push(`${traffic.non2xx} non-2xx answers: ${JSON.stringify(traffic.statuses)}`);
  const result: SoakResult = {
    at: new Date().toISOString(),
    node: process.version,
    minutes: options.minutes,
    connections: options.connections,
    mix: targets.map((target) => target.route),
    traffic,
    samples,
    heap: memory.heap,
    rss: memory.rss,
    thresholds: soakThresholds,
    failures,
  };
  const resultsDir = new URL('./results/', import.meta.url).pathname;
  await mkdir(resultsDir, { recursive: true });
  await writeFile(join(resultsDir, 'soak.json'), JSON.stringify(result, null, 2));
  await writeSoakReport(join(resultsDir, 'soak.html'), result);
  process.stdout.write(
    [
      `requests ${traffic.count} (${traffic.requestsPerSecond}/s), p50 ${traffic.p50Ms} ms, p95 ${traffic.p95Ms} ms, p99 ${traffic.p99Ms} ms, statuses ${JSON.stringify(traffic.statuses)}`,
      `heap after GC: start ${result.heap.startMiB} MiB, end ${result.heap.endMiB} MiB, peak ${result.heap.peakMiB} MiB, growth ${result.heap.growthMiB} MiB, slope ${result.heap.slopeMiBPerMinute} MiB/min`,
      `rss: start ${result.rss.startMiB} MiB, end ${result.rss.endMiB} MiB, peak ${result.rss.peakMiB} MiB`,
      failures.length === 0 ? 'soak passed' : `soak FAILED:\n  ${failures.join('\n  ')}`,
      `wrote ${join(resultsDir, 'soak.json')} and soak.html`,
    ].join('\n') + '\n',
  );
  if (failures.length > 0) process.exitCode = 1;
}
