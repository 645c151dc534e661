import * as z from 'zod';
import { subEventStatuses } from '../domain/sub-events/rules.ts';
import { idParam } from '../schemas/common.ts';
import { createSubEventBody, guestSubEventsBody, subEventGuestsBody, updateSubEventBody } from '../schemas/sub-events.ts';
import { id, many, one, timestamp, version } from './envelopes.ts';
import { PARTIAL_UPDATE_NOTE, versionedDelete, versionedUpdate } from './entries.ts';
import type { OperationContract } from './operation-contract.ts';

/** What a sub-event is and where and when (subEventOutline in shared/domain/sub-events/rules.ts). */
const outlineFields = {
  id,
  title: z.string(),
  description: z.string().nullable(),
  starts_at: timestamp,
  ends_at: timestamp.nullable(),
  location_name: z.string().nullable(),
  location_address: z.string().nullable(),
};

/** How the planning team sees a sub-event (functions/guests/sub-events.ts presentSubEvent). */
const subEventSchema = z.strictObject({
  ...outlineFields,
  event_id: id,
  capacity: z.number().int().nullable().meta({ description: 'Seats (guests plus their plus-ones); null: no limit' }),
  waitlist_enabled: z.boolean(),
  position: z.number().int(),
  invited_count: z.number().int().meta({ description: 'Guests invited to it (equals a recount of the invitations)' }),
  attending_count: z.number().int(),
  attending_headcount: z.number().int().meta({ description: 'Seats taken: attending guests and their plus-ones' }),
  declined_count: z.number().int(),
  waitlisted_count: z.number().int(),
  pending_count: z.number().int().meta({ description: 'Invited guests who have not answered for it' }),
  created_at: timestamp,
  updated_at: timestamp,
  version,
}).meta({ id: 'SubEvent' });

/** A guest's invitation to one sub-event, as the planning team sees it. */
const guestSubEventSchema = z.strictObject({
  sub_event_id: id,
  title: z.string(),
  starts_at: timestamp,
  status: z.enum(subEventStatuses),
  headcount: z.number().int().meta({ description: 'Seats the answer holds or waits for' }),
  answered_at: timestamp.nullable(),
}).meta({ id: 'GuestSubEvent' });

/** A guest's sub-event as the guest sees it on the RSVP routes (never the counts). */
export const invitationSubEventSchema = z.strictObject({
  ...outlineFields,
  status: z.enum(subEventStatuses),
});

const subEventExample = { title: 'Rehearsal dinner', starts_at: '2027-06-19T18:00:00Z', ends_at: '2027-06-19T22:00:00Z', location_name: 'Trattoria Roma', capacity: 40, waitlist_enabled: true };
const inUse = { sub_event_in_use: 'Guests are still invited to it: remove them first (POST /api/sub-events/{id}/guests)' };

/** The sub-event routes, in the guests group's contract. */
export const subEventsContract: Record<string, OperationContract> = {
  listSubEvents: {
    params: idParam,
    responses: { 200: { description: 'The sub-events by start time with their counts; one page', schema: many(subEventSchema) } },
  },
  createSubEvent: {
    params: idParam,
    body: { schema: createSubEventBody, example: subEventExample, description: 'Times are instants with an offset' },
    responses: { 201: { description: 'The sub-event', schema: one(subEventSchema), headers: { Location: '/api/sub-events/{id}' } } },
    problemCodes: { 409: { sub_event_limit: 'The event already has 20 sub-events' } },
  },
  getSubEvent: {
    params: idParam,
    responses: { 200: { description: 'The sub-event with its counts', schema: one(subEventSchema) } },
  },
  updateSubEvent: versionedUpdate(
    { schema: updateSubEventBody, example: { capacity: 50, version: 1 }, description: `${PARTIAL_UPDATE_NOTE}; a capacity below the seats taken is refused (400)` },
    { description: 'The changed sub-event (a larger capacity seats its waitlist in order)', schema: one(subEventSchema) },
  ),
  deleteSubEvent: { ...versionedDelete('Deleted (only while nobody is invited to it)'), problemCodes: { 409: inUse } },
  changeSubEventGuests: {
    params: idParam,
    body: { schema: subEventGuestsBody, example: { add: ['01JD3M8W6ZQ4V7N2K5T9X1B3C801JD3M8W6ZQ4V7N2K5T9X1B3D0'], remove: [] }, description: 'Guest ids to invite (add) and to uninvite with their answers (remove), at most 40 together; one transaction' },
    responses: { 200: { description: 'How many were invited and removed (already invited or not invited: nothing to do), and the sub-event', schema: one(z.strictObject({ invited: z.number().int(), removed: z.number().int(), sub_event: subEventSchema })) } },
  },
  getGuestSubEvents: {
    params: idParam,
    responses: { 200: { description: "The guest's invitations to sub-events with their answers, by start time", schema: many(guestSubEventSchema) } },
  },
  setGuestSubEvents: {
    params: idParam,
    body: { schema: guestSubEventsBody, example: { sub_event_ids: ['01JD3M8W6ZQ4V7N2K5T9X1B3C801JD3M8W6ZQ4V7N2K5T9X1B3E1'] }, description: 'Exactly the sub-events the guest is invited to: new ones start unanswered, left-out ones are removed with their answers' },
    responses: { 200: { description: "The guest's invitations after the change", schema: many(guestSubEventSchema) } },
  },
};
