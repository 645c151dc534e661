import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ApiCall } from './api.ts';
import type { Meter } from './meter.ts';
import type { PageBudget } from './page-budget.ts';

/**
 * One line of the benchmark report: an endpoint's DynamoDB cost per request and its latency through the
 * local server, next to the latency of the raw DynamoDB call(s) it needs, measured in the same run.
 */
export type BenchRow = {
  endpoint: string;
  requests: number;
  dynamoCallsPerRequest: number;
  /** Rounds of calls made one after another (bench/meter.ts `rounds`). */
  sequentialCallsPerRequest?: number;
  capacityUnitsPerRequest: number;
  /** The capacity the raw call(s) consumed per request, when they were measured. */
  rawCapacityUnitsPerRequest?: number;
  p50Ms: number;
  p95Ms: number;
  rawP50Ms?: number;
  rawP95Ms?: number;
  note?: string;
  /** The most p50 may be as a multiple of the raw p50; the bench fails past it. */
  maxRawRatio?: number;
  /** A list page's cost budget; the bench fails past it. */
  pageBudget?: PageBudget;
  /**
   * The API server's own calls per request (without those of the event consumers its domain events
   * trigger in the same process), and the most it may make (issue 15: the public routes); the bench fails past it.
   */
  ownCallsPerRequest?: number;
  maxCallsPerRequest?: number;
};


export type SignedIn = { token: string; userId: string; username: string };

export type BenchContext = {
  /** Calls the local API over HTTP (JSON in and out). */
  api: ApiCall;
  /** The document client the handlers use, for the raw comparison calls. */
  db: DynamoDBDocumentClient;
  tableName: string;
  meter: Meter;
  /** Resolves once every delivery the local event bus started has finished (background jobs, consumers). */
  eventBusIdle: () => Promise<void>;
  /** Registers a fresh user and returns their token. */
  signUp: () => Promise<SignedIn>;
  /** Measures `count` sequential requests: DynamoDB calls and capacity per request, p50/p95. */
  measureEndpoint: (
    endpoint: string,
    count: number,
    request: (index: number) => Promise<unknown>,
    raw?: (index: number) => Promise<unknown>,
    note?: string,
    maxRawRatio?: number,
    pageBudget?: PageBudget,
    maxCallsPerRequest?: number,
  ) => Promise<BenchRow>;
};

/** A group of benchmark rows; each issue adds its own file under bench/scenarios/ and lists it in bench/run.ts. */
export type BenchScenario = {
  name: string;
  run: (context: BenchContext) => Promise<BenchRow[]>;
};
