import { loadEventAccess } from '#shared/data/events/access.ts';
import { deleteEventWithContents } from '#shared/data/events/deletion.ts';
import { ForbiddenError, VersionConflictError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { expectedVersion } from '#shared/http/if-match.ts';
import { deleted } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';

/**
 * DELETE /api/events/{id}: organizer only. The steps (shared/data/events/deletion.ts) are each safe to
 * repeat, so a retried DELETE of an event already marked deleting carries on where the last one stopped.
 */
export const deleteEvent = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller, request }) => {
    const access = await loadEventAccess(caller, params.id, 'event', 'read', { includeDeleting: true });
    if (!access.isOrganizer) throw new ForbiddenError('Only the organizer can delete the event.');
    const outcome = await deleteEventWithContents(access.event, caller.userId, expectedVersion(request.headers, undefined));
    if (outcome === 'stale') throw new VersionConflictError();
    return deleted(params.id);
  },
});
