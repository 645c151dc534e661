import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { auditPut } from '../audit.ts';
import { db, tableName } from '../client.ts';
import { batchGetAll, queryAllPages } from '../collection.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { quotaRefusalAfterRace, type Sender, sendingQuotaCharge, sendingQuotaRefund } from '../accounts/sending-quota.ts';
import { announcementKeys, noticeKeys, outboxKeys } from '../keys.ts';
import { listEventNotices, noticePut, noticeRecipientParts, type NoticeRecipient, type NoticeRecord, type EventSnapshot } from '../notices.ts';
import { migrationDone } from '../migrations/gate.ts';
import { migrationIds } from '../migrations/ids.ts';
import { liveEventCheck } from '../events/live-event.ts';
import { TransactionConditionFailed, transact } from '../transact.ts';
import { type AnnouncementAudience, segmentDetails } from '../../domain/announcements/audience.ts';
import type { AnnouncementCancelReason } from '../../domain/announcements/schedule.ts';
import type { AnnouncementEdit } from '../../domain/announcements/edit.ts';
import type { FieldChange } from '../audit.ts';
import type { GuestRecord } from '../../domain/guests/rules.ts';

/**
 * Announcements (docs/announcements.md; data model patterns AN1-AN7): a planner's message to a segment of
 * the guest list is an outbox notice of kind `announcement` whose recipients are recorded with it (audience
 * `snapshot`), so the outbox sender emails each of them exactly once as it does every notice, and the
 * recipients are the segment as it was when the planner sent (or scheduled) it.
 */
export type AnnouncementRequest = {
  eventId: string;
  event: EventSnapshot;
  actorId: string;
  subject: string;
  message: string;
  audience: AnnouncementAudience;
  recipients: Array<GuestRecord & { email: string }>;
  skippedNoEmail: number;
  sender: Sender;
  /** A future instant: the notice waits in the outbox until then (`status: scheduled`). */
  sendAt?: string;
  now: Date;
};

/** An announcement as stored: a notice with its schedule and what its quota charge was. */
export type AnnouncementRecord = NoticeRecord & {
  send_at?: string;
  /** The sender's daily counter charged (`USER#<quota_user_id>` / `SENDQUOTA#<quota_day>`), refunded on a cancel. */
  quota_user_id?: string;
  quota_day?: string;
  cancelled_at?: string;
  cancelled_by?: string;
  /** Starts at 1 (absent: 1); each edit of a scheduled one adds one. */
  version?: number;
  updated_at?: string;
  /** `planner` (POST .../cancel; absent on cancels recorded before it was written), or `event_deleted` (the sender). */
  cancel_reason?: AnnouncementCancelReason;
};

const itemOnly = ['pk', 'sk', 'type', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'lease_until'];
export const announcementFromItem = (item: Record<string, unknown>): AnnouncementRecord =>
  Object.fromEntries(Object.entries(item).filter(([name]) => !itemOnly.includes(name))) as AnnouncementRecord;

/**
 * AN1: the notice, its recipients, the sender's quota charge and the audit entry in ONE transaction:
 * charged exactly for the emails it will send, never recorded without its recipients. 429 when the
 * quota does not fit (as read, or after a concurrent send took the room). A scheduled one is due in the
 * outbox at `send_at` (its GSI2 sort key) instead of now.
 */
export async function recordAnnouncement(request: AnnouncementRequest): Promise<AnnouncementRecord> {
  const recipients: NoticeRecipient[] = request.recipients.map((guest) => ({
    guest_id: guest.id, name: guest.name, email: guest.email, rsvp_status: guest.rsvp_status, ...(guest.language ? { language: guest.language } : {}),
  }));
  const charge = sendingQuotaCharge(request.sender, recipients.length);
  const details = {
    subject: request.subject,
    message: request.message,
    segment: request.audience.segment,
    ...segmentDetails(request.audience),
    skipped_no_email: request.skippedNoEmail,
  };
  const { id, write } = noticePut({ kind: 'announcement', event_id: request.eventId, event: request.event, changes: [], actor_id: request.actorId, details }, request.now, recipients.length);
  const at = request.now.toISOString();
  const put = (write as { Put: { Item: Record<string, unknown> } }).Put.Item;
  Object.assign(put, {
    gsi3pk: announcementKeys.historyPartition(request.eventId),
    gsi3sk: announcementKeys.historySort(at, id),
    quota_user_id: request.sender.userId,
    quota_day: request.sender.day,
    ...(request.sendAt ? { status: 'scheduled', send_at: request.sendAt, gsi2sk: outboxKeys.sort(request.sendAt, 'NOTICE', id) } : {}),
  });
  const audit = auditPut({ eventId: request.eventId }, {
    actor_id: request.actorId, action: 'announcement.queued', entity_type: 'announcement', entity_id: id, at,
    changes: [{ field: 'announcement', before: null, after: { subject: request.subject, segment: request.audience.segment, recipients: recipients.length, skipped_no_email: request.skippedNoEmail, send_at: request.sendAt ?? null } }],
  });
  try {
    await transact([write, ...noticeRecipientParts(id, recipients), charge, audit]);
  } catch (error) {
    if (error instanceof TransactionConditionFailed) throw await quotaRefusalAfterRace(request.sender, recipients.length);
    throw error;
  }
  return announcementFromItem(put);
}

export type AnnouncementPage = { announcements: AnnouncementRecord[]; nextCursor: string | null };

/**
 * AN2: a page of the event's announcements, newest first: one Query of GSI3 `ANNOUNCEMENTS#<eventId>`
 * (eventually consistent). Until migration 0004 has given older announcements that key (the window rule,
 * docs/migrations.md), the page is cut from every notice of the event (GSI1) with the same cursors.
 */
export async function listAnnouncementPage(eventId: string, page: { limit: number; cursor?: string }): Promise<AnnouncementPage> {
  const partition = announcementKeys.historyPartition(eventId);
  const start = decodeCursor(page.cursor, { gsi3pk: partition }, { pk: noticeKeys.item('').pk, sk: 'NOTICE', gsi3sk: '' });
  if (!(await migrationDone(migrationIds.announcementHistory))) return pageFromNotices(eventId, page.limit, start?.gsi3sk as string | undefined);
  const result = await db().send(new QueryCommand({
    TableName: tableName(),
    IndexName: 'gsi3',
    KeyConditionExpression: 'gsi3pk = :partition',
    ExpressionAttributeValues: { ':partition': partition },
    ScanIndexForward: false,
    Limit: page.limit + 1,
    ExclusiveStartKey: start,
  }));
  const found = result.Items ?? [];
  const items = found.slice(0, page.limit);
  const last = found.length > page.limit ? items.at(-1) : result.LastEvaluatedKey;
  return { announcements: items.map(announcementFromItem), nextCursor: last ? historyCursor(eventId, String(last.pk), String(last.gsi3sk)) : null };
}

const historyCursor = (eventId: string, pk: string, sort: string) => encodeCursor({ pk, sk: 'NOTICE', gsi3pk: announcementKeys.historyPartition(eventId), gsi3sk: sort });

async function pageFromNotices(eventId: string, limit: number, after: string | undefined): Promise<AnnouncementPage> {
  const all = (await listEventNotices(eventId)).filter((notice) => notice.kind === 'announcement').reverse()
    .map((notice) => ({ notice, sort: announcementKeys.historySort(notice.created_at, notice.id) }))
    .filter(({ sort }) => after === undefined || sort < after);
  const chosen = all.slice(0, limit);
  const last = all.length > limit ? chosen.at(-1) : undefined;
  return {
    announcements: chosen.map(({ notice }) => notice as AnnouncementRecord),
    nextCursor: last ? historyCursor(eventId, noticeKeys.item(last.notice.id).pk, last.sort) : null,
  };
}

/** AN4: one announcement of the event, or null (strong GetItem of its notice; another kind or event is null). */
export async function getAnnouncement(eventId: string, announcementId: string): Promise<AnnouncementRecord | null> {
  const [item] = await batchGetAll([noticeKeys.item(announcementId)]);
  return item && item.kind === 'announcement' && item.event_id === eventId ? announcementFromItem(item) : null;
}

export type SendCounts = { sent: number; failed: number; skipped: number; in_progress: number; delivered: number; opened: number; bounced: number; complained: number };

// AN3: how each recipient's email stands: the notice's once-only SENT# records by status, and SES's events on them (strong).
export async function announcementSendCounts(noticeId: string): Promise<SendCounts> {
  const records = await queryAllPages({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': noticeKeys.item(noticeId).pk, ':prefix': outboxKeys.noticeSentPrefix },
    ProjectionExpression: '#status, delivered_at, opened_at, bounced_at, complained_at',
    ExpressionAttributeNames: { '#status': 'status' },
    ConsistentRead: true,
  });
  const counts: SendCounts = { sent: 0, failed: 0, skipped: 0, in_progress: 0, delivered: 0, opened: 0, bounced: 0, complained: 0 };
  for (const record of records) {
    // SES's later events (functions/email-events), first of each per recipient.
    if (record.delivered_at) counts.delivered += 1;
    if (record.opened_at) counts.opened += 1;
    if (record.bounced_at) counts.bounced += 1;
    if (record.complained_at) counts.complained += 1;
    if (record.status === 'sent') counts.sent += 1;
    else if (record.status === 'failed') counts.failed += 1;
    else if (record.status === 'skipped') counts.skipped += 1;
    else counts.in_progress += 1;
  }
  return counts;
}

/**
 * A scheduled announcement no run has begun to send: still `scheduled`, still in the outbox, and no live
 * lease (`:at` is now). The cancel (AN5) and the edit (AN9) carry it, as the sender's start (AN6) takes the
 * lease, so exactly one of them wins.
 */
const STILL_SCHEDULED = '#status = :scheduled AND attribute_exists(gsi2pk) AND (attribute_not_exists(lease_until) OR lease_until < :at)';

/**
 * AN5: cancels a scheduled announcement whose sending has not started, in ONE transaction: the notice
 * `cancelled` and out of the outbox (conditional on `status = scheduled` and no live lease: the sender
 * marks it `pending` under its lease before its first email, so exactly one of the two wins), the quota
 * charge given back to the counter it was charged to, and the audit entry.
 * 'started': the sender got there first (or it was cancelled meanwhile: the caller reads it again).
 */
export async function cancelScheduledAnnouncement(announcement: AnnouncementRecord, actorId: string, now: Date): Promise<'cancelled' | 'started'> {
  const at = now.toISOString();
  const recipients = announcement.recipient_count ?? 0;
  const refund = announcement.quota_user_id && announcement.quota_day ? sendingQuotaRefund(announcement.quota_user_id, announcement.quota_day, recipients, now) : null;
  const audit = auditPut({ eventId: announcement.event_id }, {
    actor_id: actorId, action: 'announcement.cancelled', entity_type: 'announcement', entity_id: announcement.id, at,
    changes: [{ field: 'status', before: 'scheduled', after: 'cancelled' }],
  });
  try {
    await transact([
      {
        Update: {
          Key: noticeKeys.item(announcement.id),
          UpdateExpression: 'SET #status = :cancelled, cancelled_at = :at, cancelled_by = :actor, cancel_reason = :reason REMOVE gsi2pk, gsi2sk',
          ConditionExpression: STILL_SCHEDULED,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':cancelled': 'cancelled', ':scheduled': 'scheduled', ':at': at, ':actor': actorId, ':reason': 'planner' },
        },
      },
      ...(refund ? [refund] : []),
      audit,
    ]);
    return 'cancelled';
  } catch (error) {
    // The notice's condition (item 0): the sender took it first. The refund's cannot fail while the counter holds the charge.
    if (error instanceof TransactionConditionFailed && error.failedIndexes.includes(0)) return 'started';
    throw error;
  }
}

/**
 * An edit moved `send_at` later after the sender read the announcement as due and before it claimed it:
 * the lease is let go at once (the entry is due at its new time, the edit's GSI2 key), so a cancel or
 * another edit need not wait for the lease to run out. Anything else (cancelled, another run's lease) is
 * left as it is.
 */
async function releaseIfMovedLater(noticeId: string, lease: string, now: Date): Promise<void> {
  try {
    await db().send(new UpdateCommand({
      TableName: tableName(),
      Key: noticeKeys.item(noticeId),
      UpdateExpression: 'REMOVE lease_until',
      ConditionExpression: '#status = :scheduled AND lease_until = :mine AND send_at > :now',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':scheduled': 'scheduled', ':mine': lease, ':now': now.toISOString() },
    }));
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/**
 * AN6: the sender's first step on a scheduled announcement, under its lease and before any email: `pending`
 * from now on, so a cancel or an edit can no longer win (on `send_at` having come: an edit may have moved
 * it later after the run read it as due); in the same transaction, a check that the event is still
 * there. 'started'; 'lost': the lease or the schedule is gone (cancelled meanwhile); 'event_gone': the
 * event was deleted while it waited, so it is cancelled instead (`cancel_reason: event_deleted`, out of the
 * outbox) and nothing is sent.
 */
export async function startScheduledAnnouncement(notice: Pick<NoticeRecord, 'id' | 'event_id'>, lease: string, now: Date): Promise<'started' | 'lost' | 'event_gone'> {
  const mine = { ':scheduled': 'scheduled', ':mine': lease };
  try {
    await transact([
      {
        Update: {
          Key: noticeKeys.item(notice.id),
          UpdateExpression: 'SET #status = :pending',
          ConditionExpression: '#status = :scheduled AND lease_until = :mine AND send_at <= :now',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': 'pending', ':now': now.toISOString(), ...mine },
        },
      },
      liveEventCheck(notice.event_id),
    ]);
    return 'started';
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    if (error.failedIndexes.includes(0)) {
      await releaseIfMovedLater(notice.id, lease, now);
      return 'lost';
    }
  }
  try {
    await db().send(new UpdateCommand({
      TableName: tableName(),
      Key: noticeKeys.item(notice.id),
      UpdateExpression: 'SET #status = :cancelled, cancelled_at = :at, cancel_reason = :reason REMOVE gsi2pk, gsi2sk, lease_until',
      ConditionExpression: '#status = :scheduled AND lease_until = :mine',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':cancelled': 'cancelled', ':at': now.toISOString(), ':reason': 'event_deleted', ...mine },
    }));
    return 'event_gone';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'lost';
    throw error;
  }
}

/**
 * AN9: edits a scheduled announcement whose sending has not started, in ONE transaction with its audit
 * entry (`announcement.updated`): the subject and message in `details`, `send_at` and its due key in the
 * outbox (GSI2 sort key), `version` + 1. Conditional on the very item the cancel (AN5) and the sender's
 * start (AN6) are: `status = scheduled`, still in the outbox, no live lease, and the version read; so
 * exactly one of an edit, a cancel and the start wins. The edit also removes an expired lease, so a run
 * whose lease ran out before its start cannot send the text it read before the edit. The recipients and
 * the quota charge stay as recorded. 'refused': one of the conditions failed (the caller reads it again).
 */
export async function editScheduledAnnouncement(
  announcement: AnnouncementRecord,
  edit: AnnouncementEdit,
  changes: FieldChange[],
  expectedVersion: number,
  actorId: string,
  now: Date,
): Promise<{ outcome: 'edited'; announcement: AnnouncementRecord } | { outcome: 'refused' }> {
  const at = now.toISOString();
  const next = expectedVersion + 1;
  const sets = ['#version = :next', 'updated_at = :at'];
  const values: Record<string, unknown> = { ':scheduled': 'scheduled', ':at': at, ':next': next, ':expected': expectedVersion };
  if (edit.subject !== undefined) { sets.push('#details.subject = :subject'); values[':subject'] = edit.subject; }
  if (edit.message !== undefined) { sets.push('#details.#message = :message'); values[':message'] = edit.message; }
  if (edit.send_at !== undefined) {
    sets.push('send_at = :sendAt', 'gsi2sk = :due');
    values[':sendAt'] = edit.send_at;
    values[':due'] = outboxKeys.sort(edit.send_at, 'NOTICE', announcement.id);
  }
  // Announcements recorded before edits existed have no version: they are at 1.
  const version = expectedVersion === 1 ? '(attribute_not_exists(#version) OR #version = :expected)' : '#version = :expected';
  const audit = auditPut({ eventId: announcement.event_id }, {
    actor_id: actorId, action: 'announcement.updated', entity_type: 'announcement', entity_id: announcement.id, at, changes,
  });
  try {
    await transact([
      {
        Update: {
          Key: noticeKeys.item(announcement.id),
          UpdateExpression: `SET ${sets.join(', ')} REMOVE lease_until`,
          ConditionExpression: `${STILL_SCHEDULED} AND ${version}`,
          ExpressionAttributeNames: { '#status': 'status', '#version': 'version', '#details': 'details', ...(edit.message !== undefined ? { '#message': 'message' } : {}) },
          ExpressionAttributeValues: values,
        },
      },
      audit,
    ]);
  } catch (error) {
    if (error instanceof TransactionConditionFailed && error.failedIndexes.includes(0)) return { outcome: 'refused' };
    throw error;
  }
  const details = { ...announcement.details, ...(edit.subject !== undefined ? { subject: edit.subject } : {}), ...(edit.message !== undefined ? { message: edit.message } : {}) };
  return { outcome: 'edited', announcement: { ...announcement, details, ...(edit.send_at !== undefined ? { send_at: edit.send_at } : {}), version: next, updated_at: at } };
}
