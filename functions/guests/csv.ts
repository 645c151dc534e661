import { loadEventAccess } from '#shared/data/events/access.ts';
import { queryChildren } from '#shared/data/collection.ts';
import { listAllGuests } from '#shared/data/guests/reads.ts';
import { partyFromItem } from '#shared/data/parties/records.ts';
import { rsvpUrl } from '#shared/pages/links.ts';
import { MAX_IMPORT_ROWS, type ImportRow, type RejectedRow, SYNC_IMPORT_MAX_ROWS } from '#shared/domain/guests/import-job.ts';
import { BadRequestError, ValidationError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { createdMany, text } from '#shared/http/responses.ts';
import { fieldProblems } from '#shared/http/validate.ts';
import { idParam } from '#shared/schemas/common.ts';
import { csvBody, newGuestInput } from '#shared/schemas/guests.ts';
import { addGuests, guestLimitOf, type ImportedParty } from './add-guests.ts';
import { startBackgroundImport } from './import-job.ts';
import { presentWithInvitation } from './present.ts';

/** The CSV parser and writer are loaded by the two routes that use them, not at every cold start of the group. */
const guestCsv = () => import('#shared/domain/guests/csv.ts');

/**
 * POST /api/events/{id}/guests/import (text/csv): every row is checked; bad rows are reported by line
 * with all their problems and the good ones still go in. Only a file with no good row is a 400. Up to
 * SYNC_IMPORT_MAX_ROWS rows are added in the request (201 with each guest and its code, shown once); a
 * larger file (up to MAX_IMPORT_ROWS) becomes a background job (202 with its status URL, ./import-job.ts).
 */
export const importGuests = operation({
  params: idParam,
  body: csvBody,
  bodyType: 'csv',
  session: 'with-first-read',
  // Answers carry invitation codes shown once: a repeated Idempotency-Key replays them from a sealed copy.
  idempotency: 'sealed',
  handle: async ({ params, body, caller }) => {
    const { event } = await loadEventAccess(caller, params.id, 'guests', 'write');
    const { importPartyName, parseGuestCsv, rowToGuestInput } = await guestCsv();
    const parsed = parseGuestCsv(body);
    if ('problem' in parsed) {
      throw new BadRequestError('malformed_csv', `The CSV file cannot be read${parsed.problem.line ? ` (line ${parsed.problem.line})` : ''}: ${parsed.problem.message}`);
    }
    if (parsed.rows.length > MAX_IMPORT_ROWS) throw new ValidationError([{ path: 'body', message: `At most ${MAX_IMPORT_ROWS} rows per import` }]);
    const good: ImportRow[] = [];
    const rejected: RejectedRow[] = [];
    for (const row of parsed.rows) {
      const result = newGuestInput.safeParse(rowToGuestInput(row.fields));
      if (result.success) good.push({ line: row.line, draft: result.data, party: importPartyName(row.fields) });
      else rejected.push({ line: row.line, errors: fieldProblems(result.error) });
    }
    if (good.length === 0) {
      const errors = rejected.flatMap(({ line, errors: problems }) => problems.map((problem) => ({ path: `line ${line}.${problem.path}`, message: problem.message })));
      throw new ValidationError(errors.length ? errors : [{ path: 'body', message: 'The file has a header row but no guests' }]);
    }
    if (parsed.rows.length > SYNC_IMPORT_MAX_ROWS) {
      return startBackgroundImport({ eventId: params.id, actorId: caller.userId, rows: parsed.rows.length, good, rejected, limit: guestLimitOf(event) });
    }
    const { added, skipped, parties } = await addGuests(params.id, good.map(({ draft }) => draft), caller.userId, new Date(), guestLimitOf(event), good.map(({ party }) => party ?? null));
    return createdMany(
      added.map(({ guest, code, index }) => ({ ...presentWithInvitation(guest, code), line: good[index]?.line })),
      {
        added: added.length,
        skipped: skipped.map(({ index, ...rest }) => ({ line: good[index]?.line, ...rest })),
        rejected,
        parties: parties.map(presentImportedParty),
      },
      `/api/events/${params.id}/guests`,
    );
  },
});

/** A party the import made or joined; a new one's link code is shown once, as the guests' are. */
const presentImportedParty = (party: ImportedParty) => ({
  id: party.id, name: party.name, created: party.created, joined: party.joined,
  ...(party.code ? { invitation_code: party.code, rsvp_url: rsvpUrl(party.code) } : {}),
});

/** GET /api/events/{id}/guests/export: the whole list as CSV, formula-safe for spreadsheets; `party` names each guest's party, as import reads it. */
export const exportGuests = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller }) => {
    await loadEventAccess(caller, params.id, 'guests', 'read');
    const { guestsToCsv } = await guestCsv();
    const [guests, parties] = await Promise.all([listAllGuests(params.id), queryChildren('party', params.id)]);
    const partyNames = new Map(parties.map(partyFromItem).map((party) => [party.id, party.name]));
    const result = text(200, guestsToCsv(guests, partyNames), 'text/csv; charset=utf-8');
    return { ...result, headers: { ...result.headers, 'Content-Disposition': `attachment; filename="guests-${params.id}.csv"` } };
  },
});
