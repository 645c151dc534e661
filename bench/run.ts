import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStack } from '../infra/local/stack.ts';
import { markEmailVerified } from '../tests/support/signed-in-user.ts';
import { db, tableName } from '../shared/data/client.ts';
import { apiClient } from './api.ts';
import { type BundleRow, bundleMisses, bundlePhase, printBundleRows } from './bundles.ts';
import { type LoadRow, loadBudgetMisses, loadPhase, printLoadRows } from './load.ts';
import { attachMeter, measure } from './meter.ts';
import { runModelBench } from './model/bench.ts';
import { benchOptions } from './options.ts';
import { callBudgetMisses, pageBudgetMisses } from './page-budget.ts';
import { writeReport } from './report.ts';
import { runSoak } from './soak.ts';
import type { BenchContext, BenchRow, BenchScenario, SignedIn } from './scenario.ts';
import { budgetScenario } from './scenarios/budget.ts';
import { checkInScenario } from './scenarios/check-in.ts';
import { enumerationScenario } from './scenarios/enumeration.ts';
import { foundationScenario } from './scenarios/foundation.ts';
import { publicCallsScenario } from './scenarios/public-calls.ts';
import { guestsScenario } from './scenarios/guests.ts';
import { guestsBulkScenario } from './scenarios/guests-bulk.ts';
import { guestsImportScenario } from './scenarios/guests-import.ts';
import { invitationsScenario } from './scenarios/invitations.ts';
import { listAreasScenario, listsScenario } from './scenarios/lists.ts';
import { migrationsScenario } from './scenarios/migrations.ts';
import { timelineScenario } from './scenarios/timeline.ts';
import { seatingScenario } from './scenarios/seating.ts';
import { partiesScenario } from './scenarios/parties.ts';

/**
 * `npm run bench`: boots the local stack (in-memory DynamoDB Local, the SES emulator, the API server in
 * this process), runs each scenario and prints per endpoint the DynamoDB calls and capacity per request
 * and p50/p95 latency through the server next to the raw DynamoDB call(s) it needs. Then the load phase
 * (bench/load.ts: the main routes under concurrent connections) and the cold-start phase (bench/bundles.ts:
 * each function's bundle size and import time). Results go to bench/results/latest.json and
 * bench/results/report.html. Password hashing runs at the production cost (scrypt N=2^17).
 * `npm run bench -- [scenario|load|bundles ...] [--connections=N] [--seconds=N] [--init-runs=N]`;
 * `npm run bench -- --soak [--minutes=N]` runs the soak instead (bench/soak.ts), and
 * `npm run bench -- --model [--shards=...]` the capacity model's measuring run (bench/model/bench.ts).
 */
const scenarios: BenchScenario[] = [foundationScenario, publicCallsScenario, guestsScenario, guestsBulkScenario, guestsImportScenario, budgetScenario, timelineScenario, invitationsScenario, enumerationScenario, listsScenario, listAreasScenario, migrationsScenario, seatingScenario, checkInScenario, partiesScenario];

const options = benchOptions(process.argv.slice(2));
const selected = (name: string): boolean => options.only.length === 0 || options.only.includes(name);

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'epa-bench-'));
  const stack = await startLocalStack({
    port: 0,
    tableName: 'event-planning-bench',
    dataDir,
    emulators: { start: { dynamoDbPort: 0, sesPort: 0, s3Port: 0, inMemory: true } },
    corsAllowedOrigins: 'http://localhost:5173',
    region: 'us-east-1',
    schedules: false,
    // The invitations scenario sends 5,000 emails from one new account: past the daily quota of 200; every
    // account of the bench registers from this one address: past the 10 an hour of a source; and the load
    // runs far past what one person or one address may send a minute, RSVPs included (the limiters'
    // in-memory check still runs on every request; like a well-behaved caller's, it never reaches DynamoDB).
    extraEnv: {
      LOG_LEVEL: 'silent', SENDING_QUOTA_NEW_ACCOUNT_PER_DAY: '1000000', REGISTRATIONS_PER_SOURCE_PER_HOUR: '1000000', USER_REQUESTS_PER_MINUTE: '1000000', SOURCE_REQUESTS_PER_MINUTE: '1000000',
      RSVP_REQUESTS_PER_SOURCE_PER_10_MINUTES: '1000000',
    },
  });
  const rows: BenchRow[] = [];
  let load: LoadRow[] = [];
  let bundles: BundleRow[] = [];
  try {
    const api = apiClient(stack.apiUrl);
    const meter = attachMeter(db());
    let users = 0;
    const signUp = async (): Promise<SignedIn> => {
      users += 1;
      const username = `bench_${process.pid}_${users}`;
      const response = await api('POST', '/api/auth/register', {
        body: { username, email: `${username}@example.com`, password: 'correct horse battery staple', full_name: 'Bench User' },
      });
      if (response.status !== 201) throw new Error(`register answered ${response.status}: ${JSON.stringify(response.body)}`);
      // Only verified accounts send invitations; the bench measures sending, not the verification mail.
      await markEmailVerified(response.body.data.user.id);
      return { token: response.body.data.access_token, userId: response.body.data.user.id, username };
    };
    const context: BenchContext = {
      api,
      db: db(),
      tableName: tableName(),
      meter,
      signUp,
      eventBusIdle: stack.eventBusIdle,
      measureEndpoint: async (endpoint, count, request, raw, note, maxRawRatio, pageBudget, maxCallsPerRequest) => {
        let index = 0;
        meter.reset();
        const timing = await measure(count, () => request(index++));
        const calls = meter.calls / count;
        const ownCalls = (meter.byServerPort[new URL(stack.apiUrl).port]?.calls ?? 0) / count;
        const rounds = meter.rounds / count;
        const capacity = meter.capacity / count;
        let rawIndex = 0;
        meter.reset();
        const rawTiming = raw ? await measure(count, () => raw(rawIndex++)) : undefined;
        const rawCapacity = meter.capacity / count;
        return {
          endpoint,
          requests: count,
          dynamoCallsPerRequest: round(calls),
          sequentialCallsPerRequest: round(rounds),
          capacityUnitsPerRequest: round(capacity),
          ...(raw ? { rawCapacityUnitsPerRequest: round(rawCapacity) } : {}),
          p50Ms: round(timing.p50),
          p95Ms: round(timing.p95),
          ...(rawTiming ? { rawP50Ms: round(rawTiming.p50), rawP95Ms: round(rawTiming.p95) } : {}),
          ...(note ? { note } : {}),
          ...(maxRawRatio ? { maxRawRatio } : {}),
          ...(pageBudget ? { pageBudget } : {}),
          ownCallsPerRequest: round(ownCalls),
          ...(maxCallsPerRequest === undefined ? {} : { maxCallsPerRequest }),
        };
      },
    };
    if (options.soak) {
      await runSoak(context, stack.apiUrl, options);
      return;
    }
    if (options.model) {
      await runModelBench(context, { apiPort: new URL(stack.apiUrl).port, eventBusIdle: stack.eventBusIdle }, options.shards);
      return;
    }
    for (const scenario of scenarios.filter((candidate) => selected(candidate.name))) {
      process.stdout.write(`\n# ${scenario.name}\n`);
      const scenarioRows = await scenario.run(context);
      printRows(scenarioRows);
      rows.push(...scenarioRows);
    }
    if (selected('load')) {
      process.stdout.write(`\n# load (${options.connections} connections, ${options.seconds} s per route and per raw run)\n`);
      load = await loadPhase(context, stack.apiUrl, options, stack);
      process.stdout.write(`${printLoadRows(load).join('\n')}\n`);
    }
  } finally {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  // After the stack has stopped, so the import timings do not compete with DynamoDB Local for the CPU.
  if (selected('bundles')) {
    process.stdout.write(`\n# bundles (import of each function's bundle in a fresh node vs an empty node, median of ${options.initRuns})\n`);
    bundles = await bundlePhase(options.initRuns);
    process.stdout.write(`${printBundleRows(bundles).join('\n')}\n`);
  }
  const resultsDir = new URL('./results/', import.meta.url).pathname;
  await mkdir(resultsDir, { recursive: true });
  const results = { at: new Date().toISOString(), node: process.version, rows, load, bundles };
  await writeFile(join(resultsDir, 'latest.json'), JSON.stringify(results, null, 2));
  await writeReport(join(resultsDir, 'report.html'), results);
  process.stdout.write(`\nwrote ${join(resultsDir, 'latest.json')} and report.html\n`);
  const missed = rows.filter((row) => row.maxRawRatio !== undefined && row.rawP50Ms !== undefined && row.p50Ms > row.maxRawRatio * row.rawP50Ms);
  for (const row of missed) process.stderr.write(`budget missed: ${row.endpoint} p50 ${row.p50Ms} ms > ${row.maxRawRatio} x raw p50 ${row.rawP50Ms} ms\n`);
  const overBudget = rows.flatMap((row) => [...pageBudgetMisses(row), ...callBudgetMisses(row)].map((miss) => `budget missed: ${row.endpoint} ${miss}`));
  const slowImports = bundleMisses(bundles);
  const slowUnderLoad = loadBudgetMisses(load);
  for (const line of [...overBudget, ...slowImports, ...slowUnderLoad]) process.stderr.write(`${line}\n`);
  if (missed.length > 0 || overBudget.length > 0 || slowImports.length > 0 || slowUnderLoad.length > 0) process.exitCode = 1;
}

const round = (value: number): number => Math.round(value * 100) / 100;


function printRows(rows: BenchRow[]): void {
  const header = ['endpoint', 'n', 'ddb calls/req', 'own', 'sequential', 'RCU+WCU/req', 'raw RCU+WCU', 'p50 ms', 'p95 ms', 'raw p50', 'raw p95', 'p50/raw', 'note'];
  const lines = rows.map((row) => [
    row.endpoint,
    String(row.requests),
    String(row.dynamoCallsPerRequest),
    `${row.ownCallsPerRequest ?? '-'}${row.maxCallsPerRequest === undefined ? '' : ` (<= ${row.maxCallsPerRequest})`}`,
    row.sequentialCallsPerRequest === undefined ? '-' : String(row.sequentialCallsPerRequest),
    `${row.capacityUnitsPerRequest}${row.pageBudget && row.rawCapacityUnitsPerRequest !== undefined ? ` (${round(row.capacityUnitsPerRequest / Math.max(row.rawCapacityUnitsPerRequest, 0.01))}x)` : ''}`,
    row.rawCapacityUnitsPerRequest === undefined ? '-' : String(row.rawCapacityUnitsPerRequest),
    String(row.p50Ms),
    String(row.p95Ms),
    row.rawP50Ms === undefined ? '-' : String(row.rawP50Ms),
    row.rawP95Ms === undefined ? '-' : String(row.rawP95Ms),
    row.rawP50Ms === undefined ? '-' : `${round(row.p50Ms / row.rawP50Ms)}${row.maxRawRatio ? ` (<= ${row.maxRawRatio})` : ''}`,
    row.note ?? '',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => (line[column] as string).length)));
  for (const line of [header, ...lines]) {
    process.stdout.write(`${line.map((cell, column) => cell.padEnd(widths[column] as number)).join('  ')}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
