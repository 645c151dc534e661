import { httpGroup } from '#shared/http/group.ts';
import { createCalendarFeed, deleteCalendarFeedRoute, getCalendarFeedStatus, readCalendarFeed } from './calendar-feed.ts';
import { createTimelineItem } from './create.ts';
import { deleteTimelineItem } from './delete.ts';
import { listTimeline } from './list.ts';
import { updateTimelineItem } from './update.ts';

/** The timeline group: one Lambda for the timeline routes and the calendar feeds of its due dates (see shared/routes.ts). */
export const handler = httpGroup('timeline', {
  listTimeline,
  createTimelineItem,
  updateTimelineItem,
  deleteTimelineItem,
  getCalendarFeedStatus,
  createCalendarFeed,
  deleteCalendarFeed: deleteCalendarFeedRoute,
  readCalendarFeed,
});
