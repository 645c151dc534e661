import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { runningStackState } from '../infra/local/running-stack.ts';

/**
 * `npm run admin -- end-sessions --user <id> [--reason "..."]`: the operator ends every session of one
 * account; `npm run admin -- end-sessions --all [--reason "..."]`: every session of every account
 * (docs/accounts.md). Against the local stack `npm start` runs, or, with TABLE_NAME (and the usual AWS
 * credentials and AWS_REGION) set, against that table in AWS; in AWS the admin function does the same
 * (functions/admin). Answers what it did as JSON.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const usage = 'Usage: npm run admin -- end-sessions (--user <user id> | --all) [--reason "why"]';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { user: { type: 'string' }, all: { type: 'boolean', default: false }, reason: { type: 'string', default: 'not given' } },
});
if (positionals[0] !== 'end-sessions' || Boolean(values.user) === values.all) {
  console.error(usage);
  process.exit(2);
}
try {
  // The functions read their configuration once, when first loaded: the environment goes first.
  if (!process.env.TABLE_NAME) Object.assign(process.env, (await runningStackState()).env);
  const { endAllSessionsByOperator, endSessionsByOperator } = await import('../functions/admin/end-sessions.ts');
  const note = { operator: process.env.OPERATOR ?? userInfo().username, reason: values.reason };
  const result = values.user ? await endSessionsByOperator(values.user, note) : await endAllSessionsByOperator(note);
  if (!result) {
    console.error(`No account has the id ${values.user}.`);
    process.exit(1);
  }
  console.log(JSON.stringify(result, null, 2));
} catch (error) {
  console.error(`end-sessions failed: ${(error as Error).message}`);
  process.exit(1);
}
