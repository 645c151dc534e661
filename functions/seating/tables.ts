import { loadChildAccess, loadEventAccess } from '#shared/data/events/access.ts';
import { listAllGuests } from '#shared/data/guests/reads.ts';
import { newChildId } from '#shared/data/ids.ts';
import { createTable as saveNewTable, deleteTable as removeTable, readSeating, seatChangesOf, seatsOfTable, tableFromItem, updateTable as saveTable } from '#shared/data/seating/tables.ts';
import type { GuestRecord } from '#shared/domain/guests/rules.ts';
import { personName, type SeatRecord, type TableRecord } from '#shared/domain/seating/rules.ts';
import { ConflictError, NotFoundError, ValidationError, VersionConflictError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { expectedVersion } from '#shared/http/if-match.ts';
import { created, deleted, list, ok } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { createTableBody, updateTableBody } from '#shared/schemas/seating.ts';

/** The table routes (docs/seating.md): tables per event, with who sits where. Permissions are the guest list's. */
export const presentTable = (table: TableRecord, seats?: SeatRecord[], guests?: Map<string, GuestRecord>) => ({
  id: table.id,
  event_id: table.event_id,
  name: table.name,
  shape: table.shape,
  seats: table.seats,
  seated_count: table.seated_count,
  sub_event_id: table.sub_event_id ?? null,
  ...(seats
    ? {
        occupants: seats
          .filter((seat) => seat.table_id === table.id)
          .sort((a, b) => a.seat_number - b.seat_number)
          .map((seat) => {
            const guest = guests?.get(seat.guest_id);
            return { seat_number: seat.seat_number, guest_id: seat.guest_id, plus_one: seat.slot, name: guest ? personName(guest, seat.slot) : null };
          }),
      }
    : {}),
  created_at: table.created_at,
  updated_at: table.updated_at,
  version: table.version,
});

/** GET /api/events/{id}/tables: every table with its occupants, and the event's constraints (the chart). */
export const listTables = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller }) => {
    await loadEventAccess(caller, params.id, 'guests', 'read');
    const [{ tables, seats, settings }, guests] = await Promise.all([readSeating(params.id), listAllGuests(params.id)]);
    const byId = new Map(guests.map((guest) => [guest.id, guest]));
    const ordered = tables.sort((a, b) => a.id.localeCompare(b.id));
    return list(ordered.map((table) => presentTable(table, seats, byId)), {
      next_cursor: null,
      seated: seats.length,
      seats: tables.reduce((sum, table) => sum + table.seats, 0),
      constraints: settings.constraints,
      constraints_version: settings.version,
    });
  },
});

/** POST /api/events/{id}/tables: a table (name, shape, seats). */
export const createTable = operation({
  params: idParam,
  body: createTableBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller }) => {
    const { event } = await loadEventAccess(caller, params.id, 'guests', 'write');
    const now = new Date().toISOString();
    const table: TableRecord = {
      id: newChildId(event.id), event_id: event.id, name: body.name, shape: body.shape, seats: body.seats, seated_count: 0,
      ...(body.sub_event_id ? { sub_event_id: body.sub_event_id } : {}), created_at: now, updated_at: now, version: 1,
    };
    const outcome = await saveNewTable(table, caller.userId);
    if (outcome === 'too_many') throw new ConflictError('too_many_tables', 'The event has as many tables as it may (200).');
    if (outcome === 'no_sub_event') throw new ValidationError([{ path: 'sub_event_id', message: 'No sub-event of this event has this id' }]);
    return created(presentTable(table, []), `/api/tables/${table.id}`);
  },
});

/** PUT /api/tables/{id}: name, shape or seats; versioned. Fewer seats only while the seats dropped are free. */
export const updateTable = operation({
  params: idParam,
  body: updateTableBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller, request }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'table', 'guests', 'write');
    const before = tableFromItem(child);
    if ((expectedVersion(request.headers, body.version) ?? before.version) !== before.version) throw new VersionConflictError();
    const after: TableRecord = { ...before, name: body.name ?? before.name, shape: body.shape ?? before.shape, seats: body.seats ?? before.seats, updated_at: new Date().toISOString() };
    const changes = (['name', 'shape', 'seats'] as const).filter((field) => before[field] !== after[field]).map((field) => ({ field, before: before[field], after: after[field] }));
    if (changes.length === 0) return ok(presentTable(before));
    const seats = after.name === before.name ? [] : await seatsOfTable(event.id, before.id);
    const outcome = await saveTable(before, after, { seats, seatChanges: seatChangesOf(child) }, caller.userId, changes);
    if (outcome === 'seats_taken') throw new ConflictError('seats_taken', 'Someone sits in a seat the smaller table would drop: move them first.');
    if (outcome === 'changed') throw new VersionConflictError();
    return ok(presentTable({ ...after, version: before.version + 1 }));
  },
});

/** DELETE /api/tables/{id}: only an empty table (409 table_not_empty). */
export const deleteTable = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller, request }) => {
    const { child } = await loadChildAccess(caller, params.id, 'table', 'guests', 'write');
    const table = tableFromItem(child);
    if ((expectedVersion(request.headers, undefined) ?? table.version) !== table.version) throw new VersionConflictError();
    if (table.seated_count > 0) throw new ConflictError('table_not_empty', 'Guests sit at this table: unseat or move them first.');
    const outcome = await removeTable(table, caller.userId);
    if (outcome !== 'deleted') throw new ConflictError('table_not_empty', 'The table changed or someone sat down meanwhile; read it and try again.');
    return deleted(table.id);
  },
});

export const notFoundTable = () => new NotFoundError('table');
