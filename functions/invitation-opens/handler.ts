import type { Context, EventBridgeEvent } from 'aws-lambda';
import { config } from '#shared/config.ts';
import { type PageOpenOutcome, recordPageOpen } from '#shared/data/invitations/counters.ts';
import { invitationOpenedSchema } from '#shared/domain/invitations/open-event.ts';
import { createLogger } from '#shared/logger.ts';
import { tracedHandler } from '#shared/observability/tracer.ts';

/**
 * Consumer of `invitation.opened` (rule `invitation-opens` of shared/routes.ts's eventRules): records a
 * guest's look at their RSVP page, which the GET only announced. The guest's first open, the row's first
 * open and its batch's open count go in one transaction on the condition that the row was not opened, so
 * a redelivery or a second announcement changes nothing. A failure is thrown: EventBridge retries, then
 * the dead-letter queue keeps the event.
 */
async function handle(event: EventBridgeEvent<string, unknown>, context: Context): Promise<PageOpenOutcome | 'invalid'> {
  const log = createLogger({ component: 'invitation-opens', requestId: context.awsRequestId }, config().LOG_LEVEL);
  const parsed = invitationOpenedSchema.safeParse(event.detail);
  if (!parsed.success) {
    // Not an open of this contract: a retry would not change that, so it is logged and dropped.
    log.warn('invitation open ignored', { detailType: event['detail-type'], problems: parsed.error.issues.length });
    return 'invalid';
  }
  const { event_id, occurred_at, detail } = parsed.data;
  const outcome = await recordPageOpen({ event_id, ...detail }, occurred_at);
  log.info('invitation open', { eventId: event_id, batchId: detail.batch_id ?? null, outcome });
  return outcome;
}

export const handler = tracedHandler(handle);
