/** What one run of the reminders job did, for its log line and for tests. */
export type RemindersRun = {
  /** Items found per day partition read (of every type), by day. */
  days: { day: string; due: number }[];
  sent: { due_soon: number; overdue: number; digest: number; rsvp_reminder: number; day_before: number; sub_event_day_before: number; payment_due_soon: number; payment_overdue: number };
  /** Owed but recorded by an earlier run (or a concurrent one). */
  already_sent: number;
  /** Owed by the index but no longer true when written (item done or moved, event gone). */
  stale: number;
};

export const emptyRun = (): RemindersRun => ({ days: [], sent: { due_soon: 0, overdue: 0, digest: 0, rsvp_reminder: 0, day_before: 0, sub_event_day_before: 0, payment_due_soon: 0, payment_overdue: 0 }, already_sent: 0, stale: 0 });

/** Runs `work` over `values`, at most `limit` at a time, so one page's writes overlap without flooding. */
export async function inBatches<T>(values: T[], limit: number, work: (value: T) => Promise<void>): Promise<void> {
  for (let start = 0; start < values.length; start += limit) await Promise.all(values.slice(start, start + limit).map(work));
}
