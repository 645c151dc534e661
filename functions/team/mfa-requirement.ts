import { hasSecondFactor } from '#shared/data/accounts/second-factor.ts';
import { auditPut } from '#shared/data/audit.ts';
import { loadEventAccess } from '#shared/data/events/access.ts';
import { saveTeamMfaRequirement } from '#shared/data/team/mfa-requirement.ts';
import { ForbiddenError, VersionConflictError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { expectedVersion } from '#shared/http/if-match.ts';
import { ok } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { teamMfaRequirementBody } from '#shared/schemas/team.ts';

/**
 * PUT /api/events/{id}/team/mfa-requirement: the event's owner requires (or stops requiring) a second
 * factor of every team member; while it is on, a member without one is refused on the event's routes
 * (403 mfa_required, shared/data/events/access.ts). The owner must have one first, or they would lock
 * themselves out of their own event.
 */
export const setTeamMfaRequirement = operation({
  params: idParam,
  body: teamMfaRequirementBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller, request }) => {
    const { event, isOrganizer } = await loadEventAccess(caller, params.id, 'event', 'read');
    if (!isOrganizer) throw new ForbiddenError("Only the event's owner can require a second factor of its team.");
    const version = expectedVersion(request.headers, body.version) ?? event.version;
    if (version !== event.version) throw new VersionConflictError();
    const before = event.team_mfa_required === true;
    const answer = (atVersion: number) => ok({ event_id: event.id, team_mfa_required: body.team_mfa_required, version: atVersion });
    if (before === body.team_mfa_required) return answer(version);
    if (body.team_mfa_required && !(await hasSecondFactor(caller.userId))) {
      throw new ForbiddenError('Set up a second factor on your own account first: requiring it of the team includes you.', 'mfa_required');
    }
    const now = new Date();
    const audit = auditPut({ eventId: event.id }, {
      actor_id: caller.userId, action: 'team.mfa_requirement_changed', entity_type: 'event', entity_id: event.id,
      changes: [{ field: 'team_mfa_required', before, after: body.team_mfa_required }], at: now.toISOString(),
    });
    const saved = await saveTeamMfaRequirement({ eventId: event.id, ownerId: caller.userId, expectedVersion: version, required: body.team_mfa_required, now }, [audit]);
    if (saved === 'stale') throw new VersionConflictError();
    return answer(version + 1);
  },
});
