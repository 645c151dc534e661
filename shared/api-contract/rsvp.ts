import * as z from 'zod';
import { eventStatuses } from '../domain/events/rules.ts';
import { rsvpStatuses } from '../domain/guests/rules.ts';
import { codeParam, rsvpAnswerBody, rsvpFormBody, rsvpPageQuery } from '../schemas/rsvp.ts';
import { one, timestamp } from './envelopes.ts';
import type { GroupContract } from './operation-contract.ts';

/** What a guest with a code sees (shared/domain/rsvp/view.ts): the event and their own answer, nothing about others. */
const invitationFields = {
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
  guest: z.strictObject({
    name: z.string(),
    rsvp_status: z.enum(rsvpStatuses),
    rsvp_date: timestamp.nullable(),
    plus_one_allowed: z.boolean(),
    plus_one_limit: z.number().int(),
    plus_one_count: z.number().int(),
    dietary_restrictions: z.array(z.string()),
    special_needs: z.string().nullable(),
    rsvp_note: z.string().nullable(),
  }),
  rsvp_open: z.boolean(),
  rsvp_closes_at: timestamp.nullable(),
};
const invitationView = z.strictObject(invitationFields).meta({ id: 'Invitation' });

const html = z.string().meta({ description: 'A phone-first HTML page' });
const answerExample = { status: 'yes', plus_one_count: 1, dietary_restrictions: ['vegetarian'], note: 'Looking forward to it!' };

export const rsvpContract: GroupContract = {
  getInvitation: {
    params: codeParam,
    responses: { 200: { description: 'The invitation and the answer so far (marks it opened)', schema: one(invitationView) } },
    problems: [429],
  },
  answerInvitation: {
    params: codeParam,
    body: { schema: rsvpAnswerBody, example: answerExample, description: '`attending` / `not_attending` are accepted for yes / no' },
    responses: {
      200: {
        description: 'The invitation with the answer; answer_changed is false when it was the same answer again',
        schema: one(z.strictObject({ ...invitationFields, answer_changed: z.boolean() }).meta({ id: 'AnsweredInvitation' })),
      },
    },
    problems: [409, 429],
    idempotencyKeyIgnored: 'Public (the invitation code is the credential): there is no caller to keep a key for. An answer replaces the guest\'s answer, so a repeat creates nothing and changes nothing.',
  },
  showRsvpPage: {
    params: codeParam,
    query: rsvpPageQuery,
    responses: { 200: { description: 'The RSVP page with its form', schema: html, mediaType: 'text/html' } },
    htmlErrors: { 404: 'No invitation has this code', 429: 'Too many requests from this network' },
  },
  submitRsvpPage: {
    params: codeParam,
    body: {
      schema: rsvpFormBody,
      mediaType: 'application/x-www-form-urlencoded',
      example: { status: 'yes', plus_one_count: '1', dietary_restrictions: 'vegetarian', note: '' },
      description: 'The page form: status, plus_one_count, dietary_restrictions (comma-separated), special_needs, note',
    },
    responses: { 303: { description: 'Saved: back to the page, which then says so', headers: { Location: '/rsvp/{code}?answered=1' } } },
    htmlErrors: {
      400: 'The page again, saying what to fix',
      404: 'No invitation has this code',
      409: 'The page again: answers are closed or the event is full',
      429: 'Too many requests from this network',
    },
    idempotencyKeyIgnored: 'Public (the invitation code is the credential): there is no caller to keep a key for. An answer replaces the guest\'s answer, so a repeat creates nothing and changes nothing.',
  },
};
