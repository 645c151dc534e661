import * as z from 'zod';
import { TIMELINE_CAP } from '../domain/collections/cap-defaults.ts';
import { timelinePriorities, timelineStatuses } from '../domain/timeline/plan.ts';
import { idParam } from '../schemas/common.ts';
import { createTimelineBody, updateTimelineBody } from '../schemas/timeline.ts';
import { dayOrTime, id, many, one, timestamp, version } from './envelopes.ts';
import { linkedDocumentSchema } from './documents.ts';
import { PARTIAL_UPDATE_NOTE, versionedDelete, versionedUpdate } from './entries.ts';
import type { GroupContract } from './operation-contract.ts';

/** How the API shows timeline items (functions/timeline/present.ts). */
const itemFields = {
  id,
  event_id: id,
  title: z.string(),
  description: z.string().nullable(),
  due_date: dayOrTime,
  start_date: dayOrTime.nullable(),
  duration_days: z.number().nullable(),
  assigned_to: z.string().nullable(),
  priority: z.enum(timelinePriorities),
  depends_on: z.array(id),
  status: z.enum(timelineStatuses),
  notes: z.string().nullable(),
  documents: z.array(linkedDocumentSchema).meta({ description: 'The documents linked by document_ids that still exist' }),
  completion_date: dayOrTime.nullable(),
  source: z.string().meta({ description: 'planner, or the template it came from' }),
  created_at: timestamp,
  updated_at: timestamp,
  version,
};

const timelineItem = z.strictObject(itemFields).meta({
  id: 'TimelineItem',
  example: {
    id: '01JD3M8W6ZQ4V7N2K5T9X1B3C8#01JD3MA2F0S9R6P3M1K8H4D2T1', event_id: '01JD3M8W6ZQ4V7N2K5T9X1B3C8', title: 'Book the caterer', description: null, due_date: '2027-02-01', start_date: null, duration_days: 14,
    assigned_to: '01JD3M8W6ZQ4V7N2K5T9X1B3C0', priority: 'high', depends_on: [], status: 'pending', notes: null, documents: [], completion_date: null, source: 'planner',
    created_at: '2026-11-24T09:30:00.000Z', updated_at: '2026-11-24T09:30:00.000Z', version: 1,
  },
});
const timelineEntry = z
  .strictObject({
    ...itemFields,
    overdue: z.boolean(),
    blocked: z.boolean(),
    blocked_by: z.array(id),
    slack_days: z.number().nullable().meta({ description: 'How long it can slip without moving the planned end; 0 on the critical path' }),
    critical: z.boolean(),
  })
  .meta({ id: 'TimelineEntry' });

export const timelineContract: GroupContract = {
  listTimeline: {
    params: idParam,
    responses: {
      200: {
        description: 'Every item in due order with its state; meta has the critical path and progress (not paged)',
        schema: many(timelineEntry, {
          critical_path: z.strictObject({ item_ids: z.array(id), duration_days: z.number() }),
          progress: z.strictObject({ done: z.number().int(), total: z.number().int(), percent: z.number() }),
          overdue: z.number().int(),
          blocked: z.number().int(),
        }),
      },
    },
  },
  createTimelineItem: {
    params: idParam,
    body: {
      schema: createTimelineBody,
      example: { title: 'Book the caterer', due_date: '2027-02-01', duration_days: 14, priority: 'high', depends_on: [] },
      description: 'start_date or duration_days, not both; dependencies may not make a cycle (400 dependency_cycle)',
    },
    responses: { 201: { description: 'The item', schema: one(timelineItem), headers: { Location: '/api/timeline/{id}' } } },
    problemCodes: { 409: { collection_full: `the event has MAX_TIMELINE_ITEMS_PER_EVENT items (${TIMELINE_CAP} unless configured); the body's cap says it` } },
  },
  updateTimelineItem: versionedUpdate(
    { schema: updateTimelineBody, example: { status: 'completed', completion_date: '2027-01-28' }, description: PARTIAL_UPDATE_NOTE },
    { description: 'The changed item', schema: one(timelineItem) },
  ),
  deleteTimelineItem: versionedDelete("Deleted, and dropped from other items' dependencies"),
};
