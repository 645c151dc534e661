import { runningStackState } from '../infra/local/running-stack.ts';

/**
 * `npm run migrate:guest-index`: gives the guests written before the guest list's indexes (issue 15)
 * their index keys (shared/data/guests/index-backfill.ts). Run once after deploying the release that adds
 * GSI3, against the local stack `npm start` runs or, with TABLE_NAME (and the usual AWS credentials and
 * AWS_REGION) set, that table in AWS. Answers what it did as JSON; running it again changes nothing.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

try {
  // The data layer reads its configuration once, when first loaded: the environment goes first.
  if (!process.env.TABLE_NAME) Object.assign(process.env, (await runningStackState()).env);
  const { backfillGuestIndexKeys } = await import('../shared/data/guests/index-backfill.ts');
  console.log(JSON.stringify(await backfillGuestIndexKeys(), null, 2));
} catch (error) {
  console.error(`migrate:guest-index failed: ${(error as Error).message}`);
  process.exit(1);
}
