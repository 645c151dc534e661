import * as z from 'zod';
import { MAX_CONSTRAINT_GUESTS, MAX_CONSTRAINTS, MAX_TABLE_SEATS, tableShapes } from '../domain/seating/rules.ts';
import { text } from './common.ts';

/** What the seating routes accept (docs/seating.md). Read-only fields (id, seated_count, ...) are dropped. */
const guestId = z.string().min(1).max(64);
const seats = z.number().int().min(1).max(MAX_TABLE_SEATS).meta({ description: `Seats at the table, numbered 1..seats (at most ${MAX_TABLE_SEATS})` });
const shape = z.enum(tableShapes).meta({ description: 'How the table is drawn on the chart' });
const plusOne = z.number().int().min(0).max(50).default(0).meta({ description: "0: the guest themself; n: the guest's n-th plus-one (named or not)" });

const subEventId = z.string().min(1).max(64);

export const createTableBody = z.object({
  name: text(80, 1),
  shape: shape.default('round'),
  seats,
  sub_event_id: subEventId.optional().meta({ description: "A sub-event's table: only guests attending that sub-event (and the plus-ones their answer holds) sit here. Set at creation only." }),
});

/** The proposal and the CSV chart of the event's own tables, or (`sub_event_id`) of one sub-event's tables. */
export const seatingScopeQuery = z.object({
  sub_event_id: subEventId.optional().meta({ description: "One sub-event's tables and attending guests; absent: the event's own tables" }),
});

export const updateTableBody = z.object({
  name: text(80, 1).optional(),
  shape: shape.optional(),
  seats: seats.optional(),
  version: z.number().int().optional(),
});

export const seatParams = z.object({
  id: z.string().min(1).max(64),
  seat: z.coerce.number().int().min(1).max(MAX_TABLE_SEATS),
});

export const assignSeatBody = z.object({ guest_id: guestId, plus_one: plusOne });

const constraint = z.object({
  kind: z.enum(['together', 'apart']).meta({ description: 'together: at one table; apart: no two of them at one table' }),
  guest_ids: z.array(guestId).min(2).max(MAX_CONSTRAINT_GUESTS).refine((ids) => new Set(ids).size === ids.length, 'A guest is named twice'),
});

export const constraintsBody = z.object({
  constraints: z.array(constraint).max(MAX_CONSTRAINTS),
  version: z.number().int().optional(),
});

export const acceptProposalBody = z.object({
  assignments: z.array(z.object({ table_id: z.string().min(1).max(64), seat_number: z.number().int().min(1).max(MAX_TABLE_SEATS), guest_id: guestId, plus_one: plusOne })).min(1).max(500),
});
