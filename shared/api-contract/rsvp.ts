import * as z from 'zod';
import { eventStatuses } from '../domain/events/rules.ts';
import { rsvpStatuses } from '../domain/guests/rules.ts';
import { mailedLinks } from '../pages/mailed-link.ts';
import { rsvpPageFormBody } from '../schemas/party-form.ts';
import { codeParam, guestAnswerBody, invitationCodeHeader, rsvpPageQuery } from '../schemas/rsvp.ts';
import { linkCookie, linkOpeningContract, MISSING_LINK_COOKIE } from './mailed-links.ts';
import { one, timestamp } from './envelopes.ts';
import { storedAnswers } from './questions.ts';
import { questionAudiences, questionKinds } from '../domain/questions/definitions.ts';
import type { GroupContract } from './operation-contract.ts';
import { invitationSubEventSchema } from './sub-events.ts';

/** A guest's own answer as their invitation shows it (shared/domain/rsvp/view.ts guestAnswerView). */
export const invitationGuest = z.strictObject({
  name: z.string(),
  rsvp_status: z.enum(rsvpStatuses),
  rsvp_date: timestamp.nullable(),
  plus_one_allowed: z.boolean(),
  plus_one_limit: z.number().int(),
  plus_one_count: z.number().int(),
  dietary_restrictions: z.array(z.string()),
  special_needs: z.string().nullable(),
  rsvp_note: z.string().nullable(),
  answers: storedAnswers,
});

/** A custom question as the guest's invitation asks it. */
const invitationQuestion = z.strictObject({
  id: z.string(),
  kind: z.enum(questionKinds),
  label: z.string(),
  required: z.boolean(),
  audience: z.enum(questionAudiences).meta({ description: 'attending: asked only with a yes (answers to it are dropped with another answer)' }),
  options: z.array(z.strictObject({ id: z.string(), label: z.string() })),
});

/** What a guest with a code sees (shared/domain/rsvp/view.ts): the event and their own answer, nothing about others. */
export const invitationFields = {
  event: z.strictObject({
    name: z.string(),
    description: z.string().nullable(),
    event_date: timestamp,
    timezone: z.string(),
    local_date: z.string().meta({ description: 'The date on the wall clock of the event', example: '2027-06-20' }),
    local_time: z.string().meta({ example: '18:00' }),
    location_name: z.string().nullable(),
    location_address: z.string().nullable(),
    host_name: z.string().nullable(),
    status: z.enum(eventStatuses),
  }),
  guest: invitationGuest,
  questions: z.array(invitationQuestion).meta({ description: "The event's custom questions of the whole event in page order (a sub-event's own are under that sub-event); answer them in `answers` by id" }),
  sub_events: z.array(invitationSubEventSchema.extend({
    questions: z.array(invitationQuestion).meta({ description: "The questions asked in this sub-event's section (attending: only with a yes to it); answer them in `answers` by id" }),
  })).meta({ description: 'The sub-events the guest is invited to, by start time, with their answer to each (answer them in `sub_events` by id) and their questions; no other sub-event appears' }),
  rsvp_open: z.boolean(),
  rsvp_closes_at: timestamp.nullable(),
};
/** The guest's own invitation: the fields above and the code the door scans. */
const guestInvitationFields = {
  ...invitationFields,
  check_in_code: z.string().nullable().meta({ description: 'While the guest attends: the code the door scans at check-in (the page shows it as a QR code; docs/check-in.md); null otherwise' }),
  party: z.strictObject({
    name: z.string(),
    questions: z.array(invitationQuestion),
    answers: storedAnswers,
  }).nullable().meta({ description: "A party member's: the party's answers to the per_party questions, read-only here (the party's link answers them, docs/questions.md); null for a guest in no party or at an event without per_party questions" }),
};
const invitationView = z.strictObject(guestInvitationFields).meta({ id: 'Invitation' });

const html = z.string().meta({ description: 'A phone-first HTML page' });
const answerExample = { status: 'yes', plus_one_count: 1, dietary_restrictions: ['vegetarian'], note: 'Looking forward to it!' };

const invitationAnswer = { 200: { description: 'The invitation and the answer so far (marks it opened)', schema: one(invitationView) } };
const answerBody = { schema: guestAnswerBody, example: answerExample, description: '`attending` / `not_attending` are accepted for yes / no' };
const answeredInvitation = {
  200: {
    description: 'The invitation with the answer; answer_changed is false when it was the same answer again',
    schema: one(z.strictObject({ ...guestInvitationFields, answer_changed: z.boolean() }).meta({ id: 'AnsweredInvitation' })),
  },
};
const answerIdempotency = 'Public (the invitation code is the credential): there is no caller to keep a key for. An answer replaces the guest\'s answer, so a repeat creates nothing and changes nothing.';
const byPath = 'Deprecated: the code in the path ends up in URLs (logs, history). Use the same route without it, with the code in the Invitation-Code header.';

export const rsvpContract: GroupContract = {
  getInvitation: {
    headers: invitationCodeHeader,
    description: 'Invitation-Code: the code of the guest\'s link (missing or empty: 400; unknown: 404).',
    responses: invitationAnswer,
    problems: [404, 429],
  },
  answerInvitation: {
    headers: invitationCodeHeader,
    description: 'Invitation-Code: the code of the guest\'s link (missing or empty: 400; unknown: 404).',
    body: answerBody,
    responses: answeredInvitation,
    problems: [404, 409, 429],
    idempotencyKeyIgnored: answerIdempotency,
  },
  getInvitationByPath: {
    params: codeParam,
    description: byPath,
    responses: invitationAnswer,
    problems: [429],
  },
  answerInvitationByPath: {
    params: codeParam,
    description: byPath,
    body: answerBody,
    responses: answeredInvitation,
    problems: [409, 429],
    idempotencyKeyIgnored: answerIdempotency,
  },
  openRsvpLink: linkOpeningContract(mailedLinks.rsvp, 'code', 303),
  forwardRsvpForm: linkOpeningContract(mailedLinks.rsvp, 'code', 307),
  showRsvpPage: {
    cookies: linkCookie(mailedLinks.rsvp),
    query: rsvpPageQuery,
    responses: { 200: { description: 'The RSVP page with its form', schema: html, mediaType: 'text/html' } },
    htmlErrors: { 400: MISSING_LINK_COOKIE, 404: 'No invitation has this code', 429: 'Too many requests from this network' },
  },
  downloadRsvpCalendar: {
    cookies: linkCookie(mailedLinks.rsvp),
    responses: {
      200: {
        description: 'An iCalendar object (RFC 5545): one VEVENT per sub-event the guest attends, and the event while their answer is yes (docs/sub-events.md)',
        schema: z.string().meta({ example: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\n...\r\nEND:VCALENDAR\r\n' }),
        mediaType: 'text/calendar',
        headers: { 'Content-Disposition': 'attachment; filename="invitation.ics"' },
      },
    },
    htmlErrors: { 400: MISSING_LINK_COOKIE, 404: 'No invitation has this code', 429: 'Too many requests from this network' },
  },
  submitRsvpPage: {
    cookies: linkCookie(mailedLinks.rsvp),
    body: {
      schema: rsvpPageFormBody,
      mediaType: 'application/x-www-form-urlencoded',
      example: { status: 'yes', plus_one_count: '1', dietary_restrictions: 'vegetarian', note: '' },
      description: "The page form: status, plus_one_count, dietary_restrictions (comma-separated), special_needs, note; a party's page: the same per member under members.<i>. (docs/parties.md)",
    },
    responses: { 303: { description: 'Saved: back to the page, which then says so', headers: { Location: '/rsvp?answered=1' } } },
    htmlErrors: {
      400: `The page again, saying what to fix; or: ${MISSING_LINK_COOKIE}`,
      404: 'No invitation has this code',
      409: 'The page again: answers are closed or the event is full',
      429: 'Too many requests from this network',
    },
    idempotencyKeyIgnored: answerIdempotency,
  },
};
