import { writeFile } from 'node:fs/promises';
import type { BundleRow } from './bundles.ts';
import type { LoadRow } from './load.ts';
import type { BenchRow } from './scenario.ts';
import type { SoakResult } from './soak.ts';

/**
 * bench/results/report.html and soak.html: self-contained pages (inline SVG, no script, no CDN) that
 * chart the load phase, the function bundles and the soak's memory, with the figures in tables beside.
 */
export type BenchResults = { at: string; node: string; rows: BenchRow[]; load: LoadRow[]; bundles: BundleRow[] };

const escape = (text: string): string => text.replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char] as string);

const palette = ['#2f6fb0', '#e08a2c', '#c0392b', '#7f8c8d', '#27ae60'];

type Series = { name: string; values: number[] };

/** Horizontal grouped bars: one group per label, one bar per series. */
function barChart(title: string, unit: string, labels: string[], series: Series[]): string {
  const labelWidth = 250;
  const plotWidth = 520;
  const barHeight = 11;
  const groupHeight = series.length * barHeight + 10;
  const max = Math.max(1e-9, ...series.flatMap((one) => one.values.filter(Number.isFinite)));
  const height = labels.length * groupHeight + 40;
  const bars = labels.flatMap((label, row) => {
    const top = 30 + row * groupHeight;
    return [
      `<text x="${labelWidth - 6}" y="${top + (series.length * barHeight) / 2 + 4}" text-anchor="end">${escape(label)}</text>`,
      ...series.map((one, index) => {
        const value = one.values[row] ?? Number.NaN;
        const width = Number.isFinite(value) ? Math.max(1, (value / max) * plotWidth) : 0;
        const y = top + index * barHeight;
        return `<rect x="${labelWidth}" y="${y}" width="${width.toFixed(1)}" height="${barHeight - 2}" fill="${palette[index % palette.length]}"><title>${escape(`${label} ${one.name}: ${value} ${unit}`)}</title></rect>`
          + `<text x="${labelWidth + width + 4}" y="${y + barHeight - 3}" class="value">${Number.isFinite(value) ? value : '-'}</text>`;
      }),
    ];
  });
  const legend = series.map((one, index) => `<rect x="${labelWidth + index * 110}" y="8" width="10" height="10" fill="${palette[index % palette.length]}"/><text x="${labelWidth + 14 + index * 110}" y="17">${escape(one.name)}</text>`);
  return `<figure><figcaption>${escape(title)} (${escape(unit)})</figcaption><svg width="${labelWidth + plotWidth + 80}" height="${height}" role="img">${legend.join('')}${bars.join('')}</svg></figure>`;
}

/** Lines over a shared x axis (seconds). */
function lineChart(title: string, unit: string, xs: number[], series: Series[]): string {
  const width = 760;
  const height = 260;
  const left = 50;
  const bottom = 30;
  const all = series.flatMap((one) => one.values);
  const maxY = Math.max(1, ...all) * 1.1;
  const maxX = Math.max(1, ...xs);
  const x = (value: number) => left + (value / maxX) * (width - left - 10);
  const y = (value: number) => height - bottom - (value / maxY) * (height - bottom - 20);
  const lines = series.map((one, index) => {
    const points = one.values.map((value, at) => `${x(xs[at] as number).toFixed(1)},${y(value).toFixed(1)}`).join(' ');
    return `<polyline fill="none" stroke="${palette[index % palette.length]}" stroke-width="1.5" points="${points}"/>`
      + `<text x="${left + 10 + index * 160}" y="14" style="fill:${palette[index % palette.length]}">${escape(one.name)}</text>`;
  });
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((fraction) => {
    const value = Math.round(maxY * fraction);
    return `<line x1="${left}" x2="${width - 10}" y1="${y(value)}" y2="${y(value)}" stroke="#ddd"/><text x="${left - 4}" y="${y(value) + 4}" text-anchor="end">${value}</text>`;
  });
  const xTicks = [0, 0.25, 0.5, 0.75, 1].map((fraction) => `<text x="${x(maxX * fraction)}" y="${height - 10}" text-anchor="${fraction === 1 ? 'end' : 'middle'}">${Math.round(maxX * fraction)} s</text>`);
  return `<figure><figcaption>${escape(title)} (${escape(unit)})</figcaption><svg width="${width}" height="${height}" role="img">${ticks.join('')}${xTicks.join('')}${lines.join('')}</svg></figure>`;
}

function table(header: string[], rows: (string | number)[][]): string {
  const head = header.map((cell) => `<th>${escape(cell)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${escape(String(cell))}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function page(title: string, subtitle: string, sections: string[]): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title><style>
body{font:14px system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}h1{font-size:20px}h2{font-size:17px;margin-top:32px}
svg text{font:11px system-ui,sans-serif;fill:#222}svg text.value{fill:#555}figure{margin:12px 0}figcaption{font-weight:600;margin-bottom:4px}
table{border-collapse:collapse;margin:8px 0;font-size:12px}th,td{border:1px solid #ccc;padding:3px 6px;text-align:left}th{background:#f4f4f4}
</style></head><body><h1>${escape(title)}</h1><p>${escape(subtitle)}</p>${sections.join('\n')}</body></html>`;
}

const kib = (bytes: number): number => Math.round((bytes / 1024) * 10) / 10;

function loadSection(load: LoadRow[]): string {
  if (load.length === 0) return '';
  const routes = load.map((row) => row.route);
  return [
    `<h2>Load: ${load[0]?.connections} connections per route</h2>`,
    barChart('Latency through the local server, and of the raw DynamoDB calls under the same concurrency', 'ms', routes, [
      { name: 'p50', values: load.map((row) => row.http.p50Ms) },
      { name: 'p95', values: load.map((row) => row.http.p95Ms) },
      { name: 'p99', values: load.map((row) => row.http.p99Ms) },
      { name: 'raw p50', values: load.map((row) => row.raw.p50Ms) },
    ]),
    barChart('Route latency over the latency of the raw DynamoDB calls it needs', 'ratio', routes, [
      { name: 'p50', values: load.map((row) => row.ratioP50) },
      { name: 'p99', values: load.map((row) => row.ratioP99) },
    ]),
    barChart('Throughput', 'requests/s', routes, [
      { name: 'route', values: load.map((row) => row.http.requestsPerSecond) },
      { name: 'raw calls', values: load.map((row) => row.raw.requestsPerSecond) },
    ]),
    table(
      ['route', 'req/s', 'p50', 'p95', 'p99', 'errors', 'non-2xx', 'DynamoDB calls/req', 'capacity/req', 'commands/req', 'event consumers\' calls/req', 'raw calls', 'raw p50', 'raw p99', 'p50 ratio', 'p99 ratio'],
      load.map((row) => [
        row.route, row.http.requestsPerSecond, row.http.p50Ms, row.http.p95Ms, row.http.p99Ms, row.http.errors + row.http.timeouts, row.http.non2xx,
        row.dynamoCallsPerRequest, row.capacityUnitsPerRequest, Object.entries(row.commandsPerRequest).map(([name, count]) => `${name} ${count}`).join(', '),
        row.consumerCallsPerRequest, row.raw.calls, row.raw.p50Ms, row.raw.p99Ms, row.ratioP50, row.ratioP99,
      ]),
    ),
  ].join('\n');
}

function bundleSection(bundles: BundleRow[]): string {
  if (bundles.length === 0) return '';
  const names = bundles.map((row) => row.function);
  const cpu = (init: BundleRow['init']) => Math.round((init.importCpuMs - init.emptyCpuMs) * 10) / 10;
  return [
    '<h2>Cold start: function bundles</h2>',
    barChart('Bundle size (the AWS SDK inside) and the budget of the code besides the SDK', 'KiB', names, [
      { name: 'bundle', values: bundles.map((row) => kib(row.bytes)) },
      { name: 'of it the SDK', values: bundles.map((row) => kib(row.sdkBytes)) },
      { name: 'budget', values: bundles.map((row) => (row.budgetBytes === null ? Number.NaN : kib(row.budgetBytes))) },
    ]),
    barChart('Import CPU time over an empty node: SDK bundled, runtime SDK, and own code without the SDK', 'ms', names, [
      { name: 'SDK bundled (deployed)', values: bundles.map((row) => cpu(row.init)) },
      { name: "runtime's SDK", values: bundles.map((row) => cpu(row.runtimeSdk.init)) },
      { name: 'own code', values: bundles.map((row) => row.ownCpuMs) },
    ]),
    table(
      ['function', 'bundle KiB', 'of it SDK KiB', 'map KiB', 'budget KiB', 'import ms', 'empty ms', 'import CPU ms', "with runtime's SDK CPU ms", 'SDK alone CPU ms', 'own code CPU ms', 'SDK clients at init', 'SDK clients on demand', 'largest parts (KiB)'],
      bundles.map((row) => [
        row.function, kib(row.bytes), kib(row.sdkBytes), kib(row.mapBytes), row.budgetBytes === null ? 'none' : kib(row.budgetBytes), row.init.importMs, row.init.emptyMs,
        cpu(row.init), cpu(row.runtimeSdk.init), row.sdkAloneCpuMs, row.ownCpuMs, row.sdkAtInit.join(', '), row.sdkOnDemand.join(', '), row.largest.map((part) => `${part.source} ${kib(part.bytes)}`).join(', '),
      ]),
    ),
  ].join('\n');
}

function scenarioSection(rows: BenchRow[]): string {
  if (rows.length === 0) return '';
  return [
    '<h2>Scenarios: sequential requests</h2>',
    table(
      ['endpoint', 'n', 'DynamoDB calls/req', 'capacity/req', 'p50', 'p95', 'raw p50', 'raw p95', 'note'],
      rows.map((row) => [row.endpoint, row.requests, row.dynamoCallsPerRequest, row.capacityUnitsPerRequest, row.p50Ms, row.p95Ms, row.rawP50Ms ?? '-', row.rawP95Ms ?? '-', row.note ?? '']),
    ),
  ].join('\n');
}

export async function writeReport(path: string, results: BenchResults): Promise<void> {
  await writeFile(path, page('Event planning API benchmark', `${results.at}, node ${results.node}`, [loadSection(results.load), bundleSection(results.bundles), scenarioSection(results.rows)]));
}

export async function writeSoakReport(path: string, soak: SoakResult): Promise<void> {
  const xs = soak.samples.map((sample) => sample.atSeconds);
  const verdict = soak.failures.length === 0 ? 'passed' : `FAILED: ${soak.failures.join('; ')}`;
  await writeFile(path, page('Soak: mixed traffic', `${soak.at}, node ${soak.node}, ${soak.minutes} min, ${soak.connections} connections: ${verdict}`, [
    lineChart('Memory of the server process, sampled after a forced GC', 'MiB', xs, [
      { name: 'heapUsed', values: soak.samples.map((sample) => sample.heapUsedMiB) },
      { name: 'rss', values: soak.samples.map((sample) => sample.rssMiB) },
      { name: 'external', values: soak.samples.map((sample) => sample.externalMiB) },
    ]),
    table(['requests', 'req/s', 'p50', 'p95', 'p99', 'errors', 'non-2xx', 'statuses'], [[
      soak.traffic.count, soak.traffic.requestsPerSecond, soak.traffic.p50Ms, soak.traffic.p95Ms, soak.traffic.p99Ms,
      soak.traffic.errors + soak.traffic.timeouts, soak.traffic.non2xx, JSON.stringify(soak.traffic.statuses),
    ]]),
    table(['heap start', 'heap end', 'heap peak', 'growth', 'slope /min', 'rss start', 'rss end', 'rss peak', 'limits'], [[
      soak.heap.startMiB, soak.heap.endMiB, soak.heap.peakMiB, soak.heap.growthMiB, soak.heap.slopeMiBPerMinute, soak.rss.startMiB, soak.rss.endMiB, soak.rss.peakMiB,
      `growth <= ${soak.thresholds.growthMiB} MiB, slope <= ${soak.thresholds.slopeMiBPerMinute} MiB/min`,
    ]]),
    `<p>Mix, in turn on every connection: ${escape(soak.mix.join(' · '))}</p>`,
  ]));
}
