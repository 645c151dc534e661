import type { FieldProblem } from '../../http/errors.ts';
import type { GuestImportMessage } from '../../realtime/messages.ts';
import type { GuestDraft } from '../../schemas/guests.ts';

/**
 * Background guest imports (issue 15): a CSV of more than SYNC_IMPORT_MAX_ROWS rows is checked in the
 * request, its good rows stored with a job, and added by the `guest-import` function in transactions of
 * up to 32 guests, each of which also moves the job's `processed` offset on, conditionally on where it
 * was, so a retried or redriven run resumes where the last committed batch left off and adds nobody twice.
 */

/** Files up to this many rows are added in the request, as before (201 with every guest and its code). */
export const SYNC_IMPORT_MAX_ROWS = 500;

/** Rows one file may hold: the guest cap (MAX_GUESTS_PER_EVENT's default), so one file can fill an event. */
export const MAX_IMPORT_ROWS = 10_000;

/** Skipped and rejected rows listed on the job (each counted in full): a bounded item, enough to fix a file. */
export const ROW_REPORTS_LISTED = 100;

/** A progress message at most once per this many rows (a push reads the subscribers and the event). */
const PROGRESS_EVERY_ROWS = 1_000;

export const importJobStatuses = ['queued', 'running', 'done', 'failed'] as const;
export type ImportJobStatus = (typeof importJobStatuses)[number];

/** A checked row; `party` the party its `party` cell names (docs/guest-import.md, "Parties"). */
export type ImportRow = { line: number; draft: GuestDraft; party?: string | null };
export type SkippedRow = { line: number; email: string | null; reason: 'duplicate_in_request' | 'already_on_list' | 'party_full' };
export type RejectedRow = { line: number; errors: FieldProblem[] };

export type ImportJob = {
  id: string;
  event_id: string;
  status: ImportJobStatus;
  /** Data rows in the file. */
  rows: number;
  /** Rows to add (good and unique in the file): the stored rows the worker goes through. */
  total: number;
  /** Stored rows gone through so far (added or skipped): the checkpoint a retry resumes from. */
  processed: number;
  added: number;
  skipped_count: number;
  skipped: SkippedRow[];
  rejected_count: number;
  rejected: RejectedRow[];
  /** Why a job failed: the guest cap reached meanwhile, or the event deleted. */
  error: { code: string; detail: string } | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
};

/** The first rows of each part (ascending): a part holds what fits in one item, so sizes vary. */
export type RowParts = number[];

/**
 * The file's checked rows split for the job: rows not duplicating an earlier row's email (case-insensitive,
 * as the list's claims compare them) are kept; duplicates are skipped rows from the start.
 */
export function uniqueRows(rows: ImportRow[]): { kept: ImportRow[]; duplicates: SkippedRow[] } {
  const seen = new Set<string>();
  const kept: ImportRow[] = [];
  const duplicates: SkippedRow[] = [];
  for (const row of rows) {
    const email = row.draft.email?.toLowerCase();
    if (email && seen.has(email)) duplicates.push({ line: row.line, email: row.draft.email ?? null, reason: 'duplicate_in_request' });
    else {
      if (email) seen.add(email);
      kept.push(row);
    }
  }
  return { kept, duplicates };
}

/** Rows to list on the job: those already listed, then new ones while there is room. */
export const listedRows = <T>(listed: T[], more: T[]): T[] => [...listed, ...more].slice(0, ROW_REPORTS_LISTED);

/** Whether going from `before` to `after` processed rows crosses a progress mark. */
export const crossesProgressMark = (before: number, after: number): boolean => Math.floor(before / PROGRESS_EVERY_ROWS) !== Math.floor(after / PROGRESS_EVERY_ROWS);

/** The WebSocket message a job's subscribers get as it goes (`guests.import.progress`) and when it ends. */
export function importJobMessage(job: ImportJob): GuestImportMessage {
  const finished = job.status === 'done' || job.status === 'failed';
  return {
    type: finished ? 'guests.import.done' : 'guests.import.progress',
    event_id: job.event_id, job_id: job.id, status: job.status, processed: job.processed, total: job.total, added: job.added, skipped: job.skipped_count,
  };
}
