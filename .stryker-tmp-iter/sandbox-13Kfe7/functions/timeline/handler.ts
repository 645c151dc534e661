// @ts-nocheck
import { httpGroup } from '#shared/http/group.ts';
import { createTimelineItem } from './create.ts';
import { deleteTimelineItem } from './delete.ts';
import { listTimeline } from './list.ts';
import { updateTimelineItem } from './update.ts';

/** The timeline group: one Lambda for the timeline routes (see shared/routes.ts). */
export const handler = httpGroup('timeline', {
  listTimeline,
  createTimelineItem,
  updateTimelineItem,
  deleteTimelineItem,
});
