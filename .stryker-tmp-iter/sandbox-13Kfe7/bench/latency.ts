/**
 * Latencies in fixed 0.1 ms buckets (up to 30 s, then one overflow bucket): percentiles exact to 0.1 ms
 * in constant memory, so a 10-minute soak records every request without growing the process it measures.
 */
// @ts-nocheck

const BUCKET_MS = 0.1;
const BUCKETS = 300_000;

export type Percentiles = { count: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number };

export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKETS + 1);
  count = 0;
  maxMs = 0;

  record(ms: number): void {
    const bucket = Math.min(BUCKETS, Math.max(0, Math.round(ms / BUCKET_MS)));
    this.counts[bucket] = (this.counts[bucket] as number) + 1;
    this.count += 1;
    if (ms > this.maxMs) this.maxMs = ms;
  }

  /** The smallest latency that `p` percent of the recorded ones do not exceed (the overflow bucket answers the max). */
  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.ceil((p / 100) * this.count);
    let seen = 0;
    for (let bucket = 0; bucket <= BUCKETS; bucket += 1) {
      seen += this.counts[bucket] as number;
      if (seen >= rank) return bucket === BUCKETS ? this.maxMs : bucket * BUCKET_MS;
    }
    return this.maxMs;
  }

  summary(): Percentiles {
    const round = (value: number) => Math.round(value * 100) / 100;
    return { count: this.count, p50Ms: round(this.percentile(50)), p95Ms: round(this.percentile(95)), p99Ms: round(this.percentile(99)), maxMs: round(this.maxMs) };
  }
}
