import * as z from 'zod';
import { languages } from '../i18n/languages.ts';
import { eventStatuses } from '../domain/events/rules.ts';
import { areas, levels, roles } from '../domain/permissions.ts';
import { idParam } from '../schemas/common.ts';
import { activityQuery, createEventBody, listEventsQuery, updateEventBody } from '../schemas/events.ts';
import { budgetFigures, currency, id, many, money, one, timestamp, version } from './envelopes.ts';
import { PARTIAL_UPDATE_NOTE, versionedDelete, versionedUpdate } from './entries.ts';
import type { GroupContract } from './operation-contract.ts';

/** How the API shows events (functions/events/present.ts). */
export const roleSchema = z.enum(roles);
export const permissionsSchema = z
  .strictObject(Object.fromEntries(areas.map((area) => [area, z.enum(levels)])) as Record<(typeof areas)[number], z.ZodEnum<{ [L in (typeof levels)[number]]: L }>>)
  .meta({ id: 'Permissions', description: 'Access per area after role defaults and overrides' });

export const budgetSummarySchema = z
  .strictObject({
    currency,
    budget_total: money,
    ...budgetFigures,
    remaining: money.meta({ description: 'budget_total − committed: negative when over budget' }),
    percent_used: z.number().nullable(),
  })
  .meta({ id: 'BudgetSummary' });

/** Left out for a caller who may not read the area (docs/area-visibility.md). */
const ofArea = <T extends z.ZodType>(schema: T, area: string) =>
  schema.optional().meta({ description: `Only for a caller who may read the ${area}` });

const eventFields = {
  id,
  name: z.string(),
  description: z.string().nullable(),
  event_date: z.string().meta({ description: 'ISO 8601 instant (UTC)', example: '2027-06-20T16:00:00.000Z' }),
  timezone: z.string().meta({ example: 'Europe/Paris' }),
  location_name: z.string().nullable(),
  location_address: z.string().nullable(),
  event_type: z.string().meta({ description: 'A known type (wedding, conference, party, meeting, birthday, corporate, other) or the label given' }),
  capacity: z.number().int().nullable(),
  budget_total: ofArea(money, 'budget'),
  currency: ofArea(currency, 'budget'),
  status: z.enum(eventStatuses),
  waitlist_enabled: z.boolean(),
  team_mfa_required: z.boolean().meta({ description: 'Every team member needs a second factor to reach this event (set by its owner: PUT /api/events/{id}/team/mfa-requirement)' }),
  rsvp_deadline: z.string().nullable().meta({ description: 'An instant, or an ISO 8601 duration before the event (P14D)' }),
  rsvp_closes_at: z.string().nullable(),
  default_language: z.enum(languages).nullable().meta({ description: 'The language of guests\' emails and RSVP pages for guests without their own; null: English in emails, the browser\'s language on the page' }),
  organizer_id: id,
  created_at: timestamp,
  updated_at: timestamp,
  version,
  guest_count: ofArea(z.number().int(), 'guests'),
  rsvp_yes: ofArea(z.number().int(), 'guests'),
  rsvp_no: ofArea(z.number().int(), 'guests'),
  rsvp_maybe: ofArea(z.number().int(), 'guests'),
};

const eventExample = {
  id: '01JD3M8W6ZQ4V7N2K5T9X1B3C8', name: 'Ada & Charles', description: null, event_date: '2027-06-20T16:00:00.000Z', timezone: 'Europe/Paris',
  location_name: 'Château de Vincennes', location_address: null, event_type: 'wedding', capacity: 120, budget_total: 25000, currency: 'EUR',
  status: 'planning', waitlist_enabled: false, team_mfa_required: false, rsvp_deadline: 'P14D', rsvp_closes_at: '2027-06-06T16:00:00.000Z', default_language: 'fr',
  organizer_id: '01JD3M8W6ZQ4V7N2K5T9X1B3C0', created_at: '2026-11-24T09:30:00.000Z', updated_at: '2026-11-24T09:30:00.000Z', version: 1,
  guest_count: 0, rsvp_yes: 0, rsvp_no: 0, rsvp_maybe: 0,
};

export const eventSchema = z
  .strictObject({
    ...eventFields,
    rsvp_pending: ofArea(z.number().int(), 'guests'),
    rsvp_waitlisted: ofArea(z.number().int(), 'guests'),
    attending_headcount: ofArea(z.number().int(), 'guests'),
    // No description of its own, so the summary stays a reference to BudgetSummary.
    budget: budgetSummarySchema.optional(),
    timeline: ofArea(z.strictObject({ total: z.number().int(), done: z.number().int(), overdue: z.number().int() }), 'timeline'),
    role: roleSchema.meta({ description: "The caller's role on this event" }),
    permissions: permissionsSchema,
  })
  .meta({
    id: 'Event',
    example: {
      ...eventExample, rsvp_pending: 0, rsvp_waitlisted: 0, attending_headcount: 0,
      budget: { currency: 'EUR', budget_total: 25000, estimated: 0, actual: 0, committed: 0, paid: 0, outstanding: 0, remaining: 25000, percent_used: 0 },
      timeline: { total: 0, done: 0, overdue: 0 }, role: 'organizer',
      permissions: Object.fromEntries(areas.map((area) => [area, 'write'])),
    },
  });

const eventRow = z.strictObject({ ...eventFields, role: roleSchema }).meta({ id: 'EventRow', example: { ...eventExample, role: 'organizer' } });

const auditEntry = z
  .strictObject({
    id,
    actor_id: z.string().meta({ description: 'The user who made the change; `deleted-user` once their account is deleted (no name or address of theirs is kept); `operator:<name>` for an operator', example: '01JD3M8W6ZQ4V7N2K5T9X1B3C8' }),
    action: z.string().meta({ example: 'event.updated' }),
    entity_type: z.string(),
    entity_id: z.string(),
    changes: z.array(z.strictObject({ field: z.string(), before: z.unknown(), after: z.unknown() })),
    at: timestamp,
    subject: z.string().optional().meta({ description: "The entity's name at the time (a guest's name, a task's title), where the change names one" }),
  })
  .meta({ id: 'AuditEntry' });

export const eventsContract: GroupContract = {
  listEvents: {
    query: listEventsQuery,
    responses: { 200: { description: 'A page of events', schema: many(eventRow, { total: z.number().int().meta({ description: 'Events matching the filters' }) }) } },
  },
  createEvent: {
    body: {
      schema: createEventBody,
      example: { name: 'Ada & Charles', event_date: '2027-06-20T18:00:00+02:00', timezone: 'Europe/Paris', location_name: 'Château de Vincennes', event_type: 'wedding', capacity: 120, budget_total: 25000, currency: 'EUR', rsvp_deadline: 'P14D' },
      description: 'Aliases accepted: `date` (+ `time`) for event_date, `location` for location_name, `type` for event_type',
    },
    responses: { 201: { description: 'The event, with its default budget categories and the caller as organizer', schema: one(eventSchema), headers: { Location: '/api/events/{id}' } } },
  },
  getEvent: {
    params: idParam,
    responses: { 200: { description: 'The event with its counters, summaries and your role', schema: one(eventSchema) } },
  },
  updateEvent: versionedUpdate(
    { schema: updateEventBody, example: { status: 'confirmed', capacity: 150, version: 1 }, description: PARTIAL_UPDATE_NOTE },
    { description: 'The changed event', schema: one(eventSchema) },
  ),
  deleteEvent: versionedDelete('Deleted with everything in it'),
  listActivity: {
    params: idParam,
    query: activityQuery,
    responses: { 200: { description: 'Audit entries, newest first', schema: many(auditEntry) } },
  },
};
