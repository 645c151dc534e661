import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { runningStackState } from '../infra/local/running-stack.ts';

/**
 * `npm run admin -- end-sessions --user <id> [--reason "..."]`: the operator ends every session of one
 * account (docs/accounts.md). Against the local stack `npm start` runs, or, with TABLE_NAME (and the
 * usual AWS credentials and AWS_REGION) set, against that table in AWS. Answers what it did as JSON.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const usage = 'Usage: npm run admin -- end-sessions --user <user id> [--reason "why"]';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { user: { type: 'string' }, reason: { type: 'string', default: 'not given' } },
});
if (positionals[0] !== 'end-sessions' || !values.user) {
  console.error(usage);
  process.exit(2);
}
try {
  // The functions read their configuration once, when first loaded: the environment goes first.
  if (!process.env.TABLE_NAME) Object.assign(process.env, (await runningStackState()).env);
  const { endSessionsByOperator } = await import('../functions/auth/session-control.ts');
  const result = await endSessionsByOperator(values.user, { operator: process.env.OPERATOR ?? userInfo().username, reason: values.reason });
  if (!result) {
    console.error(`No account has the id ${values.user}.`);
    process.exit(1);
  }
  console.log(JSON.stringify(result, null, 2));
} catch (error) {
  console.error(`end-sessions failed: ${(error as Error).message}`);
  process.exit(1);
}
