import { emailsOnList } from '#shared/data/guests/reads.ts';
import { createImportJob, finishImportJob, getImportJob } from '#shared/data/guests/import-jobs.ts';
import { loadEventAccess } from '#shared/data/events/access.ts';
import { newId } from '#shared/data/ids.ts';
import { guestLimitDetail, guestRoom } from '#shared/domain/guests/guest-limit.ts';
import { type ImportJob, type ImportRow, listedRows, type RejectedRow, uniqueRows } from '#shared/domain/guests/import-job.ts';
import { guestImportRequestedEvent } from '#shared/domain/guests/import-requested.ts';
import { putDomainEvents } from '#shared/events/bus.ts';
import { GuestLimitExceededError, NotFoundError, ServiceUnavailableError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { accepted, type HttpResult, ok } from '#shared/http/responses.ts';
import { guestImportParams } from '#shared/schemas/guests.ts';
import type { GuestLimit } from './add-guests.ts';

/**
 * A CSV import too large for one request (shared/domain/guests/import-job.ts): its checked rows are stored
 * with a queued job, `guests.import.requested` goes on the bus for the `guest-import` function, and the
 * answer is 202 with the job and its status URL. A file that cannot fit under the guest cap is refused
 * here (409) and nothing is stored.
 */
const importStatusUrl = (eventId: string, jobId: string) => `/api/events/${eventId}/guests/imports/${jobId}`;

/** Refuses a file whose new guests cannot fit; the emails already on the list are read only when it matters. */
async function ensureRoom(eventId: string, rows: ImportRow[], limit: GuestLimit): Promise<void> {
  const room = guestRoom(limit.guestCount, limit.max);
  if (rows.length <= room) return;
  const taken = await emailsOnList(eventId, rows.flatMap((row) => (row.draft.email ? [row.draft.email] : [])));
  const adding = rows.filter((row) => !(row.draft.email && taken.has(row.draft.email))).length;
  if (adding > room) throw new GuestLimitExceededError(guestLimitDetail(limit.max, limit.guestCount, adding));
}

export async function startBackgroundImport(input: { eventId: string; actorId: string; rows: number; good: ImportRow[]; rejected: RejectedRow[]; limit: GuestLimit }): Promise<HttpResult> {
  const { kept, duplicates } = uniqueRows(input.good);
  await ensureRoom(input.eventId, kept, input.limit);
  const at = new Date().toISOString();
  const job: ImportJob = {
    id: newId(), event_id: input.eventId, status: 'queued', rows: input.rows, total: kept.length, processed: 0, added: 0,
    skipped_count: duplicates.length, skipped: listedRows([], duplicates), rejected_count: input.rejected.length, rejected: listedRows([], input.rejected),
    error: null, created_by: input.actorId, created_at: at, updated_at: at, finished_at: null,
  };
  await createImportJob(job, kept);
  const request = guestImportRequestedEvent(job);
  const published = await putDomainEvents({ events: [request] }).catch(() => new Set<string>());
  if (!published.has(request.id)) {
    // Nothing would ever run it: the job says so, and the caller may send the file again.
    await finishImportJob(job, { status: 'failed', at, error: { code: 'not_started', detail: 'The import could not be started; send the file again.' } });
    throw new ServiceUnavailableError(5);
  }
  const answer = accepted(job);
  return { ...answer, headers: { ...answer.headers, Location: importStatusUrl(job.event_id, job.id) } };
}

/** GET /api/events/{id}/guests/imports/{jobId}: the job as it stands (planners who may read the guests). */
export const getGuestImport = operation({
  params: guestImportParams,
  session: 'with-first-read',
  handle: async ({ params, caller }) => {
    await loadEventAccess(caller, params.id, 'guests', 'read');
    const stored = await getImportJob(params.id, params.jobId);
    if (!stored) throw new NotFoundError('import');
    return ok(stored.job);
  },
});
