import * as z from 'zod';
import { parseInstant, splitLocalDateTime } from '../domain/events/rules.ts';
import { type DayOrInstant, type TimelinePatch, timelinePriorities, timelineStatuses } from '../domain/timeline/plan.ts';
import { isoDate, text } from './common.ts';
import { documentIdsInput } from './documents.ts';

/**
 * What the timeline routes accept. Read-only fields (id, event_id, version, timestamps, source) are not
 * here, so zod drops them. Dates are a day (midnight in the event's zone, resolved once the event is
 * loaded), a local date-time (wall-clock time in the event's zone) or an ISO instant with offset.
 */
export const timelineLimits = { title: 200, description: 5000, notes: 5000, assignee: 200, dependencies: 100, durationDays: 3650 } as const;

/** A day alone or an instant with offset, for due, start and completion dates (checklist uses it too). */
export const dayOrInstant = z.string().trim().max(40).transform((value, ctx): DayOrInstant => {
  if (isoDate.safeParse(value).success) return { day: value };
  const instant = parseInstant(value);
  if (instant) return { instant };
  const local = splitLocalDateTime(value);
  if (local && isoDate.safeParse(local.date).success) return { day: local.date, time: local.time };
  ctx.issues.push({ code: 'custom', message: "Use a date (2026-06-20) or an ISO 8601 date-time (without an offset: local to the event's timezone)", input: value });
  return z.NEVER;
});

/** A team member's user id or a free-text name. */
export const assigneeInput = text(timelineLimits.assignee, 1);

const dependsOnInput = z
  .array(z.string().trim().min(1).max(64))
  .max(timelineLimits.dependencies)
  .refine((ids) => new Set(ids).size === ids.length, 'List each dependency once');

const durationInput = z.number().min(0).max(timelineLimits.durationDays);

/** POST /api/events/{id}/timeline. */
export const createTimelineBody = z.object({
  title: text(timelineLimits.title, 1),
  description: text(timelineLimits.description).optional(),
  due_date: dayOrInstant,
  start_date: dayOrInstant.optional(),
  duration_days: durationInput.optional(),
  assigned_to: assigneeInput.optional(),
  priority: z.enum(timelinePriorities).default('medium'),
  depends_on: dependsOnInput.default([]),
  status: z.enum(timelineStatuses).default('pending'),
  notes: text(timelineLimits.notes).optional(),
  document_ids: documentIdsInput.optional(),
}).refine((body) => body.start_date === undefined || body.duration_days === undefined, {
  path: ['duration_days'],
  message: 'Give start_date or duration_days, not both',
});
export type TimelineDraft = z.output<typeof createTimelineBody>;

/** PUT /api/timeline/{id}: a partial change; `null` clears an optional field. */
export const updateTimelineBody = z.object({
  title: text(timelineLimits.title, 1).optional(),
  description: text(timelineLimits.description).nullish(),
  due_date: dayOrInstant.optional(),
  start_date: dayOrInstant.nullish(),
  duration_days: durationInput.nullish(),
  assigned_to: assigneeInput.nullish(),
  priority: z.enum(timelinePriorities).optional(),
  depends_on: dependsOnInput.optional(),
  status: z.enum(timelineStatuses).optional(),
  notes: text(timelineLimits.notes).nullish(),
  completion_date: dayOrInstant.optional(),
  document_ids: documentIdsInput.nullish(),
  force: z.boolean().optional(),
  version: z.number().int().min(1).optional(),
}) satisfies z.ZodType<TimelinePatch>;
