import { randomUUID } from 'node:crypto';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { config } from '#shared/config.ts';
import { guestPurgesOnDayPages } from '#shared/data/due-items.ts';
import { dropGuestPurgeMarker, fileGuestPurge, type GuestPurgeMarker, guestPurgeMarkerOf } from '#shared/data/guests/purge-markers.ts';
import { purgeEventGuestData } from '#shared/data/guests/purge.ts';
import { utcDay } from '#shared/domain/events/rules.ts';
import { createLogger } from '#shared/logger.ts';
import { tracedHandler } from '#shared/observability/tracer.ts';

/** Who the audit entries of scheduled purges name. */
export const PRIVACY_ACTOR = 'system:privacy';

/** Days back the job looks for due purges: a job down for up to a week still finds them. */
const LOOKBACK_DAYS = 7;
/** Stop taking new work this long before the Lambda timeout, so a run always records where it stopped. */
const SAFETY_MARGIN_MS = 60_000;
const DAY_MS = 24 * 60 * 60 * 1000;

export type PrivacyRun = { days: string[]; due: number; purged: number; unfinished: number; gone: number; guests: number };

/**
 * Daily (and on demand: `npm run schedule:run -- privacy`): the events whose guest data is due for
 * purging, found by a Query of each recent day's `GUESTPURGE#<day>` partition of GSI2 (never a Scan),
 * purged one after the other (shared/data/guests/purge.ts). A finished purge deletes its marker; one that
 * runs out of time is filed again as due now and goes on in the next run. The clock is a parameter:
 * EventBridge's scheduled time in AWS, any instant in tests.
 */
export async function runGuestDataPurges(now: Date, deadline: number, requestId: string = randomUUID()): Promise<PrivacyRun> {
  const days = Array.from({ length: LOOKBACK_DAYS + 1 }, (_, back) => utcDay(new Date(now.getTime() - (LOOKBACK_DAYS - back) * DAY_MS).toISOString()));
  const run: PrivacyRun = { days, due: 0, purged: 0, unfinished: 0, gone: 0, guests: 0 };
  const due: GuestPurgeMarker[] = [];
  for (const day of days) {
    for await (const page of guestPurgesOnDayPages(day)) {
      for (const item of page) {
        const marker = guestPurgeMarkerOf(item);
        if (marker && Date.parse(marker.due_at) <= now.getTime()) due.push(marker);
      }
    }
  }
  run.due = due.length;
  for (const marker of due) {
    if (Date.now() >= deadline) {
      // Filed again as due now, so a purge waiting at the edge of the lookback is not left behind.
      run.unfinished += 1;
      await fileGuestPurge(marker.event_id, now.toISOString());
      continue;
    }
    const result = await purgeEventGuestData(marker.event_id, { now, deadline, actorId: PRIVACY_ACTOR });
    if (result.outcome === 'unfinished') {
      run.unfinished += 1;
      run.guests += result.counts.guests;
      await fileGuestPurge(marker.event_id, now.toISOString());
      continue;
    }
    if (result.outcome === 'done') {
      run.purged += 1;
      run.guests += result.counts.guests;
    } else run.gone += 1;
    await dropGuestPurgeMarker(marker);
  }
  createLogger({ requestId, job: 'privacy' }, config().LOG_LEVEL).info('guest data purges ran', { runAt: now.toISOString(), ...run });
  return run;
}

/** EventBridge's `time` is when the run was scheduled, so a retried run looks at the same days. */
const handle = async (event: ScheduledEvent, context: Context): Promise<PrivacyRun> => {
  const scheduled = new Date(event.time);
  const deadline = Date.now() + Math.max(5_000, context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS);
  return runGuestDataPurges(Number.isNaN(scheduled.getTime()) ? new Date() : scheduled, deadline, context.awsRequestId);
};

export const handler = tracedHandler(handle);
