import { config } from '#shared/config.ts';
import { claimOutboxEntry, type DueOutboxEntry, dueOutboxPages, type OutboxEntry } from '#shared/data/outbox.ts';
import type { Logger } from '#shared/logger.ts';
import { sendAccountMail } from './account-mail-sender.ts';
import { publishDomainEvents } from './domain-event-publisher.ts';
import { sendInvitationBatch } from './invitation-sender.ts';
import { sendNotice } from './notice-sender.ts';
import { emptyRun, type SenderRun } from './run-summary.ts';

/**
 * One run of the sender: every outbox entry due by now (notices, invitation batches, account mails, and audit entries
 * whose domain events the publisher after their commit did not get onto the bus), oldest first, each taken under a lease so runs
 * that overlap (the schedule, an async wake-up, `npm run schedule:run`) never work on the same entry.
 * One entry failing unexpectedly (DynamoDB down) is logged and left to its lease's expiry; the others go on.
 * A read of the index that fails past the SDK's retries (one shard of 33, throttled) ends the run with what
 * it did, counted as an error: nothing is lost, the next run reads the index again.
 *
 * The lease (OUTBOX_LEASE_SECONDS) outlasts the function's timeout, and a run stops taking work at half
 * of it, so a run that dies holding one cannot race its successor: the entry is picked up again once
 * the lease expires.
 */
const ENTRIES_IN_PARALLEL = 4;

export async function runOutbox(input: { now: Date; deadline: number; log: Logger }): Promise<SenderRun> {
  const leaseMs = config().OUTBOX_LEASE_SECONDS * 1000;
  const options = { ...input, leaseMs, deadline: Math.min(input.deadline, Date.now() + leaseMs / 2) };
  const run = emptyRun();
  try {
    for await (const page of dueOutboxPages(options.now)) {
      // The pages come oldest first: the first entry of the first is the oldest due.
      run.oldest_pending_age_seconds ??= page[0] ? secondsLate(page[0], options.now) : null;
      run.due_entries += page.length;
      for (let start = 0; start < page.length; start += ENTRIES_IN_PARALLEL) {
        if (Date.now() > options.deadline) return run;
        // runEntry catches what goes wrong with one entry: what reaches the catch below is the index read.
        await Promise.all(page.slice(start, start + ENTRIES_IN_PARALLEL).map((entry) => runEntry(entry, run, options)));
      }
    }
    run.oldest_pending_age_seconds ??= 0;
  } catch (error) {
    run.errors += 1;
    options.log.error('outbox index read failed; the next run reads it again', { name: (error as Error).name, message: (error as Error).message });
  }
  return run;
}

const secondsLate = (entry: DueOutboxEntry, now: Date): number => Math.max(0, Math.floor((now.getTime() - Date.parse(entry.dueAt)) / 1000));

async function runEntry(entry: OutboxEntry, run: SenderRun, options: { now: Date; deadline: number; leaseMs: number; log: Logger }): Promise<void> {
  try {
    const claimed = await claimOutboxEntry(entry, options.now, options.leaseMs);
    if (!claimed) {
      run.entries_busy += 1;
      return;
    }
    run.entries_taken += 1;
    if (entry.kind === 'NOTICE') await sendNotice(entry, claimed, { now: options.now, run });
    else if (entry.kind === 'DOMAINEVENT') await publishDomainEvents(entry, claimed, run);
    else if (entry.kind === 'ACCOUNTMAIL') await sendAccountMail(entry, claimed, { now: options.now, run });
    else await sendInvitationBatch(entry, claimed, { now: options.now, deadline: options.deadline, run });
  } catch (error) {
    run.errors += 1;
    options.log.error('outbox entry failed; retried when its lease expires', { entry, message: error instanceof Error ? error.message : String(error) });
  }
}
