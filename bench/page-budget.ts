import type { BenchRow } from './scenario.ts';

/**
 * Issue 15, goal 1: a list page costs O(page) whatever the collection's size. At most `maxSequentialCalls`
 * rounds of calls (bench/meter.ts `rounds`), and at most `maxCapacityRatio` times the capacity of the row's
 * raw reads (the access check and a strongly consistent read of exactly as many of the same items as the
 * page returned).
 */
export type PageBudget = { maxSequentialCalls: number; maxCapacityRatio: number };

/** What a row's page budget says it missed; nothing when it has none or keeps it. */
export function pageBudgetMisses(row: BenchRow): string[] {
  const budget = row.pageBudget;
  if (!budget) return [];
  const misses: string[] = [];
  const rounds = row.sequentialCallsPerRequest ?? Number.POSITIVE_INFINITY;
  if (rounds > budget.maxSequentialCalls) misses.push(`${rounds} sequential calls > ${budget.maxSequentialCalls}`);
  const rawCapacity = row.rawCapacityUnitsPerRequest ?? 0;
  if (row.capacityUnitsPerRequest > budget.maxCapacityRatio * rawCapacity) {
    misses.push(`${row.capacityUnitsPerRequest} capacity units > ${budget.maxCapacityRatio} x ${rawCapacity} of the items returned`);
  }
  return misses;
}

/** What a row's call budget (issue 15, goal 2: the public routes) says it missed: the API's own calls per request. */
export function callBudgetMisses(row: BenchRow): string[] {
  if (row.maxCallsPerRequest === undefined) return [];
  const calls = row.ownCallsPerRequest ?? Number.POSITIVE_INFINITY;
  return calls > row.maxCallsPerRequest ? [`${calls} DynamoDB calls a request > ${row.maxCallsPerRequest}`] : [];
}
