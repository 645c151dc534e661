import { eventFieldChanges } from '../../domain/events/changes.ts';
import type { EventRecord } from '../../domain/events/rules.ts';
import { auditPut } from '../audit.ts';
import { deleteObjects } from '../documents/bucket.ts';
import { listEventDocumentObjectKeys } from '../documents/records.ts';
import { eventSnapshot, getNoticeWithRecipients, noticePut, recordNoticeRecipients } from '../notices.ts';
import { listEventMembers } from '../team/members.ts';
import { listGuestRecipients, markEventDeleting, purgeEvent } from './records.ts';

/**
 * Deleting an event and everything in it, for DELETE /api/events/{id} and for an account deletion that
 * takes its owned events along. Steps, each safe to repeat, so a retry of an event already marked
 * deleting carries on where the last attempt stopped:
 * 1. one transaction: mark the event deleting, record its cancellation notice (outside the collection,
 *    so it survives), and a user-scope audit entry of `actorId` (the event's own audit trail goes with it);
 * 2. snapshot the guests into the notice, before any guest is deleted;
 * 3. delete the event's document files from the bucket while their version items still name them;
 * 4. delete the collection and its lookup items in batches, the event item last.
 * 'stale': the event is not at `expectedVersion` (or changed before it could be marked); nothing written.
 */
export async function deleteEventWithContents(event: EventRecord, actorId: string, expectedVersion = event.version): Promise<'deleted' | 'stale'> {
  const noticeId = event.deletion_notice_id ?? (await beginDeletion(event, actorId, expectedVersion));
  if (noticeId === null) return 'stale';
  const { notice } = event.deleting_at ? await getNoticeWithRecipients(noticeId) : { notice: null };
  if (!notice?.recipients_recorded) await recordNoticeRecipients(noticeId, await listGuestRecipients(event.id));
  await deleteObjects(await listEventDocumentObjectKeys(event.id));
  await purgeEvent(event.id);
  return 'deleted';
}

async function beginDeletion(event: EventRecord, actorId: string, version: number): Promise<string | null> {
  if (version !== event.version) return null;
  const now = new Date();
  const notice = noticePut({
    kind: 'event_deleted',
    event_id: event.id,
    event: eventSnapshot({ ...event, status: 'cancelled' }),
    changes: [{ field: 'status', before: event.status, after: 'cancelled' }],
    actor_id: actorId,
  }, now);
  // The team and the event go with the collection: the domain event carries what its consumers need.
  const team = (await listEventMembers(event.id)).map(({ user_id, role, permissions, status }) => ({ user_id, role, permissions, status }));
  const audit = auditPut({ userId: actorId }, {
    actor_id: actorId, action: 'event.deleted', entity_type: 'event', entity_id: event.id, changes: eventFieldChanges(event, null), at: now.toISOString(),
    domain_detail: { team, event: eventSnapshot(event) },
  });
  return (await markEventDeleting(event.id, version, notice.id, now, [notice.write, audit])) === 'stale' ? null : notice.id;
}
