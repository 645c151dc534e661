import { loadChildAccess, loadEventAccess } from '#shared/data/events/access.ts';
import { assignSeat as placePerson, type AssignOutcome, seatAt, vacateSeat } from '#shared/data/seating/tables.ts';
import { ConflictError, NotFoundError, ServiceUnavailableError, ValidationError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { ok } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { acceptProposalBody, assignSeatBody, seatParams } from '#shared/schemas/seating.ts';

/**
 * Seats (docs/seating.md): a planner puts a guest or one of their plus-ones in a seat (moving them if
 * they sit elsewhere) or takes them out. A seat is booked by a conditional create, so of two planners
 * placing people in one seat at once exactly one wins and the other gets 409 seat_taken.
 */
type Refusal = { status: 400 | 404 | 409 | 503; code: string; message: string };

/** What a placement that did not happen answers (null: it happened). */
export function refusalOf(result: AssignOutcome): Refusal | null {
  switch (result.outcome) {
    case 'seated':
    case 'unchanged':
      return null;
    case 'table_gone': return { status: 404, code: 'not_found', message: 'The table does not exist.' };
    case 'no_such_seat': return { status: 400, code: 'validation_error', message: 'The table has no seat with this number.' };
    case 'guest_gone': return { status: 400, code: 'validation_error', message: "No guest with this id on the event's list." };
    case 'not_attending': return { status: 409, code: 'guest_not_attending', message: 'Only an attending guest, and as many plus-ones as they bring, can have a seat.' };
    case 'seat_taken': return { status: 409, code: 'seat_taken', message: 'Someone sits in this seat already: unseat them first or choose another seat.' };
    case 'busy': return { status: 503, code: 'service_unavailable', message: 'The seating kept changing; try again.' };
  }
}

function throwRefusal(refusal: Refusal): never {
  if (refusal.status === 404) throw new NotFoundError('table');
  if (refusal.status === 400) throw new ValidationError([{ path: refusal.message.includes('guest') ? 'guest_id' : 'seat', message: refusal.message }]);
  if (refusal.status === 503) throw new ServiceUnavailableError(1);
  throw new ConflictError(refusal.code, refusal.message);
}

const presentSeat = (seat: { table_id: string; table_name: string; seat_number: number; guest_id: string; slot: number }) => ({
  table_id: seat.table_id, table_name: seat.table_name, seat_number: seat.seat_number, guest_id: seat.guest_id, plus_one: seat.slot,
});

/** PUT /api/tables/{id}/seats/{seat}: this guest (or their plus-one) sits here now; a move if they sat elsewhere. */
export const assignSeat = operation({
  params: seatParams,
  body: assignSeatBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller }) => {
    const { event } = await loadChildAccess(caller, params.id, 'table', 'guests', 'write');
    const result = await placePerson(event.id, params.id, params.seat, { guest_id: body.guest_id, slot: body.plus_one }, caller.userId);
    const refusal = refusalOf(result);
    if (refusal) throwRefusal(refusal);
    if (result.outcome !== 'seated' && result.outcome !== 'unchanged') throw new Error('unreachable');
    return ok({ ...presentSeat(result.seat), moved_from: result.outcome === 'seated' && result.moved_from ? { table_id: result.moved_from.table_id, seat_number: result.moved_from.seat_number } : null });
  },
});

/** DELETE /api/tables/{id}/seats/{seat}: whoever sits here leaves the seat (404 when it is free). */
export const unassignSeat = operation({
  params: seatParams,
  session: 'with-first-read',
  handle: async ({ params, caller }) => {
    const { event } = await loadChildAccess(caller, params.id, 'table', 'guests', 'write');
    const seat = await seatAt(event.id, params.id, params.seat);
    if (!seat || !(await vacateSeat(event.id, seat, caller.userId, 'unassigned'))) throw new NotFoundError('seat assignment');
    return ok({ table_id: seat.table_id, seat_number: seat.seat_number, guest_id: seat.guest_id, plus_one: seat.slot, deleted: true });
  },
});

/**
 * POST /api/events/{id}/seating/proposal/accept: the proposal as answered, or as the planner edited it,
 * applied one placement at a time (each its own conditional transaction): what was placed, and what was
 * refused with the code a single placement would have answered (a seat taken meanwhile, a guest who
 * stopped attending). Placing the same people in the same seats again changes nothing.
 */
export const acceptSeatingProposal = operation({
  params: idParam,
  body: acceptProposalBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller }) => {
    const { event } = await loadEventAccess(caller, params.id, 'guests', 'write');
    const seated: ReturnType<typeof presentSeat>[] = [];
    const refused: { table_id: string; seat_number: number; guest_id: string; plus_one: number; code: string; message: string }[] = [];
    for (const assignment of body.assignments) {
      const result = await placePerson(event.id, assignment.table_id, assignment.seat_number, { guest_id: assignment.guest_id, slot: assignment.plus_one }, caller.userId);
      const refusal = refusalOf(result);
      if (refusal) refused.push({ ...assignment, code: refusal.code === 'validation_error' ? (refusal.message.includes('guest') ? 'guest_not_found' : 'no_such_seat') : refusal.code === 'not_found' ? 'table_not_found' : refusal.code, message: refusal.message });
      else if (result.outcome === 'seated' || result.outcome === 'unchanged') seated.push(presentSeat(result.seat));
    }
    return ok({ seated, refused });
  },
});
