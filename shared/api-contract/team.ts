import * as z from 'zod';
import { idParam } from '../schemas/common.ts';
import { acceptTeamInvitationBody, addTeamMemberBody, listTeamQuery, teamMfaRequirementBody, transferOwnershipBody, updateTeamMemberBody } from '../schemas/team.ts';
import { deletedBody, id, many, one, timestamp, version } from './envelopes.ts';
import { permissionsSchema, roleSchema } from './events.ts';
import { versionedUpdate } from './entries.ts';
import { mailedLinks } from '../pages/mailed-link.ts';
import { linkCookie, linkOpeningContract, MISSING_LINK_COOKIE } from './mailed-links.ts';
import type { GroupContract } from './operation-contract.ts';

/** A member or a pending invitation as the team routes show it (functions/team/present.ts). */
const memberSchema = z
  .strictObject({
    id: z.string().meta({ description: 'The membership id used by /api/team/{id}' }),
    user_id: id.nullable().meta({ description: 'null for an invitation of an email address (whether or not it has an account: it is never looked up)' }),
    username: z.string().nullable().meta({ description: 'null until the member accepts' }),
    full_name: z.string().nullable().meta({ description: 'null until the member accepts' }),
    email: z.string().nullable().meta({ description: 'An active member\'s email, or the address an email invitation was sent to; null for a pending membership' }),
    phone: z.string().nullable().meta({ description: 'null until the member accepts' }),
    role: roleSchema,
    permissions: permissionsSchema,
    status: z.enum(['active', 'pending', 'invited']),
    invited_at: timestamp,
    joined_at: timestamp.nullable(),
    invited_by: id.nullable(),
    version,
  })
  .meta({
    id: 'TeamMember',
    example: {
      id: '01JD3M8W6ZQ4V7N2K5T9X1B3C801JD3M8W6ZQ4V7N2K5T9X1B3C9', user_id: '01JD3M8W6ZQ4V7N2K5T9X1B3C9', username: null, full_name: null,
      email: null, phone: null, role: 'coordinator',
      permissions: { event: 'write', guests: 'write', budget: 'read', vendors: 'write', timeline: 'write', invitations: 'write', team: 'read', checklist: 'write', documents: 'write', check_in: 'write' },
      status: 'pending', invited_at: '2026-11-24T09:30:00.000Z', joined_at: null, invited_by: '01JD3M8W6ZQ4V7N2K5T9X1B3C0', version: 1,
    },
  });

export const teamContract: GroupContract = {
  listTeamMembers: {
    params: idParam,
    query: listTeamQuery,
    responses: {
      200: {
        description: 'A page of the team, at most two Queries whatever the team holds (paged since 0.6.0: limit 50 by default, at most 100, so a team of up to 50 still comes back whole in the first page; before, the whole team with the members by role): the members (active and pending) in user-id order, then the open email invitations in creation order; one cursor runs across both',
        schema: many(memberSchema),
      },
    },
  },
  addTeamMember: {
    params: idParam,
    body: {
      schema: addTeamMemberBody,
      example: { email: 'charles@example.com', role: 'coordinator', permissions: { budget: 'read' } },
      description: 'A registered user by user_id (pending membership), or an email address (an invitation of that address, the same answer whether or not it has an account); pending until accepted. The email carries a single-use link valid 14 days.',
    },
    responses: { 201: { description: 'The pending membership or invitation: only what the inviter gave, no profile', schema: one(memberSchema), headers: { Location: '/api/team/{id}' } } },
  },
  acceptTeamInvitation: {
    params: idParam,
    body: {
      schema: acceptTeamInvitationBody,
      example: { token: 'Jx3kQ0yPq4m9V7n2K5t9X1b3C8d6F0g2H4j6L8n0P2r' },
      description: 'token: from the invitation email (the page /team-invitations/{token}). Without it, the invitation must be addressed to your account or to your verified email.',
      optional: true,
    },
    description: 'Refusals: 403 email_not_verified (the invitation is for your address but it is not verified: verify it or use the emailed link), 403 invitation_expired, 403 invitation_for_another_account, 404 no invitation for you (or an unknown token), 409 invitation_taken (the token was used, or the invitation was accepted or withdrawn meanwhile), 409 already_on_team.',
    responses: { 200: { description: 'Your membership, now active', schema: one(memberSchema) } },
  },
  openTeamInvitationLink: linkOpeningContract(mailedLinks.teamInvitation, 'token', 303),
  showTeamInvitationPage: {
    cookies: linkCookie(mailedLinks.teamInvitation),
    responses: { 200: { description: 'The invitation: event, role, inviter, a button to the planning app\'s accept screen (token in the URL fragment) and how to sign in or register', schema: z.string().meta({ description: 'A phone-first HTML page' }), mediaType: 'text/html' } },
    htmlErrors: { 400: MISSING_LINK_COOKIE, 403: 'The invitation has expired', 404: 'No open invitation has this token (unknown, withdrawn, or its event is gone)', 409: 'The invitation was already accepted' },
  },
  transferEventOwnership: {
    params: idParam,
    body: { schema: transferOwnershipBody, example: { user_id: '01JD3M8W6ZQ4V7N2K5T9X1B3C9' } },
    ifMatch: true,
    responses: {
      200: {
        description: 'The new organizer; the old one stays as coordinator',
        schema: one(z.strictObject({ id, organizer_id: id, previous_organizer_role: z.literal('coordinator'), version })),
      },
    },
  },
  setTeamMfaRequirement: {
    params: idParam,
    body: { schema: teamMfaRequirementBody, example: { team_mfa_required: true }, description: 'Whether every team member needs a second factor to reach this event' },
    ifMatch: true,
    responses: {
      200: {
        description: "The event's requirement and its new version; while it is on, a member whose account has no second factor gets 403 mfa_required on the event's routes",
        schema: one(z.strictObject({ event_id: id, team_mfa_required: z.boolean(), version })),
      },
    },
    problemCodes: { 403: { forbidden: "only the event's owner may change it", mfa_required: "turning it on needs the owner's own second factor first" } },
  },
  updateTeamMember: versionedUpdate(
    { schema: updateTeamMemberBody, example: { role: 'assistant', permissions: { vendors: 'read' } } },
    { description: 'The changed member or invitation', schema: one(memberSchema) },
  ),
  removeTeamMember: {
    params: idParam,
    responses: { 200: { description: 'Removed (or you left the team)', schema: deletedBody } },
  },
};
