import { randomUUID } from 'node:crypto';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { config } from '#shared/config.ts';
import { budgetChangesOnDayPages, utcDay } from '#shared/data/due-items.ts';
import { createLogger } from '#shared/logger.ts';

const HOUR_MS = 60 * 60 * 1000;

export type OverspendRun = { days: string[]; budgetChanges: number };

/**
 * Every hour: the budget changes of the past hour's days (UTC), read from the per-day index. Comparing
 * budgets and sending alerts comes with the overspend issue; for now the run counts what it would check.
 */
export async function runOverspendCheck(now: Date, requestId: string = randomUUID()): Promise<OverspendRun> {
  // Just after midnight the past hour spans yesterday too; a Set keeps one day when it does not.
  const days = [...new Set([utcDay(new Date(now.getTime() - HOUR_MS)), utcDay(now)])];
  let budgetChanges = 0;
  for (const day of days) {
    for await (const page of budgetChangesOnDayPages(day)) budgetChanges += page.length;
  }
  createLogger({ requestId, job: 'overspend' }, config().LOG_LEVEL).info('overspend check ran', {
    runAt: now.toISOString(),
    days,
    budgetChanges,
  });
  return { days, budgetChanges };
}

/** EventBridge's `time` is when the run was scheduled, so a retried run looks at the same days. */
export const handler = async (event: ScheduledEvent, context: Context): Promise<void> => {
  const scheduled = new Date(event.time);
  await runOverspendCheck(Number.isNaN(scheduled.getTime()) ? new Date() : scheduled, context.awsRequestId);
};
