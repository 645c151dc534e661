import { shardCounts } from '../../shared/data/keys.ts';
import { type CostBreakdown, type ModelInput, type ModelResult, mixCost, partitionContributors, type RouteCost, runModel } from './capacity.ts';
import { declaredCosts } from './declared-costs.ts';
import { prices } from './prices.ts';
import { activeEventMonth, limits, oneRsvp, peakPopulation, peakWorkloads, storedGbPerActiveEvent } from './profile.ts';

/** The model at the declared peak, with measured costs (and the declared ones they do not cover). */
const peakInput = (measured: RouteCost[], shards: Record<string, number>): ModelInput =>
  ({ workloads: peakWorkloads, costs: [...measured, ...declaredCosts], population: peakPopulation, limits, shards });

export function modelAtPeak(measured: RouteCost[], shards: Record<string, number> = {}): ModelResult {
  return runModel(peakInput(measured, shards));
}

export type CostFigures = { perMillionRsvps: CostBreakdown; perActiveEventMonth: CostBreakdown & { storage: number } };

export function costFigures(measured: RouteCost[]): CostFigures {
  const costs = [...measured, ...declaredCosts];
  const perMillionRsvps = mixCost(oneRsvp.map((step) => ({ ...step, count: step.count * 1e6 })), costs, prices);
  const month = mixCost(activeEventMonth, costs, prices);
  const storage = Math.round(storedGbPerActiveEvent * prices.dynamoDb.perGbMonth * 1e4) / 1e4;
  return { perMillionRsvps, perActiveEventMonth: { ...month, storage, total: Math.round((month.total + storage) * 1e4) / 1e4 } };
}

const table = (header: string[], rows: string[][]): string[] => {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  return [header, ...rows].map((row) => row.map((cell, column) => cell.padEnd(widths[column] as number)).join('  ').trimEnd());
};

const money = (value: number): string => `$${value.toFixed(value < 0.1 ? 4 : 2)}`;

/** The printed report: hottest partition per family, functions, email rate, bottlenecks, costs. */
export function modelReport(measured: RouteCost[], shards: Record<string, number> = {}): string[] {
  const result = modelAtPeak(measured, shards);
  const costs = costFigures(measured);
  const shardNote = Object.keys(shards).length === 0 ? 'no shards (as today)' : Object.entries(shards).map(([family, count]) => `${family} x${count}`).join(', ');
  const first = result.bottlenecks[0];
  const firstHard = result.bottlenecks.find((bottleneck) => bottleneck.hard);
  const lines = [
    `## capacity model at the declared peak (bench/model/profile.ts), ${shardNote}`,
    '',
    '### hottest partition per family (limits: 1,000 WCU/s, 3,000 RCU/s per partition)',
    ...table(['index', 'family', 'key', 'WCU/s', 'RCU/s', 'of limit'],
      result.hottestByFamily.map((load) => [load.index, load.family, load.key, String(load.wcuPerSecond), String(load.rcuPerSecond), `${(load.utilization * 100).toFixed(1)}%`])),
    '',
    '### Lambda concurrency (requests/s x duration)',
    ...table(['function', 'req/s', 'concurrency'], result.functions.map((fn) => [fn.fn, String(fn.requestsPerSecond), String(fn.concurrency)])),
    '',
    `SES sending rate needed: ${result.sesSendsPerSecond} emails/s; API Gateway: ${result.apiRequestsPerSecond} requests/s`,
    '',
    '### first limits reached (multiple of the profile)',
    ...table(['limit', 'load', 'limit', 'x profile', 'kind'],
      result.bottlenecks.slice(0, 8).map((bottleneck) => [bottleneck.what, String(bottleneck.load), String(bottleneck.limit), String(bottleneck.multiple), bottleneck.hard ? 'hard' : 'quota'])),
    '',
    first ? `first bottleneck: ${first.what} at ${first.multiple}x the profile${first.multiple < 1 ? ' (already past it at the profile)' : ''}` : 'no bottleneck',
    ...(firstHard && firstHard !== first ? [`first hard limit (no quota raise helps): ${firstHard.what} at ${firstHard.multiple}x`] : []),
    ...(firstHard?.partition
      ? [`what loads it: ${partitionContributors(peakInput(measured, shards), firstHard.partition).map((part) => `${part.workload} ${part.wcuPerSecond} WCU/s, ${part.rcuPerSecond} RCU/s`).join('; ')}`]
      : []),
    '',
    `### monthly cost (prices of ${prices.asOf}, ${prices.region}, bench/model/prices.ts)`,
    ...table(['per', 'total', 'DynamoDB', 'Lambda', 'API GW', 'SES', 'EventBridge', 'storage'], [
      ['1M RSVPs (link + page + answer + consumers)', money(costs.perMillionRsvps.total), money(costs.perMillionRsvps.dynamoDb), money(costs.perMillionRsvps.lambda), money(costs.perMillionRsvps.apiGateway), money(costs.perMillionRsvps.ses), money(costs.perMillionRsvps.eventBridge), '-'],
      ['active event, month', money(costs.perActiveEventMonth.total), money(costs.perActiveEventMonth.dynamoDb), money(costs.perActiveEventMonth.lambda), money(costs.perActiveEventMonth.apiGateway), money(costs.perActiveEventMonth.ses), money(costs.perActiveEventMonth.eventBridge), money(costs.perActiveEventMonth.storage)],
    ]),
    `goal: <= $5 per million RSVPs: ${costs.perMillionRsvps.total <= 5 ? 'met' : 'MISSED'}`,
  ];
  return lines;
}

/** Issue 15's goals for the model (with the code's shards): the profile served, at most $5 per million RSVPs. */
export function goalsMissed(measured: RouteCost[], shards: Record<string, number>): string[] {
  const first = modelAtPeak(measured, shards).bottlenecks[0];
  const perMillion = costFigures(measured).perMillionRsvps.total;
  return [
    ...(first && first.multiple < 1 ? [`the profile is past a limit (${first.what} at ${first.multiple}x)`] : []),
    ...(perMillion > 5 ? [`$${perMillion.toFixed(2)} per million RSVPs (goal <= $5)`] : []),
  ];
}

/** `--shards=OUTBOX#PENDING=16,DUE#=8`: a shard count per global or daily family. */
export function parseShards(arg: string | undefined): Record<string, number> {
  if (!arg) return {};
  return Object.fromEntries(arg.split(',').map((pair) => {
    const at = pair.lastIndexOf('=');
    const count = Number(pair.slice(at + 1));
    if (at < 1 || !Number.isInteger(count) || count < 1) throw new Error(`--shards: ${pair} is not FAMILY=COUNT`);
    return [pair.slice(0, at), count];
  }));
}

/** The shard counts the code files the cross-tenant keys under (shared/data/keys.ts), used when no `--shards` is given. */
export const shardingPreview: Record<string, number> = { 'OUTBOX#PENDING': shardCounts.outbox, 'DUE#': shardCounts.due, 'BUDGETCHANGE#': shardCounts.budgetChange };
