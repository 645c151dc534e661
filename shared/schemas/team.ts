import * as z from 'zod';
import { type Area, areas, levels } from '../domain/permissions.ts';
import { assignableRoles } from '../domain/team/rules.ts';
import { email, pageQuery } from './common.ts';

/** What the team routes accept. An unknown area in `permissions` is refused like any unknown field. */
const userId = z.string().trim().min(1).max(64);

const permissionOverrides = z.object(
  Object.fromEntries(areas.map((area) => [area, z.enum(levels).optional()])) as Record<Area, z.ZodOptional<z.ZodEnum<{ [L in (typeof levels)[number]]: L }>>>,
);

/**
 * GET /api/events/{id}/team: `?limit=&cursor=` as every list, but 50 by default, so a team of the usual
 * size (at most 50 members and invitations) comes back whole in the first page, as before it was paged.
 */
export const TEAM_PAGE_DEFAULT = 50;
export const listTeamQuery = pageQuery.extend({
  limit: z.coerce.number().int().min(1).max(100).default(TEAM_PAGE_DEFAULT),
});

/** POST /api/events/{id}/team: a registered user by id or email, or an email to invite to register. */
export const addTeamMemberBody = z
  .object({
    user_id: userId.optional(),
    email: email.optional(),
    role: z.enum(assignableRoles),
    permissions: permissionOverrides.default({}),
  })
  .superRefine((body, payload) => {
    if ((body.user_id === undefined) === (body.email === undefined) && !payload.issues.some((issue) => ['user_id', 'email'].includes(String(issue.path?.[0])))) {
      payload.addIssue({ code: 'custom', path: ['user_id'], message: 'Give user_id or email (one of them)' });
    }
  }, { when: (payload) => typeof payload.value === 'object' && payload.value !== null });

/** PUT /api/team/{id}. */
export const updateTeamMemberBody = z.object({
  role: z.enum(assignableRoles).optional(),
  permissions: permissionOverrides.optional(),
  version: z.number().int().min(1).optional(),
});

/** POST /api/events/{id}/transfer. */
export const transferOwnershipBody = z.object({ user_id: userId });

/**
 * POST /api/events/{id}/team/accept: the token from the invitation email, or no body (then the invitation
 * must be addressed to the caller's account, or to the caller's verified email).
 */
export const acceptTeamInvitationBody = z.object({ token: z.string().trim().min(1).max(200).optional() }).default({});

/** PUT /api/events/{id}/team/mfa-requirement: whether every team member needs a second factor (docs/mfa.md). */
export const teamMfaRequirementBody = z.object({
  team_mfa_required: z.boolean(),
  /** The event's version, like If-Match (either). */
  version: z.number().int().min(1).optional(),
});
export type TeamMfaRequirementBody = z.infer<typeof teamMfaRequirementBody>;
