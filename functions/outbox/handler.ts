import type { Context } from 'aws-lambda';
import { config } from '#shared/config.ts';
import { createLogger } from '#shared/logger.ts';
import { countInvitationsSent, recordOutboxBacklog } from '#shared/observability/metrics.ts';
import { runOutbox } from './run.ts';
import { tracedHandler } from '#shared/observability/tracer.ts';

/**
 * The outbox sender: fired every minute by EventBridge (and locally by a timer, or `npm run schedule:run
 * -- outbox`). It stops taking new work a safety margin before the function's timeout.
 */
const SAFETY_MARGIN_MS = 30_000;

async function handle(_event: unknown, context: Context) {
  const log = createLogger({ component: 'outbox', requestId: context.awsRequestId }, config().LOG_LEVEL);
  const deadline = Date.now() + Math.max(5_000, context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS);
  const now = new Date();
  const run = await runOutbox({ now, deadline, log });
  countInvitationsSent(run.invitations_sent);
  // Nothing when the index could not be read: the missing point is itself what the backlog alarm treats as a
  // breach (infra/constructs/outbox-alarms.ts).
  if (run.oldest_pending_age_seconds !== null) recordOutboxBacklog({ dueEntries: run.due_entries, oldestAgeSeconds: run.oldest_pending_age_seconds });
  log.info('outbox run', { ...run });
  return run;
}

export const handler = tracedHandler(handle);
