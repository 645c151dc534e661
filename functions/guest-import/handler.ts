import type { Context, EventBridgeEvent } from 'aws-lambda';
import { config } from '#shared/config.ts';
import { guestImportRequestedSchema } from '#shared/domain/guests/import-requested.ts';
import { createLogger } from '#shared/logger.ts';
import { tracedHandler } from '#shared/observability/tracer.ts';
import { type ImportRunOutcome, runImportJob } from './run.ts';

/**
 * Consumer of `guests.import.requested` (rule `guest-import` of shared/routes.ts's eventRules): runs the
 * background guest import the request stored. A failure is thrown: EventBridge retries, then the
 * dead-letter queue keeps the event, and a redrive resumes the job from its checkpoint.
 */
async function handle(event: EventBridgeEvent<string, unknown>, context: Context): Promise<ImportRunOutcome | 'invalid'> {
  const log = createLogger({ component: 'guest-import', requestId: context.awsRequestId }, config().LOG_LEVEL);
  const parsed = guestImportRequestedSchema.safeParse(event.detail);
  if (!parsed.success) {
    // Not a request of this contract: a retry would not change that, so it is logged and dropped.
    log.warn('guest import ignored', { detailType: event['detail-type'], problems: parsed.error.issues.length });
    return 'invalid';
  }
  const outcome = await runImportJob(parsed.data.event_id, parsed.data.detail.job_id);
  log.info('guest import', { eventId: parsed.data.event_id, jobId: parsed.data.detail.job_id, ...outcome });
  return outcome;
}

export const handler = tracedHandler(handle);
