import * as z from 'zod';
import { importJobStatuses, MAX_IMPORT_ROWS, ROW_REPORTS_LISTED, SYNC_IMPORT_MAX_ROWS } from '../domain/guests/import-job.ts';
import { languages } from '../i18n/languages.ts';
import { rsvpStatuses } from '../domain/guests/rules.ts';
import { subEventStatuses } from '../domain/sub-events/rules.ts';
import { idParam } from '../schemas/common.ts';
import { addGuestsBody, csvBody, guestImportParams, listGuestsQuery, updateGuestBody } from '../schemas/guests.ts';
import { purgeGuestsBody } from '../schemas/privacy.ts';
import { rsvpAnswerBody } from '../schemas/rsvp.ts';
import { createdMany, id, many, one, timestamp, version } from './envelopes.ts';
import { PARTIAL_UPDATE_NOTE, versionedDelete, versionedUpdate } from './entries.ts';
import { SEND_QUOTA_WHEN, SEND_REQUIRES_VERIFIED } from './invitations.ts';
import type { GroupContract } from './operation-contract.ts';
import { questionsContract, storedAnswers } from './questions.ts';
import { subEventsContract } from './sub-events.ts';

/** How the API shows guests to the planning team (functions/guests/present.ts): never the code's hash. */
const guestFields = {
  id,
  event_id: id,
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  dietary_restrictions: z.array(z.string()),
  special_needs: z.string().nullable(),
  plus_one_allowed: z.boolean(),
  plus_one_limit: z.number().int(),
  plus_one_count: z.number().int(),
  party_name: z.string().nullable(),
  party_id: id.nullable().meta({ description: 'The party (household) the guest answers with, if any' }),
  plus_ones: z.array(z.strictObject({ name: z.string(), dietary_restrictions: z.array(z.string()) })).meta({ description: 'The plus-ones named on the RSVP page' }),
  notes: z.string().nullable(),
  language: z.enum(languages).nullable().meta({ description: 'The language of this guest\'s emails and RSVP page; null: the event\'s default_language' }),
  rsvp_status: z.enum(rsvpStatuses),
  rsvp_date: timestamp.nullable(),
  rsvp_note: z.string().nullable(),
  answers: storedAnswers,
  waitlisted_at: timestamp.nullable(),
  invited_at: timestamp.nullable(),
  opened_at: timestamp.nullable(),
  invitation_sent: z.boolean().meta({ description: 'An invitation was sent (invited_at is set)' }),
  invitation_opened: z.boolean().meta({ description: 'The invitation was opened (opened_at is set)' }),
  created_at: timestamp,
  updated_at: timestamp,
  version,
};

const guestExample = {
  id: '01JD3M8W6ZQ4V7N2K5T9X1B3C8#01JD3MA2F0S9R6P3M1K8H4D2E7', event_id: '01JD3M8W6ZQ4V7N2K5T9X1B3C8', name: 'Mary Somerville', email: 'mary@example.com',
  phone: null, dietary_restrictions: ['vegetarian'], special_needs: null, plus_one_allowed: true, plus_one_limit: 1, plus_one_count: 0, party_name: null, party_id: null, plus_ones: [],
  notes: null, language: 'fr', rsvp_status: 'pending', rsvp_date: null, rsvp_note: null, answers: {}, waitlisted_at: null, invited_at: null, opened_at: null, invitation_sent: false, invitation_opened: false,
  created_at: '2026-11-24T09:30:00.000Z', updated_at: '2026-11-24T09:30:00.000Z', version: 1,
};

export const guestSchema = z.strictObject(guestFields).meta({ id: 'Guest', example: guestExample });
/** One guest read alone (GET /api/guests/{id}): with their sub-event answers (docs/sub-events.md, "On the planner's routes"). */
const guestWithSubEvents = z.strictObject({
  ...guestFields,
  sub_events: z.array(z.strictObject({
    id,
    status: z.enum(subEventStatuses),
    headcount: z.number().int().meta({ description: 'Seats this answer holds or waits for (the guest and their plus-ones)' }),
  })).meta({ description: "The sub-events the guest is invited to, by sub-event id, with their answer to each (empty when the event has none); their time and place: GET /api/guests/{id}/sub-events" }),
}).meta({ id: 'GuestWithSubEvents' });

const invitationFields = {
  invitation_code: z.string().meta({ description: 'Shown once: only its hash is kept' }),
  rsvp_url: z.string().meta({ description: 'The RSVP page of this guest', example: 'https://app.example.com/rsvp/k3J9...' }),
};
const guestWithInvitation = z.strictObject({ ...guestFields, ...invitationFields }).meta({ id: 'GuestWithInvitation' });

const skippedGuest = z.strictObject({
  email: z.string().nullable().optional(),
  reason: z.enum(['duplicate_in_request', 'already_on_list']),
});

/** A skipped row of a CSV import: also `party_full`, a row whose party already has its 12 members (not added). */
const skippedRow = z.strictObject({
  line: z.number().int(),
  email: z.string().nullable().optional(),
  reason: z.enum(['duplicate_in_request', 'already_on_list', 'party_full']),
});

const importedParty = z.strictObject({
  id,
  name: z.string(),
  created: z.boolean().meta({ description: 'Made by this import (no party of that name before)' }),
  joined: z.number().int().meta({ description: 'Guests of this import that joined it' }),
  invitation_code: z.string().optional().meta({ description: "A new party's link code, shown once" }),
  rsvp_url: z.string().optional().meta({ description: "A new party's RSVP page" }),
}).meta({ id: 'ImportedParty' });

const GUEST_LIMIT_WHEN = 'the guests would take the event past MAX_GUESTS_PER_EVENT (10,000 unless configured); nothing is added, and the detail says how many still fit (a request of more than 32 guests that a concurrent add squeezed out part-way says how many of its guests were added)';

const purgeCounts = z
  .strictObject({ guests: z.number().int(), invitation_rows: z.number().int(), audit_entries: z.number().int(), notices: z.number().int(), sent_records: z.number().int() })
  .meta({ id: 'PurgeCounts', description: 'What was purged by this call' });

const rowProblems = z.array(z.strictObject({ path: z.string(), message: z.string() }));

const importJobExample = {
  id: '01JD3M8W6ZQ4V7N2K5T9X1B3D1', event_id: '01JD3M8W6ZQ4V7N2K5T9X1B3C8', status: 'running', rows: 10000, total: 9990, processed: 4032, added: 4025,
  skipped_count: 12, skipped: [{ line: 17, email: 'mary@example.com', reason: 'duplicate_in_request' }], rejected_count: 10,
  rejected: [{ line: 9, errors: [{ path: 'email', message: 'Invalid email address' }] }], error: null, created_by: '01JD3M8W6ZQ4V7N2K5T9X1B3C0',
  created_at: '2026-11-24T09:30:00.000Z', updated_at: '2026-11-24T09:30:21.000Z', finished_at: null,
};

/** A background guest import (shared/domain/guests/import-job.ts). */
const guestImportJob = z.strictObject({
  id,
  event_id: id,
  status: z.enum(importJobStatuses),
  rows: z.number().int().meta({ description: 'Data rows in the file' }),
  total: z.number().int().meta({ description: 'Rows to add: the good rows, without those repeating an earlier row\'s email' }),
  processed: z.number().int().meta({ description: 'Rows gone through so far (added or skipped)' }),
  added: z.number().int(),
  skipped_count: z.number().int(),
  skipped: z.array(skippedRow).meta({ description: `The first ${ROW_REPORTS_LISTED} skipped rows` }),
  rejected_count: z.number().int(),
  rejected: z.array(z.strictObject({ line: z.number().int(), errors: rowProblems })).meta({ description: `The first ${ROW_REPORTS_LISTED} rejected rows` }),
  error: z.strictObject({ code: z.string(), detail: z.string() }).nullable().meta({ description: 'Why a failed job stopped (guest_limit_exceeded, not_found: the event was deleted, rows_expired, not_started)' }),
  created_by: id,
  created_at: timestamp,
  updated_at: timestamp,
  finished_at: timestamp.nullable(),
}).meta({ id: 'GuestImportJob', example: importJobExample });

const guestCsvExample = 'name,email,dietary_restrictions,plus_one_allowed\nMary Somerville,mary@example.com,vegetarian,true\n';

export const guestsContract: GroupContract = {
  listGuests: {
    params: idParam,
    query: listGuestsQuery,
    responses: {
      200: {
        description: 'A page of guests with the list totals, the expected headcount and the dietary summary',
        schema: many(guestSchema, {
          totals: z.strictObject({
            guests: z.number().int(), pending: z.number().int(), yes: z.number().int(), no: z.number().int(), maybe: z.number().int(), waitlisted: z.number().int(),
          }),
          expected_headcount: z.number().int().meta({ description: 'Attending guests and their plus-ones' }),
          capacity: z.number().int().nullable(),
          dietary_summary: z.record(z.string(), z.number().int()).meta({ description: 'Guests per dietary restriction', example: { vegetarian: 3 } }),
        }),
      },
    },
  },
  addGuests: {
    params: idParam,
    body: {
      schema: addGuestsBody,
      example: { guest_list: [{ name: 'Mary Somerville', email: 'mary@example.com', dietary_restrictions: ['vegetarian'], plus_one_allowed: true }], send_invitations: false },
      description: 'Up to 1,000 guests in `guest_list` (one guest object alone is accepted too); `household` and `party` are aliases of party_name, `plus_one` of plus_one_allowed (true: one seat); unknown fields are a 400, answered ones are ignored',
    },
    responses: {
      201: {
        description: 'The guests added, each with its invitation code (shown once); duplicates of an email are skipped',
        schema: createdMany(guestWithInvitation, {
          added: z.number().int(),
          skipped: z.array(skippedGuest.extend({ index: z.number().int() })),
          invitations_queued: z.number().int(),
          invitation_batch_id: z.string().nullable(),
        }),
        headers: { Location: 'The guest list: /api/events/{id}/guests' },
      },
    },
    problemCodes: {
      403: { email_verification_required: `with send_invitations: ${SEND_REQUIRES_VERIFIED}; nobody is added` },
      409: { guest_limit_exceeded: GUEST_LIMIT_WHEN },
      429: { sending_quota_exceeded: `with send_invitations: checked before anyone is added, counting every new guest with an email; ${SEND_QUOTA_WHEN}` },
    },
  },
  importGuests: {
    params: idParam,
    body: { schema: csvBody, mediaType: 'text/csv', example: guestCsvExample, description: `A header row, then one guest per line (at most ${MAX_IMPORT_ROWS.toLocaleString('en')}; up to ${SYNC_IMPORT_MAX_ROWS} added in the request, more in the background); a \`party\` column joins each guest to the event's party of that name, made once if absent` },
    responses: {
      201: {
        description: 'The guests added (with the CSV line of each), the skipped and the rejected lines',
        schema: createdMany(z.strictObject({ ...guestFields, ...invitationFields, line: z.number().int() }), {
          added: z.number().int(),
          skipped: z.array(skippedRow),
          rejected: z.array(z.strictObject({ line: z.number().int(), errors: z.array(z.strictObject({ path: z.string(), message: z.string() })) })),
          parties: z.array(importedParty).meta({ description: "The parties the rows' `party` column named: joined, or made once when the event had none of that name" }),
        }),
        headers: { Location: 'The guest list: /api/events/{id}/guests' },
      },
      202: {
        description: `A file of more than ${SYNC_IMPORT_MAX_ROWS} rows: its checked rows are stored and added in the background; the job shows progress (also pushed to the event's WebSocket subscribers as guests.import.progress and guests.import.done). The new guests' codes are not shown: invitations send them, or a link is reissued`,
        schema: one(guestImportJob),
        headers: { Location: 'The job: /api/events/{id}/guests/imports/{jobId}' },
      },
    },
    problemCodes: { 409: { guest_limit_exceeded: `${GUEST_LIMIT_WHEN}; a background import is refused before anything is stored` } },
  },
  getGuestImport: {
    params: guestImportParams,
    responses: { 200: { description: 'The background import as it stands', schema: one(guestImportJob) } },
  },
  exportGuests: {
    params: idParam,
    responses: {
      200: {
        description: 'The whole guest list as CSV (the columns import reads)',
        schema: z.string().meta({ example: guestCsvExample }),
        mediaType: 'text/csv',
        headers: { 'Content-Disposition': 'attachment; filename="guests-{id}.csv"' },
      },
    },
  },
  getGuest: {
    params: idParam,
    responses: { 200: { description: 'The guest with their sub-event answers', schema: one(guestWithSubEvents) } },
  },
  updateGuest: versionedUpdate(
    { schema: updateGuestBody, example: { plus_one_count: 1, notes: 'Table 4', version: 1 }, description: `${PARTIAL_UPDATE_NOTE}; \`plus_one\` is an alias of plus_one_allowed, \`household\`/\`party\` of party_name` },
    { description: 'The changed guest', schema: one(guestSchema) },
  ),
  deleteGuest: versionedDelete('Removed from the list'),
  reissueInvitationLink: {
    params: idParam,
    responses: { 200: { description: 'The guest with a fresh code; the old link stops working', schema: one(guestWithInvitation) } },
  },
  recordGuestRsvp: {
    params: idParam,
    body: {
      schema: rsvpAnswerBody,
      example: { status: 'yes', plus_one_count: 1, dietary_restrictions: ['vegetarian'], sub_events: { '01JD3M8W6ZQ4V7N2K5T9X1B3C9': 'yes' } },
      description: '`attending` / `not_attending` are accepted for yes / no; sub_events answer only the sub-events the guest is invited to (any other is a 400 naming it, before anything is written)',
    },
    responses: { 200: { description: 'The guest with the answer (waitlisted when the event is full and has a waitlist)', schema: one(guestSchema) } },
    problems: [409],
  },
  ...questionsContract,
  ...subEventsContract,
  purgeGuests: {
    params: idParam,
    body: {
      schema: purgeGuestsBody,
      optional: true,
      example: { force: false },
      description: 'force: true purges before the event has ended; no body means false',
    },
    responses: {
      200: {
        description: "Done: the guests' personal data is gone, the counts stay",
        schema: one(z.strictObject({ event_id: id, status: z.literal('done'), guest_data_purged_at: timestamp, purged: purgeCounts })),
      },
      202: {
        description: 'Too large for one request: the daily privacy job finishes it (calling again goes on at once)',
        schema: one(z.strictObject({ event_id: id, status: z.literal('in_progress'), purged: purgeCounts })),
      },
    },
  },
};
