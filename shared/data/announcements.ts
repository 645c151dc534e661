import { auditPut } from './audit.ts';
import { queryAllPages } from './collection.ts';
import { quotaRefusalAfterRace, type Sender, sendingQuotaCharge } from './accounts/sending-quota.ts';
import { noticeKeys, outboxKeys } from './keys.ts';
import { listEventNotices, noticePut, noticeRecipientParts, type NoticeRecipient, type NoticeRecord, type EventSnapshot } from './notices.ts';
import { TransactionConditionFailed, transact } from './transact.ts';
import type { AnnouncementAudience } from '../domain/announcements/audience.ts';
import type { GuestRecord } from '../domain/guests/rules.ts';

/**
 * Announcements (docs/announcements.md; data model patterns AN1-AN3): a planner's message to a segment of
 * the guest list is an outbox notice of kind `announcement` whose recipients are recorded with it (audience
 * `snapshot`), so the outbox sender emails each of them exactly once as it does every notice, and the
 * recipients are the segment as it was when the planner sent it.
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
  now: Date;
};

/**
 * AN1: the notice, its recipients, the sender's quota charge and the audit entry in ONE transaction:
 * charged exactly for the emails it will send, never recorded without its recipients. 429 when the
 * quota does not fit (as read, or after a concurrent send took the room).
 */
export async function recordAnnouncement(request: AnnouncementRequest): Promise<NoticeRecord> {
  const recipients: NoticeRecipient[] = request.recipients.map((guest) => ({
    guest_id: guest.id, name: guest.name, email: guest.email, rsvp_status: guest.rsvp_status, ...(guest.language ? { language: guest.language } : {}),
  }));
  const charge = sendingQuotaCharge(request.sender, recipients.length);
  const details = {
    subject: request.subject,
    message: request.message,
    segment: request.audience.segment,
    ...(request.audience.segment === 'party' ? { party_id: request.audience.party_id } : {}),
    skipped_no_email: request.skippedNoEmail,
  };
  const { id, write } = noticePut({ kind: 'announcement', event_id: request.eventId, event: request.event, changes: [], actor_id: request.actorId, details }, request.now, recipients.length);
  const at = request.now.toISOString();
  const audit = auditPut({ eventId: request.eventId }, {
    actor_id: request.actorId, action: 'announcement.queued', entity_type: 'announcement', entity_id: id, at,
    changes: [{ field: 'announcement', before: null, after: { subject: request.subject, segment: request.audience.segment, recipients: recipients.length, skipped_no_email: request.skippedNoEmail } }],
  });
  try {
    await transact([write, ...noticeRecipientParts(id, recipients), charge, audit]);
  } catch (error) {
    if (error instanceof TransactionConditionFailed) throw await quotaRefusalAfterRace(request.sender, recipients.length);
    throw error;
  }
  const put = (write as { Put: { Item: Record<string, unknown> } }).Put.Item;
  const { pk: _pk, sk: _sk, type: _type, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, ...notice } = put;
  return notice as NoticeRecord;
}

// AN2: an event's announcements, newest first (its notices on GSI1, kind announcement; eventually consistent).
export async function listAnnouncements(eventId: string): Promise<NoticeRecord[]> {
  return (await listEventNotices(eventId)).filter((notice) => notice.kind === 'announcement').reverse();
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
