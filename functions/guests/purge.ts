import { loadEventAccess } from '#shared/data/events/access.ts';
import { fileGuestPurge } from '#shared/data/guests/purge-markers.ts';
import { purgeEventGuestData } from '#shared/data/guests/purge.ts';
import { eventEndsAt, mayPurgeGuestData } from '#shared/domain/guests/privacy.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { accepted, ok } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { purgeGuestsBody } from '#shared/schemas/privacy.ts';

/** Time the route spends purging before handing the rest to the privacy job (API Gateway waits 30 s). */
const ROUTE_BUDGET_MS = 20_000;

/**
 * POST /api/events/{id}/guests/purge: removes the guests' personal data now (organizer only: it cannot
 * be undone, like deleting the event). Allowed once the event is over or cancelled, before that with
 * `"force": true`. 200 with the counts when done; a list too large for one request answers 202 and is
 * filed for the daily privacy job to finish (calling again goes on at once). Repeating it
 * after it finished purges only guests added since, and answers zero counts otherwise.
 */
export const purgeGuests = operation({
  params: idParam,
  body: purgeGuestsBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller }) => {
    const { event, isOrganizer } = await loadEventAccess(caller, params.id, 'guests', 'write');
    if (!isOrganizer) throw new ForbiddenError("Only the organizer can purge the guests' personal data.");
    const now = new Date();
    if (!mayPurgeGuestData(event, now, body.force)) {
      throw new ConflictError('event_not_ended', `The event ends at ${eventEndsAt(event)}; purge its guests' data after that, or send "force": true.`);
    }
    const result = await purgeEventGuestData(event.id, { now, deadline: Date.now() + ROUTE_BUDGET_MS, actorId: caller.userId });
    if (result.outcome === 'gone') throw new NotFoundError('event');
    if (result.outcome === 'unfinished') {
      await fileGuestPurge(event.id, now.toISOString());
      return accepted({ event_id: event.id, status: 'in_progress', purged: result.counts });
    }
    return ok({ event_id: event.id, status: 'done', guest_data_purged_at: result.purged_at, purged: result.counts });
  },
});
