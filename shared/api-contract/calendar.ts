import * as z from 'zod';
import { calendarFeedParams } from '../schemas/calendar.ts';
import { idParam } from '../schemas/common.ts';
import { deletedBody, id, one, timestamp } from './envelopes.ts';
import type { GroupContract } from './operation-contract.ts';

/** How the API shows a member's calendar feed (functions/timeline/calendar-feed.ts; docs/calendar-feeds.md). */
const feedFields = {
  event_id: id,
  user_id: id,
  active: z.boolean().meta({ description: 'Whether the caller has a feed of this event now' }),
  created_at: timestamp.nullable(),
  rotated_at: timestamp.nullable().meta({ description: 'When the current URL was made (a rotation ends the one before)' }),
  shows: z
    .array(z.enum(['event', 'timeline', 'checklist', 'sub_events']))
    .meta({ description: "What the feed shows now, from the member's permissions (read at every fetch): the event always, the timeline's and the checklist's due dates with read on them, the sub-events with read on the guests", example: ['event', 'timeline', 'checklist', 'sub_events'] }),
};
const feedSchema = z.strictObject(feedFields).meta({ id: 'CalendarFeed' });
const withUrl = z
  .strictObject({
    ...feedFields,
    url: z.string().meta({ description: 'The private subscription URL: shown this once (only its hash is kept)', example: 'https://plan.example.com/calendar/01JD3M8W6ZQ4V7N2K5T9X1B3C801JD3M8W6ZQ4V7N2K5T9X1B3C0q3e...' }),
    webcal_url: z.string().meta({ description: 'The same URL as webcal:, which opens the subscription in Apple Calendar and Outlook' }),
  })
  .meta({ id: 'CalendarFeedWithUrl' });

const icsExample = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//event-planning//calendar-feed//EN\r\n...\r\nEND:VCALENDAR\r\n';

/** The calendar feed routes, answered by the timeline group's Lambda. */
export const calendarContract: GroupContract = {
  getCalendarFeedStatus: { params: idParam, responses: { 200: { description: "The caller's feed of the event: whether there is one and what it shows", schema: one(feedSchema) } } },
  createCalendarFeed: {
    params: idParam,
    responses: {
      201: {
        description: 'A new feed URL, shown this once; a feed the caller had is rotated (its URL answers 404 from now on)',
        schema: one(withUrl),
        headers: { Location: '/api/events/{id}/calendar-feed' },
      },
    },
  },
  deleteCalendarFeed: { params: idParam, responses: { 200: { description: 'Revoked: the URL answers 404 from now on (the same answer when there was none)', schema: deletedBody } } },
  readCalendarFeed: {
    params: calendarFeedParams,
    responses: {
      200: {
        description: "An iCalendar object (RFC 5545): the event, and the timeline's and checklist's due dates the member may read now",
        schema: z.string().meta({ example: icsExample }),
        mediaType: 'text/calendar',
        headers: { 'Content-Disposition': 'inline; filename="event.ics"' },
      },
    },
    problems: [429],
  },
};
