import { parseArgs } from 'node:util';
import { asyncTargets, deadLetterQueueName, isAsyncTarget } from '../infra/async-targets.ts';
import { redriveDeadLetters } from '../infra/local/async-invoke.ts';
import { localDeadLetters } from '../infra/local/dead-letters.ts';
import { runningStackState } from '../infra/local/running-stack.ts';
import { defaultDataDir } from '../infra/local/stack.ts';
import { lambdaInvoke, redriveQueue, sqsDeadLetterQueue } from './dead-letters/redrive-aws.ts';

/**
 * `npm run dlq:redrive -- <target>`: replays the events a function kept failing on into that function,
 * each once, and removes each the function then handled (docs/runbooks/dlq-redrive.md). Against the
 * local stack `npm start` runs (its dead letters in .data/dead-letters/<target>/, the functions run here
 * with the stack's environment); with `--aws [--stack EventPlanning-prod]`, against the stack's SQS
 * dead-letter queue, with the usual AWS credentials and AWS_REGION. Without a target: the depth of each
 * local queue.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const usage = `Usage: npm run dlq:redrive -- <target> [--aws [--stack EventPlanning-<stage>]]   (targets: ${asyncTargets.join(', ')})`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { aws: { type: 'boolean', default: false }, stack: { type: 'string', default: 'EventPlanning-dev' } },
});
const [target] = positionals;
const deadLetters = localDeadLetters(defaultDataDir);

if (!target && !values.aws) {
  for (const name of asyncTargets) console.log(`${name}: ${(await deadLetters.list(name)).length}`);
  console.error(usage);
  process.exit(0);
}
if (!target || !isAsyncTarget(target)) {
  console.error(usage);
  process.exit(2);
}
try {
  if (values.aws) {
    const queueName = deadLetterQueueName(values.stack, target);
    const result = await redriveQueue(await sqsDeadLetterQueue(queueName), lambdaInvoke());
    console.log(JSON.stringify({ queue: queueName, ...result }, null, 2));
    process.exit(result.failed.length === 0 ? 0 : 1);
  }
  // The functions read their configuration once, when first loaded: the stack's environment goes first.
  Object.assign(process.env, (await runningStackState()).env);
  const result = await redriveDeadLetters({ target, deadLetters });
  console.log(JSON.stringify(result, null, 2));
  process.exit(result.failed.length === 0 ? 0 : 1);
} catch (error) {
  console.error(`dlq:redrive ${target} failed: ${(error as Error).message}`);
  process.exit(1);
}
