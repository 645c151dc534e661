import { auditPut } from '#shared/data/audit.ts';
import { loadEventAccess } from '#shared/data/events/access.ts';
import { transferOwnership } from '#shared/data/team/repository.ts';
import { ConflictError, ForbiddenError, VersionConflictError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { expectedVersion } from '#shared/http/if-match.ts';
import { ok } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { transferOwnershipBody } from '#shared/schemas/team.ts';

/**
 * POST /api/events/{id}/transfer: the organizer hands the event to an active member, who becomes
 * organizer; the old organizer stays on the team as coordinator (and may leave afterwards).
 */
export const transferEventOwnership = operation({
  params: idParam,
  body: transferOwnershipBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller, request }) => {
    const { event, isOrganizer } = await loadEventAccess(caller, params.id, 'event', 'read');
    if (!isOrganizer) throw new ForbiddenError('Only the organizer can transfer ownership.');
    if (body.user_id === caller.userId) throw new ConflictError('already_organizer', 'You already organize this event.');
    const version = expectedVersion(request.headers, undefined) ?? event.version;
    if (version !== event.version) throw new VersionConflictError();
    const now = new Date();
    const audit = auditPut({ eventId: event.id }, {
      actor_id: caller.userId, action: 'event.ownership_transferred', entity_type: 'event', entity_id: event.id,
      changes: [{ field: 'organizer_id', before: caller.userId, after: body.user_id }], at: now.toISOString(),
    });
    const outcome = await transferOwnership({ event, eventVersion: version, from: caller.userId, to: body.user_id, now }, [audit]);
    if (outcome === 'event_gone') throw new VersionConflictError();
    if (outcome === 'conflict') throw new ConflictError('not_an_active_member', 'The new organizer must be an active member of the team.');
    return ok({ id: event.id, organizer_id: body.user_id, previous_organizer_role: 'coordinator', version: version + 1 });
  },
});
