import { randomUUID } from 'node:crypto';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { config } from '#shared/config.ts';
import { pendingAccountDeletions, purgeAccount } from '#shared/data/accounts/deletion.ts';
import { deleteUnverifiedAccount, dropUnverifiedMarker, type UnverifiedMarker, unverifiedMarkersOnDay } from '#shared/data/accounts/unverified.ts';
import { listActiveMembershipsOfUser } from '#shared/data/team/members.ts';
import { getUser } from '#shared/data/users.ts';
import { isEmailVerified } from '#shared/domain/accounts/verification.ts';
import { utcDay } from '#shared/domain/events/rules.ts';
import { createLogger } from '#shared/logger.ts';
import { tracedHandler } from '#shared/observability/tracer.ts';

/** Days back the job looks for due markers: a job down for up to a week still finds them. */
const LOOKBACK_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;
const SAFETY_MARGIN_MS = 30_000;

export type AccountsRun = { days: string[]; due: number; deleted: number; verified: number; gone: number; kept_with_events: number; unfinished: number };

/**
 * Hourly (and `npm run schedule:run -- accounts`): squatting expiry. Accounts whose email was not
 * verified within 7 days are deleted with their username and email claims, so the real owner can
 * register. Found by a Query per recent day of GSI2 `UNVERIFIED#<day>` (never a Scan). An account that
 * created an event or belongs to a team is kept (its marker dropped): deleting it would orphan planning
 * data, and such an account cannot mail guests while unverified. The clock is a parameter. The same job
 * finishes the deletions owners asked for (finishAccountDeletions).
 */
export async function runUnverifiedAccountExpiry(now: Date, deadline: number, requestId: string = randomUUID()): Promise<AccountsRun> {
  const days = Array.from({ length: LOOKBACK_DAYS + 1 }, (_, back) => utcDay(new Date(now.getTime() - (LOOKBACK_DAYS - back) * DAY_MS).toISOString()));
  const run: AccountsRun = { days, due: 0, deleted: 0, verified: 0, gone: 0, kept_with_events: 0, unfinished: 0 };
  const due: UnverifiedMarker[] = [];
  for (const day of days) {
    for await (const page of unverifiedMarkersOnDay(day)) due.push(...page.filter((marker) => Date.parse(marker.expires_at) <= now.getTime()));
  }
  run.due = due.length;
  for (const marker of due) {
    // Left for the next run, which finds the same markers again.
    if (Date.now() >= deadline) {
      run.unfinished += 1;
      continue;
    }
    await expire(marker, run);
  }
  createLogger({ requestId, job: 'accounts' }, config().LOG_LEVEL).info('unverified accounts expired', { runAt: now.toISOString(), ...run });
  return run;
}

async function expire(marker: UnverifiedMarker, run: AccountsRun): Promise<void> {
  const user = await getUser(marker.user_id);
  if (!user || isEmailVerified(user)) {
    run[user ? 'verified' : 'gone'] += 1;
    await dropUnverifiedMarker(marker.user_id);
    return;
  }
  if (Number(user.events_created ?? 0) > 0 || (await listActiveMembershipsOfUser(user.id)).length > 0) {
    run.kept_with_events += 1;
    await dropUnverifiedMarker(marker.user_id);
    return;
  }
  // 'changed': verified or created an event between the read and the delete; the next run decides.
  if ((await deleteUnverifiedAccount(user)) === 'deleted') run.deleted += 1;
}

export type DeletionsRun = { pending: number; finished: number; left: number };

/**
 * Finishes the account deletions their requests left (DELETE /api/auth/user answered `completed: false`,
 * or stopped half-way): each found by its marker (Query GSI2 `ACCOUNTDELETION`, never a Scan) and carried
 * on from where it stopped; what the deadline leaves, the next run finds again.
 */
export async function finishAccountDeletions(deadline: number, requestId: string = randomUUID()): Promise<DeletionsRun> {
  const run: DeletionsRun = { pending: 0, finished: 0, left: 0 };
  for await (const page of pendingAccountDeletions()) {
    for (const marker of page) {
      run.pending += 1;
      const outcome = Date.now() < deadline ? await purgeAccount(marker.user_id, deadline) : null;
      run[outcome?.completed ? 'finished' : 'left'] += 1;
    }
  }
  createLogger({ requestId, job: 'accounts' }, config().LOG_LEVEL).info('account deletions finished', { ...run });
  return run;
}

/** EventBridge's `time` is when the run was scheduled, so a retried run looks at the same days. */
const handle = async (event: ScheduledEvent, context: Context): Promise<AccountsRun & { deletions: DeletionsRun }> => {
  const scheduled = new Date(event.time);
  const deadline = Date.now() + Math.max(5_000, context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS);
  // The owners' own deletions first: they asked for them, and they hold events that are still visible to their teams.
  const deletions = await finishAccountDeletions(deadline, context.awsRequestId);
  const expiry = await runUnverifiedAccountExpiry(Number.isNaN(scheduled.getTime()) ? new Date() : scheduled, deadline, context.awsRequestId);
  return { ...expiry, deletions };
};

export const handler = tracedHandler(handle);
