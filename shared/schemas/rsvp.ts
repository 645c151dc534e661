import * as z from 'zod';
import { rsvpAnswers } from '../domain/guests/rules.ts';
import type { RsvpInput } from '../domain/rsvp/rules.ts';
import { email, phone, text } from './common.ts';
import { dietaryInput, guestLimits, plusOneCountInput } from './guests.ts';
import { answersInput } from './questions.ts';
import { subEventAnswersInput } from './sub-events.ts';

/**
 * An answer to an invitation, from the guest (JSON or the page's form) or recorded by a planner. The
 * seed's `attending` / `not_attending` are accepted for yes / no.
 */
const statusAliases: Record<string, (typeof rsvpAnswers)[number]> = { attending: 'yes', not_attending: 'no' };

const statusInput = z
  .string()
  .trim()
  .toLowerCase()
  .transform((value) => statusAliases[value] ?? value)
  .pipe(z.enum(rsvpAnswers, { message: 'Use yes, no or maybe' }));

/** An empty text clears a field like null does; absent leaves it. */
const emptyClears = (value: string | null | undefined) => (value === '' ? null : value);

/** A plus-one by name (the count follows the names). Seam: a meal choice joins here when the event asks for one. */
export const plusOneInput = z.strictObject({
  name: text(guestLimits.name, 1),
  dietary_restrictions: dietaryInput.nullish().transform((value) => value ?? []),
});

const answerShape = {
  status: statusInput.optional(),
  rsvp_status: statusInput.optional(),
  plus_one_count: plusOneCountInput.optional(),
  plus_ones: z.array(plusOneInput).max(guestLimits.plusOnes).optional().meta({ description: 'The plus-ones by name; their number is the plus_one_count' }),
  dietary_restrictions: dietaryInput.nullish(),
  special_needs: text(guestLimits.specialNeeds).nullish(),
  note: text(1000).nullish(),
  rsvp_note: text(1000).nullish(),
  answers: answersInput.optional(),
};
type AnswerShape = z.output<z.ZodObject<typeof answerShape>>;

const hasStatus: [(body: AnswerShape) => boolean, { path: string[]; message: string; params: { reason: 'status_required' } }] = [
  (body) => (body.status ?? body.rsvp_status) !== undefined,
  { path: ['status'], message: 'Required: yes, no or maybe', params: { reason: 'status_required' } },
];

export const answerOf = (body: AnswerShape): RsvpInput => ({
  status: (body.status ?? body.rsvp_status) as RsvpInput['status'],
  plus_one_count: body.plus_one_count,
  ...(body.plus_ones ? { plus_ones: body.plus_ones } : {}),
  dietary_restrictions: body.dietary_restrictions === null ? [] : body.dietary_restrictions,
  special_needs: emptyClears(body.special_needs),
  note: emptyClears(body.note !== undefined ? body.note : body.rsvp_note),
  ...(body.answers ? { answers: body.answers } : {}),
});

/** Answers to sub-events beside the event's (absent or empty: none given, each keeps its answer). */
const subEventsOf = (subEvents: Record<string, 'yes' | 'no'> | undefined): Pick<RsvpInput, 'sub_events'> =>
  (subEvents && Object.keys(subEvents).length > 0 ? { sub_events: subEvents } : {});

/** A planner recording an answer for a guest (POST /api/guests/{id}/rsvp), to the event and to the sub-events the guest is invited to. */
export const rsvpAnswerBody = z
  .object({ ...answerShape, sub_events: subEventAnswersInput.optional() })
  .refine(...hasStatus)
  .transform(({ sub_events: subEvents, ...body }): RsvpInput => ({ ...answerOf(body), ...subEventsOf(subEvents) }));

/**
 * The guest's own answer (POST /api/rsvp, the page's form): the answer, and optionally the guest's own
 * email and phone (absent or empty keeps them; a null phone removes it). The hosts are told of a change.
 */
export const guestAnswerBody = z
  .object({
    ...answerShape,
    email: email.optional().meta({ description: 'The guest\'s own new email (unique on the guest list: 409 duplicate_guest when another guest has it)' }),
    phone: phone.nullish().meta({ description: 'The guest\'s own new phone; null removes it' }),
    sub_events: subEventAnswersInput.optional(),
  })
  .refine(...hasStatus)
  .transform(({ email: newEmail, phone: newPhone, sub_events: subEvents, ...body }): RsvpInput => ({
    ...answerOf(body),
    ...subEventsOf(subEvents),
    ...(newEmail !== undefined || newPhone !== undefined ? { contact: { ...(newEmail !== undefined ? { email: newEmail } : {}), ...(newPhone !== undefined ? { phone: newPhone } : {}) } } : {}),
  }));

/**
 * The custom questions' fields of the form: `answers.<question>` holds a text, a number, yes/no or the
 * chosen option; a multiple choice posts one checkbox `answers.<question>.<option>` per chosen option
 * beside an empty `answers.<question>` that says the question was on the form (none ticked clears it).
 */
export function formAnswers(form: Record<string, string>): { answers?: Record<string, string | string[]> } {
  const answers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(form)) {
    const [prefix, questionId, optionId] = name.split('.');
    if (prefix !== 'answers' || !questionId) continue;
    if (optionId === undefined) {
      if (!Array.isArray(answers[questionId])) answers[questionId] = value;
      continue;
    }
    const chosen = answers[questionId];
    answers[questionId] = [...(Array.isArray(chosen) ? chosen : []), optionId];
  }
  return Object.keys(answers).length > 0 ? { answers } : {};
}

/**
 * The page's form: every field arrives as text. An emptied field clears what was there (that is what
 * the guest sees when they submit it empty); the rest goes through the same answer schema.
 */
/** The sub-events' radios of the form: `sub_events.<sub-event>` = yes / no (unticked: not sent, the answer kept). */
function formSubEventAnswers(form: Record<string, string>): { sub_events?: Record<string, string> } {
  const chosen = Object.entries(form).flatMap(([name, value]) => {
    const [prefix, subEventId] = name.split('.');
    return prefix === 'sub_events' && subEventId && value ? [[subEventId, value] as const] : [];
  });
  return chosen.length > 0 ? { sub_events: Object.fromEntries(chosen) } : {};
}

export const rsvpFormBody = z.record(z.string(), z.string()).transform((form) => ({
  ...formAnswers(form),
  ...formSubEventAnswers(form),
  status: form.status,
  plus_one_count: form.plus_one_count === undefined || form.plus_one_count === '' ? undefined : Number(form.plus_one_count),
  dietary_restrictions: form.dietary_restrictions ?? '',
  special_needs: form.special_needs ?? '',
  note: form.note ?? '',
  // The page shows no contact details (a forwarded link must not reveal them): an empty field keeps them.
  email: form.email?.trim() ? form.email : undefined,
  phone: form.phone?.trim() ? form.phone : undefined,
}));

/** Any text: a code that is not one of ours is a friendly 404, not a 400. */
export const codeParam = z.object({ code: z.string().max(2048) });

/**
 * GET and POST /api/rsvp: the code in a header, so it stays out of URLs (and so out of access logs,
 * browser history and Referer). Missing or empty is a 400; any other text an unknown code's 404.
 */
export const invitationCodeHeader = z.object({
  'invitation-code': z
    .string({ error: 'Required: the invitation code from the link, in the Invitation-Code header' })
    .trim()
    .min(1, 'Required: the invitation code from the link, in the Invitation-Code header (it is empty)')
    .max(2048, 'Too long for an invitation code'),
});

/** GET /rsvp: `answered` is set by the form's redirect, to show that the answer was saved. */
export const rsvpPageQuery = z.object({ answered: z.string().max(10).optional() });
