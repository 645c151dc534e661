import * as z from 'zod';
import { MAX_PARTY_MEMBERS, partySeatings } from '../domain/parties/rules.ts';
import { idParam } from '../schemas/common.ts';
import { createPartyBody, listPartiesQuery, partyAnswerBody, updatePartyBody } from '../schemas/parties.ts';
import { invitationCodeHeader } from '../schemas/rsvp.ts';
import { id, many, one, timestamp, version } from './envelopes.ts';
import { PARTIAL_UPDATE_NOTE, versionedDelete, versionedUpdate } from './entries.ts';
import { guestSchema } from './guests.ts';
import type { OperationContract } from './operation-contract.ts';
import { storedAnswers } from './questions.ts';
import { invitationFields, invitationGuest } from './rsvp.ts';

/** Parties (households): functions/guests/parties.ts and functions/rsvp/party.ts; docs/parties.md. */
const partyFields = {
  id,
  event_id: id,
  name: z.string(),
  seating: z.enum(partySeatings),
  member_ids: z.array(id).meta({ description: `The members in the party's order (at most ${MAX_PARTY_MEMBERS})` }),
  created_at: timestamp,
  updated_at: timestamp,
  version,
};
const partySchema = z.strictObject(partyFields).meta({ id: 'Party' });
const partyWithMembers = z.strictObject({ ...partyFields, members: z.array(guestSchema) }).meta({ id: 'PartyWithMembers' });
const partyWithLink = z.strictObject({
  ...partyFields,
  members: z.array(guestSchema),
  invitation_code: z.string().meta({ description: 'Shown once: only its hash is kept' }),
  rsvp_url: z.string().meta({ description: "The party's RSVP link: one answer for every member" }),
}).meta({ id: 'PartyWithLink' });

const plusOne = z.strictObject({ name: z.string(), dietary_restrictions: z.array(z.string()) });
const memberView = invitationGuest.extend({
  guest_id: id,
  plus_ones: z.array(plusOne),
  answers: storedAnswers.meta({ description: "The member's answers to the event's custom questions (a party's answer gives each member's in `members[].answers`)" }),
  sub_events: invitationFields.sub_events.meta({ description: "The sub-events this member is invited to, by start time, with their answer to each (a party's answer gives each member's in `members[].sub_events` by id); no other sub-event appears" }),
});
const partyInvitationFields = {
  event: z.record(z.string(), z.unknown()).meta({ description: 'The event as on a guest\'s invitation (Invitation.event)' }),
  party: z.strictObject({ name: z.string() }),
  answers: storedAnswers.meta({ description: "The party's own answers to the per_party questions (asked once for the party, not per member), by question id" }),
  questions: invitationFields.questions.meta({ description: "The event's custom questions in page order: those with audience per_party are asked once for the party (answer them in `answers`), the others of each member (in `members[].answers`), by id" }),
  members: z.array(memberView),
  rsvp_open: z.boolean(),
  rsvp_closes_at: timestamp.nullable(),
};
const partyInvitation = z.strictObject(partyInvitationFields).meta({ id: 'PartyInvitation' });

const answerExample = { members: [{ guest_id: '01JD3M8W6ZQ4V7N2K5T9X1B3C801JD3MA2F0S9R6P3M1K8H4D2E7', status: 'yes', plus_ones: [{ name: 'Sam', dietary_restrictions: ['vegan'] }] }] };
const answerBody = {
  schema: partyAnswerBody,
  example: { members: [{ ...answerExample.members[0], sub_events: { '01JD3M8W6ZQ4V7N2K5T9X1B3C9': 'yes' } }] },
  description: "One answer per member named (members not named keep theirs); the party is seated as one decision (its seating); each member's sub_events answer only the sub-events that member is invited to (any other is a 400 naming it, before anything is written)",
};
const codeNote = "Invitation-Code: the code of the party's link (missing or empty: 400; unknown, or a guest's own code: 404).";

export const partiesContract: Record<string, OperationContract> = {
  createParty: {
    params: idParam,
    body: { schema: createPartyBody, example: { name: 'The Somervilles', member_ids: [], seating: 'whole_party' } },
    responses: { 201: { description: 'The party with its link (the code shown once)', schema: one(partyWithLink), headers: { Location: 'The party: /api/parties/{id}' } } },
    problemCodes: { 409: { party_member_taken: 'a guest named is in another party' } },
  },
  listParties: {
    params: idParam,
    query: listPartiesQuery,
    responses: { 200: { description: "A page of the event's parties in creation order", schema: many(partySchema) } },
  },
  getParty: { params: idParam, responses: { 200: { description: 'The party with its members', schema: one(partyWithMembers) } } },
  updateParty: {
    ...versionedUpdate(
      { schema: updatePartyBody, example: { name: 'The Somerville family', version: 1 }, description: `${PARTIAL_UPDATE_NOTE}; member_ids replaces the whole list` },
      { description: 'The changed party with its members', schema: one(partyWithMembers) },
    ),
    problemCodes: { 409: { party_member_taken: 'a guest named is in another party' } },
  },
  deleteParty: versionedDelete('Removed with its link; the members stay on the list'),
  recordPartyAnswer: {
    params: idParam,
    body: answerBody,
    responses: { 200: { description: 'The party with its members\' answers', schema: one(partyWithMembers) } },
    problems: [409],
  },
  reissuePartyInvitationLink: {
    params: idParam,
    responses: { 200: { description: "The party with a fresh link (the code shown once); the old link stops working", schema: one(partyWithLink) } },
  },
};

export const partyRsvpContract: Record<string, OperationContract> = {
  getPartyInvitation: {
    headers: invitationCodeHeader,
    description: codeNote,
    responses: { 200: { description: "The party's invitation and each member's answer", schema: one(partyInvitation) } },
    problems: [404, 429],
  },
  answerPartyInvitation: {
    headers: invitationCodeHeader,
    description: codeNote,
    body: answerBody,
    responses: { 200: { description: 'The invitation with the answers', schema: one(z.strictObject({ ...partyInvitationFields, answer_changed: z.boolean() }).meta({ id: 'AnsweredPartyInvitation' })) } },
    problems: [404, 409, 429],
    idempotencyKeyIgnored: "Public (the party's code is the credential): an answer replaces the members' answers, so a repeat creates nothing and changes nothing.",
  },
};
