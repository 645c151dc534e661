import { schedules } from '../shared/routes.ts';
import { runScheduleNow } from '../infra/local/schedules.ts';
import { runningStackState } from '../infra/local/running-stack.ts';

/**
 * `npm run schedule:run -- <name>`: runs one scheduled function now, once, against the running local
 * stack (`npm start`), with the environment that stack gave its functions.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const names = schedules.map((schedule) => schedule.name).join(', ');

const name = process.argv[2];
if (!name) {
  console.error(`Usage: npm run schedule:run -- <name>   (schedules: ${names})`);
  process.exit(2);
}
try {
  const state = await runningStackState();
  // Before the function loads (runScheduleNow imports it lazily), as it reads its configuration once.
  Object.assign(process.env, state.env);
  const result = await runScheduleNow(name);
  console.log(`${name} ran against ${state.apiUrl}${result === undefined ? '' : `; it answered:\n${JSON.stringify(result, null, 2)}`}`);
} catch (error) {
  console.error(`${name} failed: ${(error as Error).message}`);
  process.exit(1);
}
