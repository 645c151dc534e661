import { loadChildAccess, loadEventAccess } from '#shared/data/events/access.ts';
import { batchGetAll } from '#shared/data/collection.ts';
import { guestFromItem, guestKey, listAllGuests } from '#shared/data/guests/reads.ts';
import { subEventSeatables } from '#shared/data/seating/sub-event-scope.ts';
import { listSubEvents } from '#shared/data/sub-events/records.ts';
import { attendingSeatables, readSeating, type SeatableGuest, seatsOfTable, tableFromItem } from '#shared/data/seating/tables.ts';
import { seatingChartCsv } from '#shared/domain/seating/chart-csv.ts';
import { proposeSeating } from '#shared/domain/seating/proposal.ts';
import { personName, type SeatRecord, type TableRecord } from '#shared/domain/seating/rules.ts';
import { ValidationError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { ok, text } from '#shared/http/responses.ts';
import { escortCardsPage } from '#shared/pages/escort-cards-page.ts';
import { idParam } from '#shared/schemas/common.ts';
import { seatingScopeQuery } from '#shared/schemas/seating.ts';

/**
 * The tables and seats of one scope (docs/seating.md, "Per sub-event"): the event's own tables, or with
 * `sub_event_id` that sub-event's; the tables by id (creation order).
 */
function inScope(tables: TableRecord[], seats: SeatRecord[], subEventId: string | undefined) {
  const scoped = tables.filter((table) => table.sub_event_id === subEventId).sort((a, b) => a.id.localeCompare(b.id));
  const ids = new Set(scoped.map((table) => table.id));
  return { tables: scoped, seats: seats.filter((seat) => ids.has(seat.table_id)) };
}

const noSuchSubEvent = () => new ValidationError([{ path: 'sub_event_id', message: 'No sub-event of this event has this id' }]);

/** Who may sit in the scope: the event's attending guests, or those attending the sub-event (400 when it is not the event's). */
async function seatablesOf(eventId: string, subEventId: string | undefined): Promise<SeatableGuest[]> {
  if (!subEventId) return attendingSeatables(eventId);
  const scope = await subEventSeatables(eventId, subEventId);
  if (!scope) throw noSuchSubEvent();
  return scope.guests;
}

/**
 * GET /api/events/{id}/seating/proposal: where the attending people without a seat could sit, honouring
 * the capacities, keep-together (parties by default, each guest with their plus-ones, the constraints) and
 * keep-apart as far as the heuristic can (shared/domain/seating/proposal.ts), and which rules the result
 * breaks. It writes nothing: the planner accepts it (or an edit of it) with .../proposal/accept.
 */
export const proposeSeatingPlan = operation({
  params: idParam,
  query: seatingScopeQuery,
  session: 'with-first-read',
  handle: async ({ params, query, caller }) => {
    await loadEventAccess(caller, params.id, 'guests', 'read');
    const [read, attending] = await Promise.all([readSeating(params.id), seatablesOf(params.id, query.sub_event_id)]);
    const { settings } = read;
    const { tables: ordered, seats } = inScope(read.tables, read.seats, query.sub_event_id);
    const proposal = proposeSeating(
      ordered.map((table) => ({ id: table.id, seats: table.seats, taken: seats.filter((seat) => seat.table_id === table.id) })),
      attending.map((guest) => ({ id: guest.id, plus_one_count: guest.plus_one_count, party_id: guest.party_id ?? null })),
      settings.constraints,
    );
    const guests = new Map(attending.map((guest) => [guest.id, guest]));
    const names = new Map(ordered.map((table) => [table.id, table.name]));
    const nameOf = (person: { guest_id: string; slot: number }) => {
      const guest = guests.get(person.guest_id);
      return guest ? personName(guest, person.slot) : null;
    };
    return ok({
      assignments: proposal.assignments.map((seat) => ({ table_id: seat.table_id, table_name: names.get(seat.table_id) ?? null, seat_number: seat.seat_number, guest_id: seat.guest_id, plus_one: seat.slot, name: nameOf(seat) })),
      unplaced: proposal.unplaced.map((person) => ({ guest_id: person.guest_id, plus_one: person.slot, name: nameOf(person) })),
      unhonoured: proposal.unhonoured,
      already_seated: seats.length,
      free_seats: ordered.reduce((sum, table) => sum + table.seats, 0) - seats.length - proposal.assignments.length,
    });
  },
});

/** GET /api/events/{id}/seating/export: the seating chart as CSV, one row per taken seat. */
export const exportSeatingChart = operation({
  params: idParam,
  query: seatingScopeQuery,
  session: 'with-first-read',
  handle: async ({ params, query, caller }) => {
    await loadEventAccess(caller, params.id, 'guests', 'read');
    const [read, guests, subEvents] = await Promise.all([readSeating(params.id), listAllGuests(params.id), query.sub_event_id ? listSubEvents(params.id) : []]);
    if (query.sub_event_id && !subEvents.some((subEvent) => subEvent.id === query.sub_event_id)) throw noSuchSubEvent();
    const { tables, seats } = inScope(read.tables, read.seats, query.sub_event_id);
    const byId = new Map(guests.map((guest) => [guest.id, guest]));
    const order = new Map(tables.map((table, index) => [table.id, { table, index }]));
    const rows = seats
      .sort((a, b) => (order.get(a.table_id)?.index ?? 0) - (order.get(b.table_id)?.index ?? 0) || a.seat_number - b.seat_number)
      .map((seat) => {
        const guest = byId.get(seat.guest_id);
        const table = order.get(seat.table_id)?.table;
        const dietary = seat.slot === 0 ? guest?.dietary_restrictions : guest?.plus_ones?.[seat.slot - 1]?.dietary_restrictions;
        return {
          table: table?.name ?? '', shape: table?.shape ?? '', seat: seat.seat_number, name: guest ? personName(guest, seat.slot) : '', guest_id: seat.guest_id,
          plus_one: seat.slot, party: guest?.party_name ?? '', dietary_restrictions: (dietary ?? []).join('; '),
        };
      });
    const result = text(200, seatingChartCsv(rows), 'text/csv; charset=utf-8');
    const file = query.sub_event_id ? `seating-${params.id}-${query.sub_event_id}.csv` : `seating-${params.id}.csv`;
    return { ...result, headers: { ...result.headers, 'Content-Disposition': `attachment; filename="${file}"` } };
  },
});

/** GET /api/tables/{id}/escort-cards: the table's escort cards as a printable HTML page. */
export const tableEscortCards = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'table', 'guests', 'read');
    const table = tableFromItem(child);
    const seats = await seatsOfTable(event.id, table.id);
    const ids = [...new Set(seats.map((seat) => seat.guest_id))];
    const guests = new Map((ids.length ? await batchGetAll(ids.map((id) => guestKey({ event_id: event.id, id }))) : []).map((item) => [String(item.id), guestFromItem(item)]));
    const cards = seats
      .sort((a, b) => a.seat_number - b.seat_number)
      .map((seat) => {
        const guest = guests.get(seat.guest_id);
        return { name: guest ? personName(guest, seat.slot) : '', seat_number: seat.seat_number };
      });
    return text(200, escortCardsPage({ eventName: event.name, tableName: table.name, seats: table.seats, cards }), 'text/html; charset=utf-8');
  },
});
