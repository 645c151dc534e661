import { familyScope, type Index, isShardable, ownerShards, type Scope } from './families.ts';
import type { Prices } from './prices.ts';
import type { Touch } from './touches.ts';

/**
 * The capacity and cost model: per route (or job step) what one request costs, times the rates of a peak
 * profile, gives each partition's load, each function's concurrency, the email rate and the monthly bill.
 * Pure functions of their inputs; bench/model/measure.ts measures the costs, bench/model/profile.ts
 * declares the load.
 */

/** What one request of a route (or one unit of a job's work) costs. */
export type RouteCost = {
  /** `POST /api/rsvp`, or a job's unit: `outbox: one invitation email`. */
  route: string;
  /** The Lambda function that runs it (its group, or the job). */
  fn: string;
  /** Measured against DynamoDB Local by `npm run bench -- --model`, or declared from the code where not measured. */
  source: 'measured' | 'declared';
  calls: number;
  /** Wall time of one request here: the Lambda duration it stands for. */
  durationMs: number;
  memoryMb: number;
  /** Capacity per request by family, index and read/write. */
  touches: Touch[];
  emails: number;
  busEvents: number;
  /** Arrives through API Gateway (a public or signed-in route), not from a schedule or the bus. */
  viaApi: boolean;
  /** Lambda invocations per request, when not one (a domain event's bus consumers: one per rule). */
  invocations?: number;
};

/**
 * A stream of requests at peak. `keys` says how many distinct keys of a scope the stream spreads over
 * (a number), or names the one key it all lands on (a string: streams naming the same key share its
 * partition, as every answer to the big event shares its event's). Scopes not given take the profile's
 * population; `global` and `day` families always land on their one key, split by their shard count.
 */
export type Workload = { name: string; route: string; perSecond: number; keys?: Partial<Record<Scope, number | string>> };

export type Limits = {
  /** DynamoDB's hard per-partition throughput. */
  partitionWcuPerSecond: number;
  partitionRcuPerSecond: number;
  /** Account quotas (raisable on request). */
  lambdaConcurrency: number;
  sesSendsPerSecond: number;
  apiRequestsPerSecond: number;
};

export type PartitionLoad = { index: Index; family: string; key: string; wcuPerSecond: number; rcuPerSecond: number; utilization: number };
export type FunctionLoad = { fn: string; requestsPerSecond: number; concurrency: number };
export type Bottleneck = { what: string; load: number; limit: number; multiple: number; hard: boolean; partition?: Pick<PartitionLoad, 'index' | 'family' | 'key'> };

export type ModelInput = {
  workloads: Workload[];
  costs: RouteCost[];
  population: Record<Exclude<Scope, 'global' | 'day'>, number>;
  limits: Limits;
  /** Shards of a `global` or `day` family (`OUTBOX#PENDING`: 16); absent: 1, as today. */
  shards?: Record<string, number>;
};

export type ModelResult = {
  partitions: PartitionLoad[];
  /** The busiest partition of each family. */
  hottestByFamily: PartitionLoad[];
  functions: FunctionLoad[];
  sesSendsPerSecond: number;
  apiRequestsPerSecond: number;
  bottlenecks: Bottleneck[];
};

const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

function costOf(costs: RouteCost[], route: string): RouteCost {
  const cost = costs.find((candidate) => candidate.route === route);
  if (!cost) throw new Error(`No cost for ${route}: measure it (npm run bench -- --model) or declare it`);
  return cost;
}

export const shardsOf = (shards: Record<string, number> | undefined, family: string): number => (isShardable(family) ? shards?.[family] ?? 1 : 1);

/**
 * The partition one touch of a workload lands on, and over how many keys its load is shared: one named key
 * (all of it), the shards of a global or daily key (an even split), or the average of `n` keys.
 */
function partitionOf(workload: Workload, touch: Touch, input: ModelInput): { key: string; share: number } {
  const scope = familyScope(touch.family);
  if (scope === 'global' || scope === 'day') {
    const shards = shardsOf(input.shards, touch.family);
    return { key: scope === 'day' ? 'today' : 'the key', share: shards === 1 ? 1 : 1 / shards };
  }
  const keys = workload.keys?.[scope] ?? input.population[scope];
  const split = ownerShards[touch.family] ?? 1;
  if (typeof keys === 'string') return split === 1 ? { key: keys, share: 1 } : { key: `${keys}, one of ${split} shards`, share: 1 / split };
  return { key: 'average key', share: 1 / Math.max(1, keys) / split };
}

/** Each stream's WCU/s and RCU/s on one partition: what to change to relieve it. */
export function partitionContributors(input: ModelInput, partition: Pick<PartitionLoad, 'index' | 'family' | 'key'>): { workload: string; wcuPerSecond: number; rcuPerSecond: number }[] {
  return input.workloads.flatMap((workload) => {
    let wcuPerSecond = 0;
    let rcuPerSecond = 0;
    for (const touch of costOf(input.costs, workload.route).touches) {
      if (touch.index !== partition.index || touch.family !== partition.family) continue;
      const { key, share } = partitionOf(workload, touch, input);
      if (key !== partition.key) continue;
      if (touch.op === 'write') wcuPerSecond += workload.perSecond * touch.units * share;
      else rcuPerSecond += workload.perSecond * touch.units * share;
    }
    return wcuPerSecond + rcuPerSecond > 0 ? [{ workload: workload.name, wcuPerSecond: round(wcuPerSecond, 3), rcuPerSecond: round(rcuPerSecond, 3) }] : [];
  }).sort((a, b) => b.wcuPerSecond + b.rcuPerSecond - (a.wcuPerSecond + a.rcuPerSecond));
}

export function partitionLoads(input: ModelInput): PartitionLoad[] {
  const loads = new Map<string, PartitionLoad>();
  for (const workload of input.workloads) {
    for (const touch of costOf(input.costs, workload.route).touches) {
      const { key, share } = partitionOf(workload, touch, input);
      const id = `${touch.index} ${touch.family} ${key}`;
      const load = loads.get(id) ?? { index: touch.index, family: touch.family, key, wcuPerSecond: 0, rcuPerSecond: 0, utilization: 0 };
      const rate = workload.perSecond * touch.units * share;
      if (touch.op === 'write') load.wcuPerSecond += rate;
      else load.rcuPerSecond += rate;
      loads.set(id, load);
    }
  }
  return [...loads.values()].map((load) => ({
    ...load,
    wcuPerSecond: round(load.wcuPerSecond, 3),
    rcuPerSecond: round(load.rcuPerSecond, 3),
    utilization: round(Math.max(load.wcuPerSecond / input.limits.partitionWcuPerSecond, load.rcuPerSecond / input.limits.partitionRcuPerSecond), 4),
  }));
}

export function hottestByFamily(partitions: PartitionLoad[]): PartitionLoad[] {
  const hottest = new Map<string, PartitionLoad>();
  for (const load of partitions) {
    const id = `${load.index} ${load.family}`;
    const seen = hottest.get(id);
    if (!seen || load.utilization > seen.utilization) hottest.set(id, load);
  }
  return [...hottest.values()].sort((a, b) => b.utilization - a.utilization);
}

/** Concurrent executions per function: requests per second times seconds per request (Little's law). */
export function functionLoads(workloads: Workload[], costs: RouteCost[]): FunctionLoad[] {
  const byFn = new Map<string, FunctionLoad>();
  for (const workload of workloads) {
    const cost = costOf(costs, workload.route);
    const load = byFn.get(cost.fn) ?? { fn: cost.fn, requestsPerSecond: 0, concurrency: 0 };
    load.requestsPerSecond += workload.perSecond;
    load.concurrency += workload.perSecond * (cost.durationMs / 1000);
    byFn.set(cost.fn, load);
  }
  return [...byFn.values()].map((load) => ({ ...load, requestsPerSecond: round(load.requestsPerSecond), concurrency: round(load.concurrency) })).sort((a, b) => b.concurrency - a.concurrency);
}

/** Capacity units one request of a route spends reading or writing, over every family. */
export const unitsOf = (cost: RouteCost, op: Touch['op']): number => cost.touches.filter((touch) => touch.op === op).reduce((total, touch) => total + touch.units, 0);

const sum = (workloads: Workload[], costs: RouteCost[], per: (cost: RouteCost) => number): number =>
  workloads.reduce((total, workload) => total + workload.perSecond * per(costOf(costs, workload.route)), 0);

const partitionIdOf = ({ index, family, key }: PartitionLoad) => ({ index, family, key });

/**
 * Every limit with its load at the profile and the multiple of the profile at which it is reached, first
 * bottleneck first. Partition limits are hard (no quota raises them); the account quotas can be raised.
 */
export function runModel(input: ModelInput): ModelResult {
  const partitions = partitionLoads(input);
  const functions = functionLoads(input.workloads, input.costs);
  const sesSendsPerSecond = round(sum(input.workloads, input.costs, (cost) => cost.emails));
  const apiRequestsPerSecond = round(sum(input.workloads, input.costs, (cost) => (cost.viaApi ? 1 : 0)));
  const { limits } = input;
  const candidates: Omit<Bottleneck, 'multiple'>[] = [
    ...partitions.flatMap((load) => [
      { what: `${load.index} ${load.family} (${load.key}) writes, WCU/s`, load: load.wcuPerSecond, limit: limits.partitionWcuPerSecond, hard: true, partition: partitionIdOf(load) },
      { what: `${load.index} ${load.family} (${load.key}) reads, RCU/s`, load: load.rcuPerSecond, limit: limits.partitionRcuPerSecond, hard: true, partition: partitionIdOf(load) },
    ]),
    { what: 'Lambda concurrency (account, all functions)', load: functions.reduce((total, fn) => total + fn.concurrency, 0), limit: limits.lambdaConcurrency, hard: false },
    { what: 'SES sending rate, emails/s', load: sesSendsPerSecond, limit: limits.sesSendsPerSecond, hard: false },
    { what: 'API Gateway requests/s (account throttle)', load: apiRequestsPerSecond, limit: limits.apiRequestsPerSecond, hard: false },
  ];
  const bottlenecks = candidates
    .filter((candidate) => candidate.load > 0)
    .map((candidate) => ({ ...candidate, load: round(candidate.load, 3), multiple: round(candidate.limit / candidate.load) }))
    .sort((a, b) => a.multiple - b.multiple);
  return { partitions, hottestByFamily: hottestByFamily(partitions), functions, sesSendsPerSecond, apiRequestsPerSecond, bottlenecks };
}

/** A count of requests of each route: the requests one RSVP makes, or one active event's month. */
export type Mix = { route: string; count: number }[];

export type CostBreakdown = { total: number; dynamoDb: number; lambda: number; apiGateway: number; ses: number; eventBridge: number };

/** The bill of a mix of requests, split by service, in dollars. */
export function mixCost(mix: Mix, costs: RouteCost[], prices: Prices): CostBreakdown {
  const breakdown: CostBreakdown = { total: 0, dynamoDb: 0, lambda: 0, apiGateway: 0, ses: 0, eventBridge: 0 };
  for (const { route, count } of mix) {
    const cost = costOf(costs, route);
    breakdown.dynamoDb += (count * (unitsOf(cost, 'write') * prices.dynamoDb.perMillionWriteUnits + unitsOf(cost, 'read') * prices.dynamoDb.perMillionReadUnits)) / 1e6;
    breakdown.lambda += count * ((cost.invocations ?? 1) * prices.lambdaArm64.perMillionRequests / 1e6 + (cost.durationMs / 1000) * (cost.memoryMb / 1024) * prices.lambdaArm64.perGbSecond);
    breakdown.apiGateway += cost.viaApi ? (count * prices.apiGatewayHttp.perMillionRequests) / 1e6 : 0;
    breakdown.ses += (count * cost.emails * prices.ses.perThousandEmails) / 1000;
    breakdown.eventBridge += (count * cost.busEvents * prices.eventBridge.perMillionCustomEvents) / 1e6;
  }
  breakdown.total = breakdown.dynamoDb + breakdown.lambda + breakdown.apiGateway + breakdown.ses + breakdown.eventBridge;
  return Object.fromEntries(Object.entries(breakdown).map(([name, value]) => [name, round(value, 4)])) as CostBreakdown;
}

/** The capacity a mix of requests spends per family, index and read/write, as the model adds it up. */
export function mixTouches(mix: Mix, costs: RouteCost[]): Touch[] {
  const totals = new Map<string, Touch>();
  for (const { route, count } of mix) {
    for (const touch of costOf(costs, route).touches) {
      const key = `${touch.index} ${touch.family} ${touch.op}`;
      const seen = totals.get(key) ?? { ...touch, units: 0 };
      seen.units += touch.units * count;
      totals.set(key, seen);
    }
  }
  return [...totals.values()].map((touch) => ({ ...touch, units: round(touch.units, 3) }));
}
