import * as z from 'zod';
import { tableShapes } from '../domain/seating/rules.ts';
import { idParam } from '../schemas/common.ts';
import { acceptProposalBody, assignSeatBody, constraintsBody, createTableBody, seatingScopeQuery, seatParams, updateTableBody } from '../schemas/seating.ts';
import { id, many, one, timestamp, version } from './envelopes.ts';
import { PARTIAL_UPDATE_NOTE, versionedDelete, versionedUpdate } from './entries.ts';
import type { OperationContract } from './operation-contract.ts';

/** Seating (issue 18): functions/seating; docs/seating.md. */
const occupant = z.strictObject({
  seat_number: z.number().int(),
  guest_id: id,
  plus_one: z.number().int().meta({ description: "0: the guest; n: their n-th plus-one" }),
  name: z.string().nullable().meta({ description: "The guest's name, a named plus-one's, or \"<guest> +n\"" }),
});
const tableFields = {
  id,
  event_id: id,
  name: z.string(),
  shape: z.enum(tableShapes),
  seats: z.number().int(),
  seated_count: z.number().int().meta({ description: 'Seats taken (equal to a recount of its seats)' }),
  sub_event_id: id.nullable().meta({ description: "The sub-event whose attending guests sit here; null: the event's own table. Fixed at creation" }),
  created_at: timestamp,
  updated_at: timestamp,
  version,
};
const tableSchema = z.strictObject({ ...tableFields, occupants: z.array(occupant).optional() }).meta({ id: 'SeatingTable' });
const constraint = z.strictObject({ kind: z.enum(['together', 'apart']), guest_ids: z.array(id) });
const constraintsSchema = z.strictObject({
  event_id: id,
  constraints: z.array(constraint),
  version: z.number().int().min(0).meta({ description: '0 until the constraints are first saved; send back as If-Match (or "version")' }),
}).meta({ id: 'SeatingConstraints' });
const seatAnswer = z.strictObject({ table_id: id, table_name: z.string(), seat_number: z.number().int(), guest_id: id, plus_one: z.number().int() });
const proposalSchema = z.strictObject({
  assignments: z.array(z.strictObject({ table_id: id, table_name: z.string().nullable(), seat_number: z.number().int(), guest_id: id, plus_one: z.number().int(), name: z.string().nullable() })),
  unplaced: z.array(z.strictObject({ guest_id: id, plus_one: z.number().int(), name: z.string().nullable() })).meta({ description: 'Attending people for whom no seat is left' }),
  unhonoured: z.array(z.strictObject({
    kind: z.enum(['together', 'apart']),
    source: z.enum(['constraint', 'party', 'plus_ones']),
    guest_ids: z.array(id),
    message: z.string(),
  })).meta({ description: 'Each rule the proposed layout breaks (a party or a guest with plus-ones split, a together or apart constraint)' }),
  already_seated: z.number().int(),
  free_seats: z.number().int().meta({ description: 'Seats still free once the proposal is accepted' }),
}).meta({ id: 'SeatingProposal' });
const seatCodes = {
  seat_taken: 'someone sits in the seat already (two planners at once: one wins)',
  guest_not_attending: "the guest does not attend (at a sub-event's table: that sub-event), or does not bring this many plus-ones",
};

export const seatingContract: Record<string, OperationContract> = {
  listTables: {
    params: idParam,
    responses: {
      200: {
        description: 'Every table with its occupants, by creation',
        schema: many(tableSchema, {
          seated: z.number().int(),
          seats: z.number().int(),
          constraints: z.array(constraint),
          constraints_version: z.number().int(),
        }),
      },
    },
  },
  createTable: {
    params: idParam,
    body: { schema: createTableBody, example: { name: 'Table 1', shape: 'round', seats: 10 } },
    responses: { 201: { description: 'The table', schema: one(tableSchema), headers: { Location: 'The table: /api/tables/{id}' } } },
    problemCodes: { 409: { too_many_tables: 'the event has 200 tables' } },
  },
  updateTable: {
    ...versionedUpdate(
      { schema: updateTableBody, example: { name: 'Family', seats: 12, version: 1 }, description: PARTIAL_UPDATE_NOTE },
      { description: 'The changed table', schema: one(tableSchema) },
    ),
    problemCodes: { 409: { seats_taken: 'fewer seats while someone sits in a seat that would go' } },
  },
  deleteTable: { ...versionedDelete('Removed (only an empty table)'), problemCodes: { 409: { table_not_empty: 'someone sits at the table' } } },
  assignSeat: {
    params: seatParams,
    body: { schema: assignSeatBody, example: { guest_id: '01JD3M8W6ZQ4V7N2K5T9X1B3C801JD3MA2F0S9R6P3M1K8H4D2E7', plus_one: 0 } },
    responses: { 200: { description: 'Where the person sits now (moved_from: where they sat before, if elsewhere)', schema: one(seatAnswer.extend({ moved_from: z.strictObject({ table_id: id, seat_number: z.number().int() }).nullable() })) } },
    problems: [503],
    problemCodes: { 409: seatCodes },
  },
  unassignSeat: {
    params: seatParams,
    responses: { 200: { description: 'The seat is free', schema: one(z.strictObject({ table_id: id, seat_number: z.number().int(), guest_id: id, plus_one: z.number().int(), deleted: z.literal(true) })) } },
  },
  getSeatingConstraints: { params: idParam, responses: { 200: { description: "The event's constraints", schema: one(constraintsSchema) } } },
  updateSeatingConstraints: {
    params: idParam,
    body: { schema: constraintsBody, example: { constraints: [{ kind: 'apart', guest_ids: ['01JD3M8W6ZQ4V7N2K5T9X1B3C801JD3MA2F0S9R6P3M1K8H4D2E7', '01JD3M8W6ZQ4V7N2K5T9X1B3C801JD3MA2F0S9R6P3M1K8H4D2E8'] }], version: 1 }, description: 'The whole list (a party is kept together without one)' },
    ifMatch: true,
    responses: { 200: { description: 'The saved constraints', schema: one(constraintsSchema) } },
  },
  proposeSeatingPlan: {
    params: idParam,
    query: seatingScopeQuery,
    responses: { 200: { description: 'Where the attending people without a seat could sit, and the rules the layout breaks (nothing written)', schema: one(proposalSchema) } },
  },
  acceptSeatingProposal: {
    params: idParam,
    body: { schema: acceptProposalBody, example: { assignments: [{ table_id: '01JD3M8W6ZQ4V7N2K5T9X1B3C801JD3MA2F0S9R6P3M1K8H4D2E9', seat_number: 1, guest_id: '01JD3M8W6ZQ4V7N2K5T9X1B3C801JD3MA2F0S9R6P3M1K8H4D2E7', plus_one: 0 }] } },
    responses: {
      200: {
        description: 'What was placed, and what was refused with its code (seat_taken, guest_not_attending, no_such_seat, guest_not_found, table_not_found, service_unavailable)',
        schema: one(z.strictObject({
          seated: z.array(seatAnswer),
          refused: z.array(z.strictObject({ table_id: id, seat_number: z.number().int(), guest_id: id, plus_one: z.number().int(), code: z.string(), message: z.string() })),
        })),
      },
    },
  },
  exportSeatingChart: {
    params: idParam,
    query: seatingScopeQuery,
    responses: {
      200: {
        description: 'The seating chart as CSV: one row per taken seat, by table then seat',
        schema: z.string().meta({ example: 'table,shape,seat,name,guest_id,plus_one,party,dietary_restrictions\r\nTable 1,round,1,Ada Lovelace,01JD...,0,,vegan\r\n' }),
        mediaType: 'text/csv',
        headers: { 'Content-Disposition': 'attachment; filename="seating-{id}.csv"' },
      },
    },
  },
  tableEscortCards: {
    params: idParam,
    responses: { 200: { description: "The table's escort cards, one per seated person in seat order: a printable HTML page", schema: z.string().meta({ description: 'An HTML page' }), mediaType: 'text/html' } },
  },
};

