import * as z from 'zod';
import { CHECKLIST_CAP } from '../domain/collections/cap-defaults.ts';
import { eventTypes } from '../domain/events/rules.ts';
import { createChecklistBody, listChecklistQuery, updateChecklistBody } from '../schemas/checklist.ts';
import { idParam } from '../schemas/common.ts';
import { dayOrTime, id, many, one, timestamp, version } from './envelopes.ts';
import { linkedDocumentSchema } from './documents.ts';
import { PARTIAL_UPDATE_NOTE, versionedDelete, versionedUpdate } from './entries.ts';
import type { GroupContract } from './operation-contract.ts';

/** How the API shows checklist items (functions/checklist/present.ts). */
const checklistItem = z
  .strictObject({
    id,
    event_id: id,
    category: z.string(),
    task: z.string(),
    due_date: dayOrTime.nullable(),
    assigned_to: z.string().nullable(),
    notes: z.string().nullable(),
  documents: z.array(linkedDocumentSchema).meta({ description: 'The documents linked by document_ids that still exist' }),
    completed: z.boolean(),
    completed_date: timestamp.nullable(),
    source: z.string(),
    created_at: timestamp,
    updated_at: timestamp,
    version,
  })
  .meta({
    id: 'ChecklistItem',
    example: {
      id: '01JD3M8W6ZQ4V7N2K5T9X1B3C8#01JD3MA2F0S9R6P3M1K8H4D2C1', event_id: '01JD3M8W6ZQ4V7N2K5T9X1B3C8', category: 'Decor', task: 'Order the flowers', due_date: '2027-05-15', assigned_to: null, notes: null,
      documents: [], completed: false, completed_date: null, source: 'planner', created_at: '2026-11-24T09:30:00.000Z', updated_at: '2026-11-24T09:30:00.000Z', version: 1,
    },
  });

const count = z.number().int();

export const checklistContract: GroupContract = {
  listChecklist: {
    params: idParam,
    query: listChecklistQuery,
    responses: {
      200: {
        description: 'The matching items grouped by category (not paged), with counts',
        schema: many(z.strictObject({ category: z.string(), total: count, completed: count, items: z.array(checklistItem) }).meta({ id: 'ChecklistGroup' }), {
          total: count,
          completed: count,
          overall: z.strictObject({ total: count, completed: count, percent: z.number() }),
        }),
      },
    },
  },
  createChecklistItem: {
    params: idParam,
    body: {
      schema: createChecklistBody,
      example: { task: 'Order the flowers', category: 'Decor', due_date: '2027-05-15' },
      description: 'One item (task required), or `template: "<event type>"` to add that type\'s checklist (tasks already there are skipped)',
    },
    responses: {
      201: {
        description: 'The item; for a template, the list of items added with template, added and skipped in meta',
        schema: z.union([
          one(checklistItem),
          many(checklistItem, { template: z.enum(eventTypes), added: count, skipped: count.meta({ description: "Template tasks already on the checklist" }) }),
        ]),
        headers: { Location: '/api/checklist/{id}, or the checklist for a template' },
      },
    },
    problems: [409],
    problemCodes: { 409: { collection_full: `the tasks would take the event past MAX_CHECKLIST_ITEMS_PER_EVENT (${CHECKLIST_CAP} unless configured; a template is added whole or not at all); the body's cap says it` } },
  },
  updateChecklistItem: versionedUpdate(
    { schema: updateChecklistBody, example: { completed: true, version: 1 }, description: PARTIAL_UPDATE_NOTE },
    { description: 'The changed item', schema: one(checklistItem) },
  ),
  deleteChecklistItem: versionedDelete('Deleted'),
};
