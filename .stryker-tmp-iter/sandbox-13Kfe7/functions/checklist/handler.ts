// @ts-nocheck
import { httpGroup } from '#shared/http/group.ts';
import { deleteChecklistItem, updateChecklistItem } from './change.ts';
import { createChecklistItem } from './create.ts';
import { listChecklist } from './list.ts';

/** The checklist group: one Lambda for the checklist routes (see shared/routes.ts). */
export const handler = httpGroup('checklist', {
  listChecklist,
  createChecklistItem,
  updateChecklistItem,
  deleteChecklistItem,
});
