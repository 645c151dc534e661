import { httpGroup } from '#shared/http/group.ts';
import { exportSeatingChart, proposeSeatingPlan, tableEscortCards } from './proposal.ts';
import { acceptSeatingProposal, assignSeat, unassignSeat } from './seats.ts';
import { getSeatingConstraints, updateSeatingConstraints } from './constraints.ts';
import { createTable, deleteTable, listTables, updateTable } from './tables.ts';

/** The seating group: one Lambda for tables, seats, constraints, the proposal and the exports (docs/seating.md). */
export const handler = httpGroup('seating', {
  listTables,
  createTable,
  updateTable,
  deleteTable,
  assignSeat,
  unassignSeat,
  getSeatingConstraints,
  updateSeatingConstraints,
  proposeSeatingPlan,
  acceptSeatingProposal,
  exportSeatingChart,
  tableEscortCards,
});
