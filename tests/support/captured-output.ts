import { vi } from 'vitest';
import { metricInstances } from '../../shared/observability/metrics.ts';

/** One embedded-metric-format document as Powertools Metrics writes it. */
export type EmfDocument = Record<string, unknown> & {
  _aws: { Timestamp: number; CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
};

/**
 * The JSON lines written to stdout and stderr (Powertools' Logger writes warnings and errors to stderr, the
 * rest and the metrics to stdout) until `stop()`, instead of the terminal. Metrics are turned on while capturing: the tests' environment keeps them off
 * (infra/local/powertools-env.ts) for the shared instance, the kept single-metric ones and those made meanwhile.
 */
export function captureOutput() {
  const lines: Record<string, unknown>[] = [];
  const wasDisabled = process.env.POWERTOOLS_METRICS_DISABLED;
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  // Powertools keeps the flag it read at construction on the instance.
  for (const instance of metricInstances()) Reflect.set(instance, 'disabled', false);
  const collect = (chunk: string | Uint8Array) => {
    for (const line of String(chunk).split('\n')) if (line.startsWith('{')) lines.push(JSON.parse(line) as Record<string, unknown>);
    return true;
  };
  const writes = [vi.spyOn(process.stdout, 'write').mockImplementation(collect), vi.spyOn(process.stderr, 'write').mockImplementation(collect)];
  const metricDocuments = () => lines.filter((line): line is EmfDocument => '_aws' in line);
  return {
    lines,
    /** The values of one metric across every document flushed, with each document's dimensions. */
    metric: (name: string) =>
      metricDocuments().flatMap((document) =>
        document._aws.CloudWatchMetrics.some((directive) => directive.Metrics.some((metric) => metric.Name === name))
          ? [{ value: document[name], namespace: document._aws.CloudWatchMetrics[0]?.Namespace, dimensions: Object.fromEntries((document._aws.CloudWatchMetrics[0]?.Dimensions[0] ?? []).map((key) => [key, document[key]])) }]
          : []),
    stop: () => {
      for (const write of writes) write.mockRestore();
      if (wasDisabled === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
      else process.env.POWERTOOLS_METRICS_DISABLED = wasDisabled;
      for (const instance of metricInstances()) Reflect.set(instance, 'disabled', wasDisabled === 'true');
    },
  };
}
