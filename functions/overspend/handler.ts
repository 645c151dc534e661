import { randomUUID } from 'node:crypto';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { config } from '#shared/config.ts';
import { reconcileBudgetAlerts } from '#shared/data/budget/alerts.ts';
import { budgetChangesOnDayPages } from '#shared/data/due-items.ts';
import { utcDay } from '#shared/domain/events/rules.ts';
import { createLogger } from '#shared/logger.ts';
import { schedules } from '#shared/routes.ts';
import { tracedHandler } from '#shared/observability/tracer.ts';

const MINUTE_MS = 60 * 1000;
const INTERVAL_MS = (schedules.find((schedule) => schedule.name === 'overspend')?.everyMinutes ?? 60) * MINUTE_MS;
/** Two intervals: a run that failed (or ran late) is covered by the next one. Judging twice is harmless. */
const LOOKBACK_MS = 2 * INTERVAL_MS;

/** Who recorded an alert the job found (the audit and notices name an actor). */
export const OVERSPEND_ACTOR = 'system:overspend';

export type OverspendRun = {
  days: string[];
  /** Change markers read from the per-day index. */
  budgetChanges: number;
  eventsChecked: number;
  alertsRecorded: number;
  alertsCleared: number;
};

/**
 * Every hour: the events whose budget changed within the lookback, from the per-day index of change
 * markers (GSI2 `BUDGETCHANGE#<day>#<shard>`, every shard read; one marker per event and day carrying the latest change time),
 * never a Scan. Each is judged in full against every line; a line newly crossed is recorded once with
 * its outbox notice, a line dropped back is cleared so the next crossing alerts again.
 */
export async function runOverspendCheck(now: Date, requestId: string = randomUUID()): Promise<OverspendRun> {
  const since = new Date(now.getTime() - LOOKBACK_MS);
  const days = [...new Set([utcDay(since.toISOString()), utcDay(now.toISOString())])];
  const eventIds = new Set<string>();
  let budgetChanges = 0;
  for (const day of days) {
    for await (const page of budgetChangesOnDayPages(day)) {
      budgetChanges += page.length;
      for (const marker of page) {
        if (typeof marker.event_id === 'string' && typeof marker.changed_at === 'string' && marker.changed_at >= since.toISOString()) {
          eventIds.add(marker.event_id);
        }
      }
    }
  }
  const run: OverspendRun = { days, budgetChanges, eventsChecked: 0, alertsRecorded: 0, alertsCleared: 0 };
  for (const eventId of eventIds) {
    const result = await reconcileBudgetAlerts(eventId, 'all', OVERSPEND_ACTOR, now);
    run.eventsChecked += 1;
    run.alertsRecorded += result.recorded.length;
    run.alertsCleared += result.cleared.length;
  }
  createLogger({ requestId, job: 'overspend' }, config().LOG_LEVEL).info('overspend check ran', { runAt: now.toISOString(), ...run });
  return run;
}

/** EventBridge's `time` is when the run was scheduled, so a retried run looks at the same days. */
const handle = async (event: ScheduledEvent, context: Context): Promise<OverspendRun> => {
  const scheduled = new Date(event.time);
  return runOverspendCheck(Number.isNaN(scheduled.getTime()) ? new Date() : scheduled, context.awsRequestId);
};

export const handler = tracedHandler(handle);
