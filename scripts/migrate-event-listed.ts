import { runningStackState } from '../infra/local/running-stack.ts';

/**
 * `npm run migrate:event-listed`: gives the memberships written before the events list's copies (issue 15)
 * their copy of the event's listed fields (shared/data/events/listed-copies.ts). Run once after deploying
 * the release that adds them, against the local stack `npm start` runs or, with TABLE_NAME (and the usual
 * AWS credentials and AWS_REGION) set, that table in AWS. Answers what it did as JSON; running it again
 * changes nothing.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

try {
  // The data layer reads its configuration once, when first loaded: the environment goes first.
  if (!process.env.TABLE_NAME) Object.assign(process.env, (await runningStackState()).env);
  const { backfillCopies } = await import('../shared/data/events/listed-copies.ts');
  console.log(JSON.stringify(await backfillCopies(), null, 2));
} catch (error) {
  console.error(`migrate:event-listed failed: ${(error as Error).message}`);
  process.exit(1);
}
