import { randomUUID } from 'node:crypto';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { config } from '#shared/config.ts';
import { type DayIndexedItem, dueOnDayPages, utcDay } from '#shared/data/due-items.ts';
import { createLogger } from '#shared/logger.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export type RemindersRun = { days: { day: string; due: number }[]; due: DayIndexedItem[] };

/**
 * Every 15 minutes: what is due today and tomorrow (UTC), read from the per-day index. Sending the
 * reminders comes with the reminders issue; for now the run counts and reports what it found.
 */
export async function runReminders(now: Date, requestId: string = randomUUID()): Promise<RemindersRun> {
  const days = [utcDay(now), utcDay(new Date(now.getTime() + DAY_MS))];
  const due: DayIndexedItem[] = [];
  const counts: RemindersRun['days'] = [];
  for (const day of days) {
    let count = 0;
    for await (const page of dueOnDayPages(day)) {
      due.push(...page);
      count += page.length;
    }
    counts.push({ day, due: count });
  }
  createLogger({ requestId, job: 'reminders' }, config().LOG_LEVEL).info('reminders checked', {
    runAt: now.toISOString(),
    days: counts,
    totalDue: due.length,
  });
  return { days: counts, due };
}

/** EventBridge's `time` is when the run was scheduled, so a retried run looks at the same days. */
export const handler = async (event: ScheduledEvent, context: Context): Promise<void> => {
  const scheduled = new Date(event.time);
  await runReminders(Number.isNaN(scheduled.getTime()) ? new Date() : scheduled, context.awsRequestId);
};
