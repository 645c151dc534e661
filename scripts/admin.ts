import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { runningStackState } from '../infra/local/running-stack.ts';

/**
 * The operator's commands, answering what they did as JSON. Against the local stack `npm start` runs,
 * or, with TABLE_NAME (and SEALING_KEY_SECRET_ARN for the sealing keys, the usual AWS credentials and
 * AWS_REGION) set, against that table in AWS; in AWS the admin function does the same (functions/admin).
 *
 * - `npm run admin -- end-sessions --user <id> [--reason "..."]`: the operator ends every session of one
 *   account; `end-sessions --all [--reason "..."]`: every session of every account (docs/accounts.md).
 * - `npm run admin -- reseal-sealed-values [--resume <token>]`: every stored sealed value re-sealed under
 *   the current sealing key (docs/token-keys.md); `retire-sealing-key --kid <kid>`: that key leaves the
 *   set, refused while anything sealed under it is stored.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const usage = [
  'Usage: npm run admin -- end-sessions (--user <user id> | --all) [--reason "why"]',
  '       npm run admin -- reseal-sealed-values [--resume <token>]',
  '       npm run admin -- retire-sealing-key --kid <kid>',
].join('\n');

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    user: { type: 'string' },
    all: { type: 'boolean', default: false },
    reason: { type: 'string', default: 'not given' },
    resume: { type: 'string' },
    kid: { type: 'string' },
  },
});
const [command] = positionals;
const valid =
  (command === 'end-sessions' && Boolean(values.user) !== values.all) ||
  command === 'reseal-sealed-values' ||
  (command === 'retire-sealing-key' && Boolean(values.kid));
if (!valid || positionals.length !== 1) {
  console.error(usage);
  process.exit(2);
}

async function run(): Promise<{ ok: boolean; result: unknown }> {
  if (command === 'reseal-sealed-values') {
    const { resealSealedValues } = await import('../functions/admin/sealed-values.ts');
    return { ok: true, result: await resealSealedValues({ resume: values.resume }) };
  }
  if (command === 'retire-sealing-key') {
    const [{ retireSealingKey }, { sealingKeyStore }] = await Promise.all([import('../functions/admin/sealed-values.ts'), import('../functions/admin/sealing-key-store.ts')]);
    const outcome = await retireSealingKey(values.kid as string, sealingKeyStore());
    return { ok: outcome.retired, result: outcome };
  }
  const { endAllSessionsByOperator, endSessionsByOperator } = await import('../functions/admin/end-sessions.ts');
  const note = { operator: process.env.OPERATOR ?? userInfo().username, reason: values.reason };
  const result = values.user ? await endSessionsByOperator(values.user, note) : await endAllSessionsByOperator(note);
  if (!result) return { ok: false, result: `No account has the id ${values.user}.` };
  return { ok: true, result };
}

try {
  // The functions read their configuration once, when first loaded: the environment goes first.
  if (!process.env.TABLE_NAME) Object.assign(process.env, (await runningStackState()).env);
  const { ok, result } = await run();
  if (ok) console.log(JSON.stringify(result, null, 2));
  else console.error(typeof result === 'string' ? result : JSON.stringify(result, null, 2));
  process.exit(ok ? 0 : 1);
} catch (error) {
  console.error(`${command} failed: ${(error as Error).message}`);
  process.exit(1);
}
