import { config } from '#shared/config.ts';
import { emailsOnList } from '#shared/data/guests/reads.ts';
import { finishImportJob, getImportJob, getImportRows, type ImportStep, importCheckpoint, type StoredImportJob } from '#shared/data/guests/import-jobs.ts';
import { guestsAddedAudit, newGuestRecords } from '#shared/data/guests/new-guests.ts';
import { GUESTS_PER_TRANSACTION, insertGuestBatch } from '#shared/data/guests/writes.ts';
import { type PartyDirectory, partyDirectory, prepareImportParties } from '#shared/data/parties/import.ts';
import { TransactionConditionFailed, transact } from '#shared/data/transact.ts';
import { importedPartiesChange, rowsPerTransaction } from '#shared/domain/parties/import.ts';
import { guestLimitDetail, maxGuestCountBefore } from '#shared/domain/guests/guest-limit.ts';
import { crossesProgressMark, type ImportJob, type ImportRow, importJobMessage, listedRows, type SkippedRow } from '#shared/domain/guests/import-job.ts';
import { can } from '#shared/domain/permissions.ts';
import { pushToEventSubscribers } from '#shared/realtime/push.ts';

/**
 * Runs one import job from its checkpoint to the end, one transaction of up to 32 rows after another
 * (each moves the event's counters under the guest cap, so they cannot run side by side without
 * conflicting: functions/guests/add-guests.ts says why). Each transaction carries the job's checkpoint,
 * conditional on the offset this run read: a batch is written once whatever retries or second runs do,
 * and a run that finds the offset moved re-reads the job and carries on from there.
 */
type BatchResult = { kind: 'saved'; step: ImportStep } | { kind: 'moved_on' } | { kind: 'refused'; error: NonNullable<ImportJob['error']> };

/** Party conflicts (another import joining or making the same party) a batch is planned again for; then the run fails and is retried. */
const MAX_PARTY_ATTEMPTS = 20;

async function writeBatch(job: ImportJob, batch: ImportRow[], maxGuests: number, directory: PartyDirectory): Promise<BatchResult> {
  const at = new Date().toISOString();
  const taken = await emailsOnList(job.event_id, batch.flatMap((row) => (row.draft.email ? [row.draft.email] : [])));
  const skipped: SkippedRow[] = [];
  let candidates = batch.filter((row) => {
    if (!(row.draft.email && taken.has(row.draft.email))) return true;
    skipped.push({ line: row.line, email: row.draft.email, reason: 'already_on_list' });
    return false;
  });
  for (let conflicts = 0; ; ) {
    const fresh = await newGuestRecords(job.event_id, candidates, at);
    const planned = await prepareImportParties(directory, fresh.map((entry) => ({ ...entry, party: entry.party ?? null })), at);
    const guests = planned.rows.map(({ guest }) => guest);
    const full: SkippedRow[] = planned.full.map((row) => ({ line: row.line, email: row.draft.email ?? null, reason: 'party_full' }));
    const stepSkipped = [...skipped, ...full];
    const step: ImportStep = {
      from: job.processed, to: job.processed + batch.length, added: guests.length, skipped: stepSkipped, listedSkipped: listedRows(job.skipped, stepSkipped.toSorted((a, b) => a.line - b.line)), at,
    };
    const checkpoint = importCheckpoint(job, step);
    try {
      if (guests.length === 0) {
        await transact([checkpoint]);
        return { kind: 'saved', step };
      }
      const alsoWrite = [guestsAddedAudit(job.event_id, job.created_by, at, guests, importedPartiesChange(planned.joins)), ...planned.writes, checkpoint];
      const outcome = await insertGuestBatch(job.event_id, guests, alsoWrite, maxGuestCountBefore(maxGuests, guests.length));
      if (outcome.kind === 'saved') return { kind: 'saved', step };
      if (outcome.kind === 'event_gone') return { kind: 'refused', error: { code: 'not_found', detail: 'The event was deleted during the import.' } };
      if (outcome.kind === 'guest_limit') {
        return { kind: 'refused', error: { code: 'guest_limit_exceeded', detail: guestLimitDetail(maxGuests, outcome.guestCount, job.total - job.processed) } };
      }
      if (outcome.kind === 'also_refused') {
        if (outcome.failed.includes(alsoWrite.length - 1)) return { kind: 'moved_on' };
        // A party joined or made meanwhile by another import: read the names again and plan the batch again.
        conflicts += 1;
        if (conflicts >= MAX_PARTY_ATTEMPTS) throw new Error(`Import ${job.id}: the batch's parties kept changing (${conflicts} attempts)`);
        continue;
      }
      // Claimed since the read above by a concurrent add: skipped like the others, and the batch tried again.
      const lost = new Set(outcome.emails);
      for (const row of candidates.filter((entry) => entry.draft.email && lost.has(entry.draft.email))) skipped.push({ line: row.line, email: row.draft.email ?? null, reason: 'already_on_list' });
      candidates = candidates.filter((entry) => !(entry.draft.email && lost.has(entry.draft.email)));
    } catch (error) {
      if (error instanceof TransactionConditionFailed) return { kind: 'moved_on' };
      throw error;
    }
  }
}

/** The part holding row `offset` (parts start at the given offsets, ascending). */
const partOf = (starts: number[], offset: number): number => starts.findLastIndex((start) => start <= offset);

/** To the event's subscribers who may read its guests (best effort: a lost message is shown by the next, or by the status URL). */
const pushProgress = (job: ImportJob) => pushToEventSubscribers(job.event_id, (_event, permissions) => (can(permissions, 'guests', 'read') ? importJobMessage(job) : null));

export type ImportRunOutcome = { status: ImportJob['status'] | 'not_found'; processed: number; added: number; batches: number };

export async function runImportJob(eventId: string, jobId: string): Promise<ImportRunOutcome> {
  let stored: StoredImportJob | null = await getImportJob(eventId, jobId);
  if (!stored) return { status: 'not_found', processed: 0, added: 0, batches: 0 };
  let { job } = stored;
  const { partStarts } = stored;
  const maxGuests = config().MAX_GUESTS_PER_EVENT;
  let loaded = null as { part: number; rows: ImportRow[] } | null;
  let batches = 0;
  const directory = partyDirectory(eventId);
  const end = async (status: 'done' | 'failed', error?: ImportJob['error']): Promise<ImportRunOutcome> => {
    const at = new Date().toISOString();
    if (await finishImportJob(job, { status, at, ...(error ? { error } : {}) })) {
      job = { ...job, status, finished_at: at, updated_at: at, error: error ?? null };
      await pushProgress(job);
    }
    return { status, processed: job.processed, added: job.added, batches };
  };
  while (job.status === 'queued' || job.status === 'running') {
    if (job.processed >= job.total) return end('done');
    const part = partOf(partStarts, job.processed);
    if (loaded?.part !== part) {
      const rows = await getImportRows(eventId, jobId, part);
      if (!rows) return end('failed', { code: 'rows_expired', detail: 'The stored rows of this import expired before it finished; import the rest again.' });
      loaded = { part, rows };
    }
    const from = job.processed - (partStarts[part] ?? 0);
    const rest = loaded.rows.slice(from, from + GUESTS_PER_TRANSACTION);
    const batch = rest.slice(0, rowsPerTransaction(rest.map((row) => ({ email: row.draft.email, party: row.party ?? null })), GUESTS_PER_TRANSACTION));
    const result = await writeBatch(job, batch, maxGuests, directory);
    batches += 1;
    if (result.kind === 'saved') {
      const { step } = result;
      const before = job.processed;
      job = { ...job, status: 'running', processed: step.to, added: job.added + step.added, skipped_count: job.skipped_count + step.skipped.length, skipped: step.listedSkipped, updated_at: step.at };
      if (crossesProgressMark(before, job.processed) && job.processed < job.total) await pushProgress(job);
      continue;
    }
    // Refused or overtaken: what the table says now decides (a refusal seen by a run another one overtook is not this job's end).
    stored = await getImportJob(eventId, jobId);
    if (!stored) return { status: 'not_found', processed: job.processed, added: job.added, batches };
    const overtaken = stored.job.processed !== job.processed;
    job = stored.job;
    if (result.kind === 'refused' && !overtaken) return end('failed', result.error);
  }
  return { status: job.status, processed: job.processed, added: job.added, batches };
}
