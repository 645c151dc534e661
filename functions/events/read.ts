import { listEventAudit } from '#shared/data/audit.ts';
import { goneAccountIds } from '#shared/data/users.ts';
import { DELETED_ACTOR } from '#shared/domain/accounts/account-deletion.ts';
import { loadEventAccess, loadEventAccessWithOpenDue } from '#shared/data/events/access.ts';
import { visibleActivity } from '#shared/domain/visibility/activity.ts';
import { operation } from '#shared/http/group.ts';
import { list, ok } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { activityQuery } from '#shared/schemas/events.ts';
import { presentEvent } from './present.ts';

/** GET /api/events/{id}: one DynamoDB call (session, event, membership and open-due item in one BatchGetItem). */
export const getEvent = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller }) => {
    const access = await loadEventAccessWithOpenDue(caller, params.id, 'event', 'read');
    return ok(presentEvent(access.event, access.openDue, { role: access.member.role, permissions: access.permissions }, new Date()));
  },
});

/**
 * GET /api/events/{id}/activity: the audit trail, newest first, a page at a time. An entry whose actor's
 * account was deleted shows `deleted-user` (resolved here, at read time: the entries keep only the id,
 * never a name or address, and the trail itself stays as it was written).
 */
export const listActivity = operation({
  params: idParam,
  query: activityQuery,
  session: 'with-first-read',
  handle: async ({ params, query, caller }) => {
    const { permissions } = await loadEventAccess(caller, params.id, 'event', 'read');
    const { entries, nextCursor } = await listEventAudit(params.id, { limit: query.limit, cursor: query.cursor });
    // Entries of areas the caller may not read are left out, so a page may hold fewer than `limit`.
    const visible = visibleActivity(entries, permissions);
    const gone = await goneAccountIds(visible.map((entry) => entry.actor_id));
    return list(visible.map((entry) => (gone.has(entry.actor_id) ? { ...entry, actor_id: DELETED_ACTOR } : entry)), { next_cursor: nextCursor });
  },
});
