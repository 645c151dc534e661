/** What one sender run did, returned by the handler (and printed by `npm run schedule:run -- outbox`). */
export type SenderRun = {
  entries_taken: number;
  entries_busy: number;
  invitations_sent: number;
  notice_emails_sent: number;
  /** Mails to accounts (password reset, ...). */
  account_emails_sent: number;
  skipped: number;
  failures: number;
  duplicates_detected: number;
  /** Audit entries whose domain events this run put on the bus (missed right after their commit). */
  domain_events_published: number;
  errors: number;
  /**
   * How late the oldest entry due at the run's start was, in seconds: 0 when nothing was due, null when
   * the index could not be read. The outbox's backlog alarm watches it (metric OutboxOldestAgeSeconds).
   */
  oldest_pending_age_seconds: number | null;
  /**
   * Entries due that the run read (metric OutboxBacklog): all that were due, unless it stopped at its
   * deadline before reading every page.
   */
  due_entries: number;
};

export const emptyRun = (): SenderRun => ({
  entries_taken: 0, entries_busy: 0, invitations_sent: 0, notice_emails_sent: 0, account_emails_sent: 0, skipped: 0, failures: 0, duplicates_detected: 0, domain_events_published: 0, errors: 0, oldest_pending_age_seconds: null, due_entries: 0,
});
