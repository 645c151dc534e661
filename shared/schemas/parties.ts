import * as z from 'zod';
import { MAX_PARTY_MEMBERS, partySeatings } from '../domain/parties/rules.ts';
import { pageQuery, text } from './common.ts';
import { guestLimits } from './guests.ts';
import { answersInput } from './questions.ts';
import { answerOf, rsvpAnswerBody } from './rsvp.ts';

/** What the party routes accept (docs/parties.md). Read-only fields (id, code, version aside) are dropped. */
const memberIds = z
  .array(z.string().min(1).max(64))
  .max(MAX_PARTY_MEMBERS, `At most ${MAX_PARTY_MEMBERS} members in a party`)
  .refine((ids) => new Set(ids).size === ids.length, 'A guest is named twice')
  .meta({ description: `The member guests in the party's order (at most ${MAX_PARTY_MEMBERS}; a guest is in one party at most)` });

const seating = z.enum(partySeatings).meta({
  description: 'whole_party (the default): the party is seated whole or waits whole; as_many_as_fit: members seated in order while seats last, the rest waitlisted',
});

export const createPartyBody = z.object({
  name: text(guestLimits.partyName, 1),
  member_ids: memberIds.default([]),
  seating: seating.default('whole_party'),
});

export const updatePartyBody = z.object({
  name: text(guestLimits.partyName, 1).optional(),
  member_ids: memberIds.optional(),
  seating: seating.optional(),
  version: z.number().int().optional(),
});

export const listPartiesQuery = pageQuery;

/** One member's answer in a party's answer: the guest's answer fields (sub_events included) and whose they are. */
const memberAnswer = rsvpAnswerBody.in.extend({ guest_id: z.string().min(1).max(64) });

const everyMemberAnswers = (body: { members: { status?: unknown; rsvp_status?: unknown }[] }, ctx: z.RefinementCtx) => {
  body.members.forEach((member, index) => {
    if ((member.status ?? member.rsvp_status) === undefined) ctx.addIssue({ code: 'custom', path: ['members', index, 'status'], message: 'Required: yes, no or maybe', params: { reason: 'status_required' } });
  });
};

/**
 * A party's answer, from its own link (its page, POST /api/party-rsvp) or recorded by a planner (POST
 * /api/parties/{id}/rsvp): each member's answer to the event and, by sub-event id, to the sub-events that
 * member is invited to (docs/sub-events.md); and in `answers` the party's own answers to the event's
 * `per_party` questions, asked once for the party (docs/questions.md). Members may be left out when only
 * the party's answers change.
 */
export const partyAnswerBody = z
  .object({
    members: z.array(memberAnswer).max(MAX_PARTY_MEMBERS).default([]),
    answers: answersInput.optional().meta({ description: "The party's answers to the per_party questions, by question id (null clears one); other questions are answered per member" }),
  })
  .superRefine(everyMemberAnswers)
  .superRefine((body, ctx) => {
    if (body.members.length === 0 && body.answers === undefined) ctx.addIssue({ code: 'custom', path: ['members'], message: "Give at least one member's answer, or the party's answers" });
  })
  .transform((body) => ({
    members: body.members.map(({ guest_id, sub_events: subEvents, ...answer }) => ({
      guest_id, input: answerOf(answer), ...(subEvents && Object.keys(subEvents).length > 0 ? { sub_events: subEvents } : {}),
    })),
    ...(body.answers ? { answers: body.answers } : {}),
  }));

export type PartyAnswerBody = z.output<typeof partyAnswerBody>;
