import { runningStackState } from '../infra/local/running-stack.ts';

/**
 * `npm run migrate:<name>`: one backfill of items written before a release changed their keys (issue 15),
 * run once after deploying that release, against the local stack `npm start` runs or, with TABLE_NAME (and
 * the usual AWS credentials and AWS_REGION) set, that table in AWS. Answers what it did as JSON; running it
 * again changes nothing.
 */
const migrations: Record<string, () => Promise<unknown>> = {
  // The guests' index keys of the guest list (GSI2 by name, GSI3 by answer): shared/data/guests/index-backfill.ts.
  'guest-index': async () => (await import('../shared/data/guests/index-backfill.ts')).backfillGuestIndexKeys(),
  // The memberships' copies of their event's listed fields: shared/data/events/listed-copies.ts.
  'event-listed': async () => (await import('../shared/data/events/listed-copies.ts')).backfillCopies(),
  // The vendors' and documents' filter partitions (GSI2, GSI3): shared/data/filter-index-backfill.ts.
  'filter-index': async () => (await import('../shared/data/filter-index-backfill.ts')).backfillFilterIndexKeys(),
};

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const name = process.argv[2] ?? '';

try {
  const migrate = migrations[name];
  if (!migrate) throw new Error(`unknown migration "${name}": one of ${Object.keys(migrations).join(', ')}`);
  // The data layer reads its configuration once, when first loaded: the environment goes first.
  if (!process.env.TABLE_NAME) Object.assign(process.env, (await runningStackState()).env);
  console.log(JSON.stringify(await migrate(), null, 2));
} catch (error) {
  console.error(`migrate ${name} failed: ${(error as Error).message}`);
  process.exit(1);
}
