import * as z from 'zod';
import type { ChecklistPatch } from '../domain/checklist/rules.ts';
import { eventTypes } from '../domain/events/rules.ts';
import { text } from './common.ts';
import { documentIdsInput } from './documents.ts';
import { assigneeInput, dayOrInstant } from './timeline.ts';

/** What the checklist routes accept; read-only fields are not here, so zod drops them. */
export const checklistLimits = { category: 100, task: 300, notes: 5000 } as const;

const category = text(checklistLimits.category, 1);
const task = text(checklistLimits.task, 1);
const notes = text(checklistLimits.notes);

/**
 * POST /api/events/{id}/checklist: one item (`task` required), or `template: "<event type>"` to add that
 * type's default checklist. Both at once is refused, so a caller never wonders which one happened.
 */
export const createChecklistBody = z
  .object({
    template: z.enum(eventTypes).optional(),
    category: category.optional(),
    task: task.optional(),
    due_date: dayOrInstant.optional(),
    assigned_to: assigneeInput.optional(),
    notes: notes.optional(),
    document_ids: documentIdsInput.optional(),
  })
  .superRefine((body, payload) => {
    if (body.template !== undefined && body.task !== undefined) {
      payload.addIssue({ code: 'custom', path: ['template'], message: 'Give a template or a task, not both' });
    }
    if (body.template !== undefined && body.document_ids !== undefined) {
      payload.addIssue({ code: 'custom', path: ['document_ids'], message: "A template's tasks link no documents; link them on each task" });
    }
    if (body.template === undefined && body.task === undefined && !payload.issues.some((issue) => issue.path?.[0] === 'task')) {
      payload.addIssue({ code: 'custom', path: ['task'], message: 'Required (or give a template)' });
    }
  }, { when: (payload) => typeof payload.value === 'object' && payload.value !== null });

/** PUT /api/checklist/{id}: tick off with `completed`, or change the task; `null` clears an optional field. */
export const updateChecklistBody = z.object({
  completed: z.boolean().optional(),
  category: category.optional(),
  task: task.optional(),
  due_date: dayOrInstant.nullish(),
  assigned_to: assigneeInput.nullish(),
  notes: notes.nullish(),
  document_ids: documentIdsInput.nullish(),
  version: z.number().int().min(1).optional(),
}) satisfies z.ZodType<ChecklistPatch>;

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

/** GET /api/events/{id}/checklist filters. */
export const listChecklistQuery = z.object({
  completed: booleanQuery.optional(),
  assigned_to: assigneeInput.optional(),
  category: category.optional(),
});
