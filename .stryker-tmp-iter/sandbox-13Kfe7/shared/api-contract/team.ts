// @ts-nocheck
import * as z from 'zod';
import { idParam } from '../schemas/common.ts';
import { addTeamMemberBody, transferOwnershipBody, updateTeamMemberBody } from '../schemas/team.ts';
import { deletedBody, id, many, one, timestamp, version } from './envelopes.ts';
import { permissionsSchema, roleSchema } from './events.ts';
import { versionedUpdate } from './entries.ts';
import type { GroupContract } from './operation-contract.ts';

/** A member or a pending invitation as the team routes show it (functions/team/present.ts). */
const memberSchema = z
  .strictObject({
    id: z.string().meta({ description: 'The membership id used by /api/team/{id}' }),
    user_id: id.nullable().meta({ description: 'null for an email invitation to someone without an account' }),
    username: z.string().nullable(),
    full_name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
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
      id: '01JD3M8W6ZQ4V7N2K5T9X1B3C801JD3M8W6ZQ4V7N2K5T9X1B3C9', user_id: '01JD3M8W6ZQ4V7N2K5T9X1B3C9', username: 'charles', full_name: 'Charles Babbage',
      email: 'charles@example.com', phone: null, role: 'coordinator',
      permissions: { event: 'write', guests: 'write', budget: 'read', vendors: 'write', timeline: 'write', invitations: 'write', team: 'read', checklist: 'write', documents: 'write' },
      status: 'pending', invited_at: '2026-11-24T09:30:00.000Z', joined_at: null, invited_by: '01JD3M8W6ZQ4V7N2K5T9X1B3C0', version: 1,
    },
  });

export const teamContract: GroupContract = {
  listTeamMembers: {
    params: idParam,
    responses: { 200: { description: 'Members by role, then pending email invitations (not paged)', schema: many(memberSchema) } },
  },
  addTeamMember: {
    params: idParam,
    body: {
      schema: addTeamMemberBody,
      example: { email: 'charles@example.com', role: 'coordinator', permissions: { budget: 'read' } },
      description: 'A registered user by user_id or email, or an email to invite to register; pending until accepted',
    },
    responses: { 201: { description: 'The pending membership or invitation', schema: one(memberSchema), headers: { Location: '/api/team/{id}' } } },
  },
  acceptTeamInvitation: {
    params: idParam,
    responses: { 200: { description: 'Your membership, now active', schema: one(memberSchema) } },
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
  updateTeamMember: versionedUpdate(
    { schema: updateTeamMemberBody, example: { role: 'assistant', permissions: { vendors: 'read' } } },
    { description: 'The changed member or invitation', schema: one(memberSchema) },
  ),
  removeTeamMember: {
    params: idParam,
    responses: { 200: { description: 'Removed (or you left the team)', schema: deletedBody } },
  },
};
