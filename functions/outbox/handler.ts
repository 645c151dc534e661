import type { Context } from 'aws-lambda';
import { config } from '#shared/config.ts';
import { createLogger } from '#shared/logger.ts';
import { backlogMetric } from './backlog-metric.ts';
import { runOutbox } from './run.ts';

/**
 * The outbox sender: fired every minute by EventBridge (and locally by a timer, or `npm run schedule:run
 * -- outbox`). It stops taking new work a safety margin before the function's timeout.
 */
const SAFETY_MARGIN_MS = 30_000;

export async function handler(_event: unknown, context: Context) {
  const log = createLogger({ component: 'outbox', requestId: context.awsRequestId }, config().LOG_LEVEL);
  const deadline = Date.now() + Math.max(5_000, context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS);
  const now = new Date();
  const run = await runOutbox({ now, deadline, log });
  // At info, the level the stack runs the functions at: a higher LOG_LEVEL would drop the metric too.
  log.info('outbox run', { ...run, ...backlogMetric(run, context.functionName, now) });
  return run;
}
