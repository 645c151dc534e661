/**
 * Rules of delivery shared by every outbox sender path: when to try again after a failure, when to give
 * up, and what a batch's status is from its rows.
 */
export type InvitationRowStatus = 'queued' | 'sent' | 'failed' | 'retry' | 'skipped';
export type BatchStatus = 'scheduled' | 'sending' | 'sent' | 'partially_failed';

/** Tries per recipient (and per notice) before a transient failure counts as final: about a day. */
export const MAX_SEND_ATTEMPTS = 12;

/** Full-jitter exponential backoff from one minute, capped at four hours (the schedule runs every minute). */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(4 * 3_600_000, 60_000 * 2 ** Math.max(0, attempt - 1));
  return 60_000 + Math.floor(random() * ceiling);
}

/** A batch with nothing queued or retrying left is finished: sent, or partially failed when any row failed. */
export function finishedBatchStatus(counts: Record<InvitationRowStatus, number>): BatchStatus | null {
  if (counts.queued > 0 || counts.retry > 0) return null;
  return counts.failed > 0 ? 'partially_failed' : 'sent';
}

export function countRows(rows: Array<{ status: InvitationRowStatus }>): Record<InvitationRowStatus, number> {
  const counts: Record<InvitationRowStatus, number> = { queued: 0, sent: 0, failed: 0, retry: 0, skipped: 0 };
  for (const row of rows) counts[row.status] += 1;
  return counts;
}

/**
 * A row claimed for a send that was never recorded (the sender died between SES and the record, or SES
 * failed in a way that may still have sent) is in doubt until SES's Send event had time to arrive and mark
 * it sent: it is not sent again before `sending_at + grace`. Past that, SES never accepted it.
 */
export function sendInDoubt(row: { sending_at?: string }, now: Date, graceMs: number): boolean {
  return row.sending_at !== undefined && Date.parse(row.sending_at) + graceMs > now.getTime();
}

/**
 * When an unfinished batch is worth running again: the earliest moment one of its pending rows can be
 * sent. A row in doubt waits out its grace; a row that failed transiently also its backoff (`retryAt`).
 */
export function nextBatchRunAt(pending: Array<{ status: InvitationRowStatus; sending_at?: string }>, timing: { now: Date; retryAt: Date; graceMs: number }): Date {
  const { retryAt, graceMs } = timing;
  const times = pending.map((row) => {
    const graceEnds = row.sending_at ? Date.parse(row.sending_at) + graceMs : 0;
    return Math.max(graceEnds, row.status === 'retry' ? retryAt.getTime() : 0);
  });
  return new Date(Math.max(timing.now.getTime(), Math.min(...times)));
}
