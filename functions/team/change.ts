import type { Caller } from '#shared/auth/tokens.ts';
import { auditPut } from '#shared/data/audit.ts';
import { loadEventAccess } from '#shared/data/events/access.ts';
import { eventIdOfChild } from '#shared/data/ids.ts';
import { changeInvite, changeMember, getTeamEntry, removeInvite, removeMember, type TeamInvite, type TeamMember } from '#shared/data/team/repository.ts';
import { checkGrant, overridesToStore } from '#shared/domain/team/rules.ts';
import { ForbiddenError, NotFoundError, VersionConflictError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { expectedVersion } from '#shared/http/if-match.ts';
import { deleted, ok } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { updateTeamMemberBody } from '#shared/schemas/team.ts';
import { assertTeamSaved, presentInvite, presentMember } from './present.ts';

const organizerIsFixed = () => new ForbiddenError('The organizer cannot be removed or demoted; transfer ownership first.');

/**
 * `/api/team/{id}` names a member (event id + user id) or an invitation (a child id of the event). Leaving
 * (your own membership) needs only to be on the team; anything else needs `team: write`, and a
 * coordinator's membership is the organizer's to change.
 */
async function loadTarget(caller: Caller, id: string) {
  const eventId = eventIdOfChild(id);
  if (!eventId) throw new NotFoundError('team member');
  const rest = id.slice(eventId.length);
  const leaving = rest === caller.userId;
  const access = await loadEventAccess(caller, eventId, leaving ? 'event' : 'team', leaving ? 'read' : 'write', leaving ? { withoutSecondFactor: true } : {});
  const { member, invite } = await getTeamEntry(eventId, rest, id);
  if (!member && !invite) throw new NotFoundError('team member');
  if (member?.role === 'organizer') throw organizerIsFixed();
  if (member?.role === 'coordinator' && !leaving && !access.isOrganizer) throw new ForbiddenError("Only the organizer can change a coordinator's membership.");
  return { access, member, invite, leaving };
}

/** PUT /api/team/{id}: role and per-area permissions, within what the changer holds. */
export const updateTeamMember = operation({
  params: idParam,
  body: updateTeamMemberBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller, request }) => {
    const { access, member, invite, leaving } = await loadTarget(caller, params.id);
    if (leaving) throw new ForbiddenError('You cannot change your own membership; ask someone with team write.');
    const entry = (member ?? invite) as TeamMember | TeamInvite;
    const expected = expectedVersion(request.headers, body.version);
    if (expected !== undefined && expected !== (entry.version ?? 1)) throw new VersionConflictError();
    const role = body.role ?? entry.role;
    if (role === 'organizer') throw organizerIsFixed();
    const overrides = body.permissions ?? entry.permissions ?? {};
    const verdict = checkGrant({ role: access.member.role, permissions: access.permissions }, role, overrides);
    if (!verdict.allowed) throw new ForbiddenError(verdict.reason);
    const stored = overridesToStore(role, overrides);
    const audit = auditPut({ eventId: access.event.id }, {
      actor_id: caller.userId, action: 'team.changed', entity_type: 'teamMember', entity_id: params.id,
      changes: [{ field: 'role', before: entry.role, after: role }, { field: 'permissions', before: entry.permissions ?? {}, after: stored }], at: new Date().toISOString(),
    });
    const version = (entry.version ?? 1) + 1;
    if (member) {
      assertTeamSaved(await changeMember(member, role, stored, [audit]), () => new VersionConflictError());
      return ok(presentMember({ ...member, role, permissions: stored, version }, undefined));
    }
    const current = invite as TeamInvite;
    assertTeamSaved(await changeInvite(current, role, stored, [audit]), () => new VersionConflictError());
    return ok(presentInvite({ ...current, role, permissions: stored, version }));
  },
});

/** DELETE /api/team/{id}: remove a member or revoke an invitation; a member may remove themselves (leave). */
export const removeTeamMember = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller }) => {
    const { access, member, invite, leaving } = await loadTarget(caller, params.id);
    const audit = auditPut({ eventId: access.event.id }, {
      actor_id: caller.userId, action: leaving ? 'team.left' : 'team.removed', entity_type: 'teamMember', entity_id: params.id,
      changes: [{ field: 'member', before: { role: (member ?? invite)?.role, user_id: member?.user_id ?? null, email: invite?.email ?? null }, after: null }],
      at: new Date().toISOString(),
    });
    if (member) assertTeamSaved(await removeMember(member, [audit]));
    else assertTeamSaved(await removeInvite(invite as TeamInvite, [audit]));
    return deleted(params.id);
  },
});
