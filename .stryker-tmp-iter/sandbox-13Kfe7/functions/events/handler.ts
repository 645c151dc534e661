// @ts-nocheck
import { httpGroup } from '#shared/http/group.ts';
import { createEvent } from './create.ts';
import { deleteEvent } from './delete.ts';
import { listEvents } from './list.ts';
import { getEvent, listActivity } from './read.ts';
import { updateEvent } from './update.ts';

/** The events group: one Lambda for every /api/events route (see shared/routes.ts). */
export const handler = httpGroup('events', {
  listEvents,
  createEvent,
  getEvent,
  updateEvent,
  deleteEvent,
  listActivity,
});
