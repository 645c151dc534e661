import * as z from 'zod';
import { MAX_GUESTS_PER_SUB_EVENT_BULK, MAX_SUB_EVENTS_PER_EVENT, subEventAnswers } from '../domain/sub-events/rules.ts';
import { isoDateTime, text } from './common.ts';

/** What the sub-event routes accept (docs/sub-events.md). Times are instants with an offset (`2027-06-19T18:00:00Z`). */
const subEventFields = {
  title: text(200, 1),
  description: text(2000).nullish(),
  starts_at: isoDateTime,
  ends_at: isoDateTime.nullish(),
  location_name: text(300).nullish(),
  location_address: text(500).nullish(),
  capacity: z.number().int().min(1).max(100_000).nullish().meta({ description: 'Seats (guests plus their plus-ones); null: no limit' }),
  waitlist_enabled: z.boolean().optional().meta({ description: 'A yes that does not fit waits in line (promoted in order when seats free up) instead of being refused' }),
  position: z.number().int().min(0).max(1000).optional(),
};

export const createSubEventBody = z.object(subEventFields);
export const updateSubEventBody = z.object({
  ...subEventFields,
  title: subEventFields.title.optional(),
  starts_at: subEventFields.starts_at.optional(),
  version: z.number().int().optional(),
});

const subEventId = z.string().min(1).max(64);

/** PUT /api/guests/{id}/sub-events: the whole set the guest is invited to (absent ones are uninvited, their answers dropped). */
export const guestSubEventsBody = z.object({
  sub_event_ids: z.array(subEventId).max(MAX_SUB_EVENTS_PER_EVENT),
});

/** POST /api/sub-events/{id}/guests: invite and uninvite guests in bulk. */
export const subEventGuestsBody = z
  .object({
    add: z.array(z.string().min(1).max(64)).max(MAX_GUESTS_PER_SUB_EVENT_BULK).optional(),
    remove: z.array(z.string().min(1).max(64)).max(MAX_GUESTS_PER_SUB_EVENT_BULK).optional(),
  })
  .refine((body) => (body.add?.length ?? 0) + (body.remove?.length ?? 0) <= MAX_GUESTS_PER_SUB_EVENT_BULK, { path: ['add'], message: `At most ${MAX_GUESTS_PER_SUB_EVENT_BULK} guests in add and remove together` })
  .refine((body) => (body.add?.length ?? 0) + (body.remove?.length ?? 0) > 0, { path: ['add'], message: 'Name at least one guest in add or remove' });

/** The guest's answers per sub-event on the RSVP routes: yes or no by sub-event id (only those they are invited to). */
export const subEventAnswersInput = z
  .record(z.string().max(64), z.enum(subEventAnswers, { message: 'Use yes or no' }))
  .refine((answers) => Object.keys(answers).length <= MAX_SUB_EVENTS_PER_EVENT, `At most ${MAX_SUB_EVENTS_PER_EVENT} answers`)
  .meta({ description: 'Answers per sub-event by sub-event id: yes or no (only sub-events the guest is invited to; a sub-event left out keeps its answer)' });
