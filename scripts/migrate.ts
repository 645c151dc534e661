import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';

/**
 * The data migrations (docs/migrations.md), against the local stack `npm start` runs or, with TABLE_NAME
 * (and the usual AWS credentials and AWS_REGION) set, that table in AWS; in AWS the admin function's
 * `run-migrations` does the same. Answers what it did as JSON.
 *
 * - `npm run migrate`: every migration not done, in order, each from its checkpoint; running it again
 *   changes nothing. `-- --restart` runs the done ones again from the table's start (they rewrite nothing).
 * - `npm run migrate -- status`: each migration's checkpoint (status, pages, counts, lease).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const usage = 'Usage: npm run migrate [-- --restart]\n       npm run migrate -- status';
const { positionals, values } = parseArgs({ allowPositionals: true, options: { restart: { type: 'boolean', default: false } } });
const [command = 'run'] = positionals;
if (positionals.length > 1 || !['run', 'status'].includes(command) || (command === 'status' && values.restart)) {
  console.error(usage);
  process.exit(2);
}

try {
  // The data layer reads its configuration once, when first loaded: the environment goes first. The local
  // stack's module is loaded only to find it (with TABLE_NAME set, as in AWS and the tests, it is not needed).
  if (!process.env.TABLE_NAME) Object.assign(process.env, (await (await import('../infra/local/running-stack.ts')).runningStackState()).env);
  const { migrationStatus, runMigrations } = await import('../shared/data/migrations/runner.ts');
  if (command === 'status') {
    console.log(JSON.stringify(await migrationStatus(), null, 2));
  } else {
    const report = await runMigrations({ owner: `cli:${hostname()}:${randomUUID()}`, restart: values.restart });
    console.log(JSON.stringify(report, null, 2));
    // Not complete: another runner holds a migration's lease (see `status`); run again once it is free.
    process.exit(report.complete ? 0 : 1);
  }
} catch (error) {
  console.error(`migrate ${command} failed: ${(error as Error).message}`);
  process.exit(1);
}
