import { auditPut } from '#shared/data/audit.ts';
import { type EventAccess, loadEventAccess } from '#shared/data/events/access.ts';
import { deleteObjects } from '#shared/data/documents/bucket.ts';
import { listEventDocumentObjectKeys } from '#shared/data/documents/records.ts';
import { listGuestRecipients, markEventDeleting, purgeEvent } from '#shared/data/events/records.ts';
import { listEventMembers } from '#shared/data/team/members.ts';
import { eventSnapshot, getNoticeWithRecipients, noticePut, recordNoticeRecipients } from '#shared/data/notices.ts';
import type { Caller } from '#shared/auth/tokens.ts';
import { eventFieldChanges } from '#shared/domain/events/changes.ts';
import { ForbiddenError, VersionConflictError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { expectedVersion } from '#shared/http/if-match.ts';
import { deleted } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';

/**
 * DELETE /api/events/{id}: organizer only. Three steps, each safe to repeat, so a retried DELETE of an
 * event already marked deleting carries on where the last attempt stopped:
 * 1. one transaction: mark the event deleting, record its cancellation notice (outside the collection,
 *    so it survives), and a user-scope audit entry (the event's own audit trail goes with it);
 * 2. snapshot the guests into the notice, before any guest is deleted;
 * 3. delete the event's document files from the bucket while their version items still name them;
 * 4. delete the collection and its lookup items in batches, the event item last.
 */
export const deleteEvent = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller, request }) => {
    const access = await loadEventAccess(caller, params.id, 'event', 'read', { includeDeleting: true });
    if (!access.isOrganizer) throw new ForbiddenError('Only the organizer can delete the event.');
    const noticeId = access.event.deletion_notice_id ?? (await beginDeletion(access, caller, expectedVersion(request.headers, undefined)));
    const { notice } = access.event.deleting_at ? await getNoticeWithRecipients(noticeId) : { notice: null };
    if (!notice?.recipients_recorded) await recordNoticeRecipients(noticeId, await listGuestRecipients(params.id));
    await deleteObjects(await listEventDocumentObjectKeys(params.id));
    await purgeEvent(params.id);
    return deleted(params.id);
  },
});

async function beginDeletion({ event }: EventAccess, caller: Caller, expected: number | undefined): Promise<string> {
  const version = expected ?? event.version;
  if (version !== event.version) throw new VersionConflictError();
  const now = new Date();
  const notice = noticePut({
    kind: 'event_deleted',
    event_id: event.id,
    event: eventSnapshot({ ...event, status: 'cancelled' }),
    changes: [{ field: 'status', before: event.status, after: 'cancelled' }],
    actor_id: caller.userId,
  }, now);
  // The team and the event go with the collection: the domain event carries what its consumers need.
  const team = (await listEventMembers(event.id)).map(({ user_id, role, permissions, status }) => ({ user_id, role, permissions, status }));
  const audit = auditPut({ userId: caller.userId }, {
    actor_id: caller.userId, action: 'event.deleted', entity_type: 'event', entity_id: event.id, changes: eventFieldChanges(event, null), at: now.toISOString(),
    domain_detail: { team, event: eventSnapshot(event) },
  });
  if ((await markEventDeleting(event.id, version, notice.id, now, [notice.write, audit])) === 'stale') throw new VersionConflictError();
  return notice.id;
}
