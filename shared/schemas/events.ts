import * as z from 'zod';
import type { Language } from '../i18n/languages.ts';
import {
  canonicalTimezone, type DateBound, defaultsTypeOf, type EventRecord, DEFAULT_CURRENCY, eventStatuses, type EventStatus,
  parseInstant, resolveSchedule, splitLocalDateTime, type Schedule, type ScheduleInput,
} from '../domain/events/rules.ts';
import { amountProblem, toMinorUnits } from '../domain/money.ts';
import { normalizeRsvpDeadline, rsvpDeadlineProblem } from '../domain/rsvp/deadline.ts';
import { foldSort, isoDate, isoDateTime, languageInput, pageQuery, sortParams, text } from './common.ts';
import { amountInput, currencyInput } from './money.ts';

/**
 * What the events routes accept. Unknown and read-only fields (id, organizer_id, counters, timestamps)
 * are not in these schemas, so zod drops them: they can never reach storage. Aliases (`date`+`time`,
 * `location`, `type`) are folded into the model's names here, so nothing after parsing sees them.
 */
export const eventLimits = { name: 200, description: 5000, locationName: 300, locationAddress: 500, capacity: 100_000, eventType: 60 } as const;

const eventDateInput = z.string().trim().max(40).refine(
  (value) => isoDate.safeParse(value).success || isoDateTime.safeParse(value).success || splitLocalDateTime(value) !== null,
  'Use an ISO 8601 date-time (2026-06-20T18:00:00Z; without an offset it is local to the event\'s timezone) or a date (2026-06-20)',
);
const timeInput = z.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'Use HH:MM (24-hour clock)');
const timezoneInput = z.string().trim().max(64).refine((value) => canonicalTimezone(value) !== null, 'Use an IANA time zone such as Europe/Paris');
/** A known type (any case) becomes that type; any other label is kept as given and gets `other`'s defaults. */
const eventTypeInput = text(eventLimits.eventType, 1).transform((label) => (defaultsTypeOf(label) === label.toLowerCase() ? label.toLowerCase() : label));
const capacityInput = z.number().int().min(1).max(eventLimits.capacity);
/** A fixed instant or a span before the event (guests issue); stored normalized. */
const rsvpDeadlineInput = z.string().trim().max(40).transform((value, ctx) => {
  const normalized = normalizeRsvpDeadline(value);
  if (normalized) return normalized;
  ctx.issues.push({ code: 'custom', message: rsvpDeadlineProblem, input: value });
  return z.NEVER;
});

/** Every field a caller may set; on create `name` and a date are required, on update nothing is. */
const editable = {
  name: text(eventLimits.name, 1),
  description: text(eventLimits.description).nullish(),
  event_date: eventDateInput.optional(),
  date: isoDate.optional(),
  time: timeInput.optional(),
  timezone: timezoneInput.optional(),
  location_name: text(eventLimits.locationName).nullish(),
  location: text(eventLimits.locationName).nullish(),
  location_address: text(eventLimits.locationAddress).nullish(),
  event_type: eventTypeInput.optional().meta({ description: 'wedding, conference, party, meeting, birthday, corporate, other, or any label (kept as given, with the defaults of other); alias: type' }),
  type: eventTypeInput.optional(),
  capacity: capacityInput.nullish(),
  budget_total: amountInput.optional(),
  currency: currencyInput.optional(),
  status: z.enum(eventStatuses).optional(),
  waitlist_enabled: z.boolean().optional(),
  rsvp_deadline: rsvpDeadlineInput.nullish(),
  default_language: languageInput.nullish().meta({ description: 'The language of guests\' emails and RSVP pages for guests without their own language (en, fr, de, es); absent or null: English in emails, the browser\'s language on the page' }),
};

const scheduleFields = ['event_date', 'date', 'time', 'timezone'];
const isPlainObject = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value);
const hasIssueAt = (issues: z.core.$ZodRawIssue[], fields: string[]) =>
  issues.some((issue) => fields.includes(String(issue.path?.[0])));

/** The model's name wins over its alias when both are sent. */
const pick = <T>(model: T | undefined, alias: T | undefined): T | undefined => (model !== undefined ? model : alias);

export type EventDraft = Schedule &
  Pick<EventRecord, 'name' | 'description' | 'location_name' | 'location_address' | 'event_type' | 'capacity' | 'budget_total_minor' | 'currency' | 'status' | 'waitlist_enabled' | 'rsvp_deadline' | 'default_language'>;

const orUndefined = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

/** POST /api/events. Cross-field problems (the date, money decimals) are listed with the field ones. */
export const createEventBody = z
  .object(editable)
  // Runs even when fields failed (zod skips refinements after type errors by default), so a missing date
  // is reported together with every other problem; it reads only fields that passed their own checks.
  .superRefine((body, payload) => {
    const add = (path: string, message: string) => payload.addIssue({ code: 'custom', path: [path], message });
    if (hasIssueAt(payload.issues, scheduleFields)) {
      if (body.event_date === undefined && body.date === undefined) add('event_date', 'Required (event_date, or date with an optional time)');
    } else {
      const resolved = resolveSchedule(scheduleOf(body));
      if ('problems' in resolved) for (const { path, message } of resolved.problems) add(path, message);
    }
    if (body.budget_total !== undefined && !hasIssueAt(payload.issues, ['budget_total', 'currency'])) {
      const problem = amountProblem(body.budget_total, body.currency ?? DEFAULT_CURRENCY);
      if (problem) add('budget_total', problem);
    }
  }, { when: (payload) => isPlainObject(payload.value) })
  .transform((body): EventDraft => {
    const schedule = resolveSchedule(scheduleOf(body));
    if (!('schedule' in schedule)) throw new Error('unreachable: the schedule was checked above');
    const currency = body.currency ?? DEFAULT_CURRENCY;
    return {
      ...schedule.schedule,
      name: body.name,
      description: orUndefined(body.description),
      location_name: orUndefined(pick(body.location_name, body.location)),
      location_address: orUndefined(body.location_address),
      event_type: pick(body.event_type, body.type) ?? 'other',
      capacity: orUndefined(body.capacity),
      budget_total_minor: toMinorUnits(body.budget_total ?? 0, currency) ?? 0,
      currency,
      status: body.status ?? 'planning',
      waitlist_enabled: body.waitlist_enabled,
      rsvp_deadline: orUndefined(body.rsvp_deadline),
      default_language: orUndefined(body.default_language),
    };
  });

function scheduleOf(body: { event_date?: string; date?: string; time?: string; timezone?: string }): ScheduleInput {
  return { event_date: body.event_date, date: body.date, time: body.time, timezone: body.timezone };
}

/** A partial change: `null` clears an optional field; absent leaves it as it is. */
export type EventPatch = {
  name?: string;
  description?: string | null;
  schedule: ScheduleInput;
  location_name?: string | null;
  location_address?: string | null;
  event_type?: string;
  capacity?: number | null;
  /** Major units; checked against the event's (possibly new) currency once the event is loaded. */
  budget_total?: number;
  currency?: string;
  status?: EventStatus;
  waitlist_enabled?: boolean;
  rsvp_deadline?: string | null;
  default_language?: Language | null;
  version?: number;
};

/** PUT /api/events/{id}. */
export const updateEventBody = z
  .object({ ...editable, name: editable.name.optional(), version: z.number().int().min(1).optional() })
  .transform((body): EventPatch => ({
    name: body.name,
    description: body.description,
    schedule: scheduleOf(body),
    location_name: pick(body.location_name, body.location),
    location_address: body.location_address,
    event_type: pick(body.event_type, body.type),
    capacity: body.capacity,
    budget_total: body.budget_total,
    currency: body.currency,
    status: body.status,
    waitlist_enabled: body.waitlist_enabled,
    rsvp_deadline: body.rsvp_deadline,
    default_language: body.default_language,
    version: body.version,
  }));

const dateBound = z.string().trim().max(40).transform((value, ctx): DateBound => {
  if (isoDate.safeParse(value).success) return { day: value };
  const instant = parseInstant(value);
  if (instant) return { instant };
  ctx.issues.push({ code: 'custom', message: 'Use a date (2026-06-20) or an ISO 8601 date-time with offset', input: value });
  return z.NEVER;
});

/** No `guest_count`: the list sorts by its memberships' copies of the event, which do not carry counters (issue 15). */
export const eventSorts = ['event_date', 'name', 'created_at'] as const;
export type EventSort = (typeof eventSorts)[number];

const { sort: eventSort, order: eventOrder } = sortParams(eventSorts, 'event_date');

/** GET /api/events. */
export const listEventsQuery = pageQuery
  .extend({
    status: z.enum(eventStatuses).optional(),
    event_type: eventTypeInput.optional(),
    type: eventTypeInput.optional(),
    organizer: z.string().trim().min(1).max(64).optional(),
    from: dateBound.optional(),
    to: dateBound.optional(),
    q: text(eventLimits.name).optional(),
    sort: eventSort.meta({ description: 'event_date (the default), name or created_at; a leading - sorts descending (sort=-name). Not guest_count since 0.6.0: a page reads only its own events (issue 15), and counters change with every guest' }),
    order: eventOrder,
  })
  .transform(({ type, event_type, ...query }, ctx) => ({ ...foldSort(eventSorts, query, ctx), event_type: pick(event_type, type) }));
export type ListEventsQuery = z.output<typeof listEventsQuery>;

export const activityQuery = pageQuery;
