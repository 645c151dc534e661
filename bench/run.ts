import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../infra/local/emulators.ts';
import { startLocalStack } from '../infra/local/stack.ts';
import { db, tableName } from '../shared/data/client.ts';
import { apiClient } from './api.ts';
import { attachMeter, measure } from './meter.ts';
import type { BenchContext, BenchRow, BenchScenario, SignedIn } from './scenario.ts';
import { budgetScenario } from './scenarios/budget.ts';
import { foundationScenario } from './scenarios/foundation.ts';
import { guestsScenario } from './scenarios/guests.ts';
import { invitationsScenario } from './scenarios/invitations.ts';
import { timelineScenario } from './scenarios/timeline.ts';

/**
 * `npm run bench`: boots the local stack (in-memory DynamoDB Local, the SES emulator, the API server in
 * this process), runs each scenario and prints per endpoint the DynamoDB calls and capacity per request
 * and p50/p95 latency through the server next to the raw DynamoDB call(s) it needs. Results also go to
 * bench/results/latest.json. Password hashing runs at the production cost (scrypt N=2^17).
 */
const scenarios: BenchScenario[] = [foundationScenario, guestsScenario, budgetScenario, timelineScenario, invitationsScenario];

const only = process.argv.slice(2);

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'epa-bench-'));
  const stack = await startLocalStack({
    port: 0,
    tableName: 'event-planning-bench',
    dataDir,
    emulators: { start: { dynamoDbPort: await freePort(), sesPort: await freePort(), s3Port: await freePort(), inMemory: true } },
    corsAllowedOrigins: 'http://localhost:5173',
    region: 'us-east-1',
    schedules: false,
    extraEnv: { LOG_LEVEL: 'silent' },
  });
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
      return { token: response.body.data.access_token, userId: response.body.data.user.id, username };
    };
    const context: BenchContext = {
      api,
      db: db(),
      tableName: tableName(),
      meter,
      signUp,
      measureEndpoint: async (endpoint, count, request, raw, note) => {
        let index = 0;
        meter.reset();
        const timing = await measure(count, () => request(index++));
        const calls = meter.calls / count;
        const capacity = meter.capacity / count;
        let rawIndex = 0;
        const rawTiming = raw ? await measure(count, () => raw(rawIndex++)) : undefined;
        return {
          endpoint,
          requests: count,
          dynamoCallsPerRequest: round(calls),
          capacityUnitsPerRequest: round(capacity),
          p50Ms: round(timing.p50),
          p95Ms: round(timing.p95),
          ...(rawTiming ? { rawP50Ms: round(rawTiming.p50), rawP95Ms: round(rawTiming.p95) } : {}),
          ...(note ? { note } : {}),
        };
      },
    };
    const rows: BenchRow[] = [];
    for (const scenario of scenarios.filter((candidate) => only.length === 0 || only.includes(candidate.name))) {
      process.stdout.write(`\n# ${scenario.name}\n`);
      const scenarioRows = await scenario.run(context);
      printRows(scenarioRows);
      rows.push(...scenarioRows);
    }
    const resultsDir = new URL('./results/', import.meta.url).pathname;
    await mkdir(resultsDir, { recursive: true });
    await writeFile(join(resultsDir, 'latest.json'), JSON.stringify({ at: new Date().toISOString(), node: process.version, rows }, null, 2));
    process.stdout.write(`\nwrote ${join(resultsDir, 'latest.json')}\n`);
  } finally {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const round = (value: number): number => Math.round(value * 100) / 100;

function printRows(rows: BenchRow[]): void {
  const header = ['endpoint', 'n', 'ddb calls/req', 'RCU+WCU/req', 'p50 ms', 'p95 ms', 'raw p50', 'raw p95', 'note'];
  const lines = rows.map((row) => [
    row.endpoint,
    String(row.requests),
    String(row.dynamoCallsPerRequest),
    String(row.capacityUnitsPerRequest),
    String(row.p50Ms),
    String(row.p95Ms),
    row.rawP50Ms === undefined ? '-' : String(row.rawP50Ms),
    row.rawP95Ms === undefined ? '-' : String(row.rawP95Ms),
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
