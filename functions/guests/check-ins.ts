import { randomBytes } from 'node:crypto';
import { checkInCodeKeys } from '#shared/auth/check-in-code-key.ts';
import { doorListPage, guestsOfEvent, recordCheckIn, replaceCheckInNonce } from '#shared/data/check-in/check-ins.ts';
import { loadChildAccess, loadEventAccess, loadEventAccessWithItems } from '#shared/data/events/access.ts';
import { guestSeatFromItem, seatOfGuestKey, seatsOfGuestsByGuest } from '#shared/data/seating/tables.ts';
import type { EventRecord } from '#shared/domain/events/rules.ts';
import { guestFromItem, guestKey } from '#shared/data/guests/reads.ts';
import { listQuestions } from '#shared/data/questions/records.ts';
import { checkInCode, guestIdOfCheckInCode } from '#shared/domain/check-in/code.ts';
import { choicesForTheDoor, decideScan, doorCounts, isReplayOf, type Scan } from '#shared/domain/check-in/scan.ts';
import type { GuestRecord } from '#shared/domain/guests/rules.ts';
import type { QuestionRecord } from '#shared/domain/questions/definitions.ts';
import { forEachWithConcurrency } from '#shared/concurrency.ts';
import { ConflictError, HttpError, NotFoundError, VersionConflictError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { list, ok } from '#shared/http/responses.ts';
import { pushDoorCounts } from '#shared/realtime/door-counts.ts';
import { checkInBatchBody, checkInListQuery, checkInScanBody } from '#shared/schemas/check-in.ts';
import { idParam } from '#shared/schemas/common.ts';

/**
 * Check-in at the door (docs/check-in.md): one scan, a door device's offline batch, the door list of
 * names, and a guest's new code (the old one revoked). Door staff (role `door`) hold `check_in` write and
 * nothing else; a planner revokes a code with guests write.
 */

/** Another event's code, a revoked one and garbage get this one answer, which says nothing more. */
class UnknownCheckInCodeError extends HttpError {
  constructor() {
    super(404, 'check_in_code_unknown', 'Not found', 'No guest of this event has this check-in code.');
  }
}

/** A guest's attempts to record when another write to the same guest lands in between (a version conflict). */
const WRITE_ATTEMPTS = 3;
/** Guests checked in at once from one batch: each is its own small transaction. */
const BATCH_CONCURRENCY = 8;

type Outcome = 'checked_in' | 'already_checked_in' | 'replayed' | 'conflict' | 'not_attending' | 'unknown_code';

type ScanResult = { outcome: Outcome; guest: GuestRecord | null };

/**
 * Scans one code against the guest as read, writing the check-in when it is the first; a guest changed
 * meanwhile (another device's check-in, a planner's edit) is read again and decided afresh.
 */
async function scanOnce(eventId: string, read: GuestRecord | null, scan: Scan, keys: Iterable<Buffer>): Promise<ScanResult> {
  let guest = read;
  for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt += 1) {
    const decision = decideScan(guest, scan, keys);
    if (decision.kind === 'unknown') return { outcome: 'unknown_code', guest: null };
    if (decision.kind === 'not_attending') return { outcome: 'not_attending', guest: decision.guest };
    if (decision.kind === 'already') return { outcome: isReplayOf(decision.guest, scan) ? 'replayed' : 'already_checked_in', guest: decision.guest };
    const written = await recordCheckIn(eventId, decision.guest, decision.after, scan.by);
    if (written === 'saved') return { outcome: 'checked_in', guest: { ...decision.after, version: decision.guest.version + 1 } };
    if (written === 'event_changed') throw new NotFoundError('event');
    guest = (await guestsOfEvent(eventId, [decision.guest.id])).get(decision.guest.id) ?? null;
  }
  throw new VersionConflictError();
}

/** What the door shows of a guest: the name, the party, the choices (the meal) and the check-in. */
function doorGuest(guest: GuestRecord, questions: QuestionRecord[]) {
  return {
    id: guest.id,
    name: guest.name,
    party_name: guest.party_name ?? null,
    party_id: guest.party_id ?? null,
    plus_one_count: guest.plus_one_count,
    choices: choicesForTheDoor(guest, questions),
    checked_in_at: guest.checked_in_at ?? null,
    checked_in_device: guest.checked_in_device ?? null,
  };
}

const questionsOf = async (event: EventRecord): Promise<QuestionRecord[]> => ((event.question_count ?? 0) > 0 ? listQuestions(event.id) : []);

/** POST /api/events/{id}/check-ins: one scan now. A repeat scan says so and changes nothing. */
export const checkIn = operation({
  params: idParam,
  body: checkInScanBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller, request }) => {
    const guestId = guestIdOfCheckInCode(body.code);
    // The guest (and their seat) are looked for in the path's event only, in the access read itself; a malformed code reads keys that cannot exist.
    const { event, items: [item, seatItem] } = await loadEventAccessWithItems(caller, params.id, [guestKey({ event_id: params.id, id: guestId ?? '-' }), seatOfGuestKey(params.id, guestId ?? '-')], 'check_in', 'write');
    const keys = (await checkInCodeKeys.forSealing()).keys.values();
    const scan: Scan = { code: body.code, at: new Date().toISOString(), by: caller.userId, device: body.device_id ?? null };
    const { outcome, guest } = await scanOnce(event.id, item ? guestFromItem(item) : null, scan, [...keys]);
    if (outcome === 'unknown_code' || !guest) throw new UnknownCheckInCodeError();
    if (outcome === 'not_attending') throw new ConflictError('not_attending', `${guest.name} is not attending (their answer is ${guest.rsvp_status}): not checked in.`);
    if (outcome === 'checked_in') await pushDoorCounts(event.id, request.log);
    const counts = doorCounts(event);
    return ok({
      outcome: outcome === 'checked_in' ? 'checked_in' : 'already_checked_in',
      guest: { ...doorGuest(guest, await questionsOf(event)), table: guestSeatFromItem(seatItem ?? null) },
      // As read with the access (plus this check-in): the WebSocket carries them exact after every check-in.
      counts: { ...counts, arrived: counts.arrived + (outcome === 'checked_in' ? 1 : 0) },
    });
  },
});

/**
 * POST /api/events/{id}/check-ins/batch: the scans a door device made while offline, each at its own
 * time. Idempotent: a scan already recorded is `replayed`; a guest another scan checked in first is a
 * `conflict` that names that check-in; nothing is written for them.
 */
export const uploadCheckIns = operation({
  params: idParam,
  body: checkInBatchBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller, request }) => {
    const { event } = await loadEventAccess(caller, params.id, 'check_in', 'write');
    const keys = [...(await checkInCodeKeys.forSealing()).keys.values()];
    const guestIds = body.scans.map((scan) => guestIdOfCheckInCode(scan.code));
    const guests = await guestsOfEvent(event.id, guestIds.filter((id): id is string => id !== null));
    // The scans of one guest in the order they were made, one after the other; different guests in parallel.
    const lanes = new Map<string, number[]>();
    body.scans.forEach((scan, index) => {
      const lane = guestIds[index] ?? `unknown:${index}`;
      lanes.set(lane, [...(lanes.get(lane) ?? []), index]);
    });
    const results: ScanResult[] = new Array<ScanResult>(body.scans.length);
    await forEachWithConcurrency([...lanes.values()], BATCH_CONCURRENCY, async (indexes) => {
      const ordered = [...indexes].sort((a, b) => Date.parse(body.scans[a]?.scanned_at ?? '') - Date.parse(body.scans[b]?.scanned_at ?? ''));
      for (const index of ordered) {
        const scan = body.scans[index] as (typeof body.scans)[number];
        const guestId = guestIds[index];
        const current = guestId ? (results.findLast((result) => result?.guest?.id === guestId)?.guest ?? guests.get(guestId) ?? null) : null;
        const result = await scanOnce(event.id, current, { code: scan.code, at: new Date(scan.scanned_at).toISOString(), by: caller.userId, device: body.device_id }, keys);
        results[index] = result.outcome === 'already_checked_in' ? { ...result, outcome: 'conflict' } : result;
      }
    });
    if (results.some((result) => result.outcome === 'checked_in')) await pushDoorCounts(event.id, request.log);
    const named = results.flatMap((result) => (result.guest && result.outcome !== 'unknown_code' ? [result.guest.id] : []));
    const [questions, seats] = await Promise.all([questionsOf(event), seatsOfGuestsByGuest(event.id, named)]);
    const data = results.map((result, index) => ({
      index,
      outcome: result.outcome,
      // Refused scans name nobody: an unknown code says nothing, a guest not attending is named to the door.
      guest: result.guest && result.outcome !== 'unknown_code' ? { ...doorGuest(result.guest, questions), table: seats.get(result.guest.id) ?? null } : null,
    }));
    const count = (outcome: Outcome) => data.filter((row) => row.outcome === outcome).length;
    return ok({
      device_id: body.device_id,
      results: data,
      summary: { checked_in: count('checked_in'), replayed: count('replayed'), conflicts: count('conflict'), not_attending: count('not_attending'), unknown_codes: count('unknown_code') },
    });
  },
});

/** GET /api/events/{id}/check-ins: the door list, attending guests by name with their check-in and seat, and the counts. */
export const listCheckIns = operation({
  params: idParam,
  query: checkInListQuery,
  session: 'with-first-read',
  handle: async ({ params, query, caller }) => {
    const { event } = await loadEventAccess(caller, params.id, 'check_in', 'read');
    const [{ guests, nextCursor }, questions] = await Promise.all([
      doorListPage(event.id, query.q, { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) }),
      questionsOf(event),
    ]);
    const seats = await seatsOfGuestsByGuest(event.id, guests.map((guest) => guest.id));
    return list(guests.map((guest) => ({ ...doorGuest(guest, questions), table: seats.get(guest.id) ?? null })), { next_cursor: nextCursor, ...doorCounts(event) });
  },
});

/**
 * POST /api/guests/{id}/check-in-code: a new check-in code for the guest; every earlier one is refused
 * from now on (a lost phone, a forwarded email). The planners' (guests write), not the door's.
 */
export const reissueCheckInCode = operation({
  params: idParam,
  session: 'with-first-read',
  // The answer carries the new code: a repeated Idempotency-Key replays it from a sealed copy.
  idempotency: 'sealed',
  handle: async ({ params, caller }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'guest', 'guests', 'write');
    const guest = guestFromItem(child);
    const after: GuestRecord = { ...guest, check_in_nonce: randomBytes(16).toString('base64url'), updated_at: new Date().toISOString() };
    const outcome = await replaceCheckInNonce(event.id, guest, after, caller.userId);
    if (outcome === 'guest_changed') throw new VersionConflictError();
    if (outcome !== 'saved') throw new NotFoundError('guest');
    return ok({ guest_id: guest.id, check_in_code: checkInCode(after, (await checkInCodeKeys.forSealing()).current.key) });
  },
});
