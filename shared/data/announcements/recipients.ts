import type { AnnouncementAudience, AudienceContext } from '../../domain/announcements/audience.ts';
import { BadRequestError } from '../../http/errors.ts';
import { batchGetAll } from '../collection.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { type AnnouncementRecord, announcementFromItem } from './records.ts';
import { childKeys, noticeKeys, outboxKeys } from '../keys.ts';
import { type NoticeRecipient, RECIPIENTS_PER_PART } from '../notices.ts';
import { seatsOfTable } from '../seating/tables.ts';
import { listEventSubEventInvitations } from '../sub-events/records.ts';

/**
 * AN7: what a segment needs besides the guest list (docs/announcements.md): its party, sub-event or table
 * (null when the event has none of that id) and, for a sub-event, the event's sub-event invitations (one
 * Query of `SUBINVITE#`), for a table its seats (one Query of `SEAT#<tableId>#`), read side by side.
 */
export async function readSegment(eventId: string, audience: AnnouncementAudience): Promise<AudienceContext | null> {
  if (audience.segment === 'party') {
    return (await batchGetAll([childKeys.item('party', eventId, audience.party_id)])).length > 0 ? {} : null;
  }
  if (audience.segment === 'sub_event') {
    const [found, subEventInvitations] = await Promise.all([batchGetAll([childKeys.item('subEvent', eventId, audience.sub_event_id)]), listEventSubEventInvitations(eventId)]);
    return found.length > 0 ? { subEventInvitations } : null;
  }
  if (audience.segment === 'table') {
    const [found, seats] = await Promise.all([batchGetAll([childKeys.item('table', eventId, audience.table_id)]), seatsOfTable(eventId, audience.table_id)]);
    return found.length > 0 ? { seats } : null;
  }
  return {};
}

const invalidCursor = () => new BadRequestError('invalid_cursor', 'The cursor is not one this API issued.');

/** One recipient as the page answers it: who (as recorded when it was sent) and how their email stands. */
export type RecipientEntry = {
  recipient: NoticeRecipient;
  /** The recipient's once-only SENT# record (status sending, sent, failed or skipped, SES's events), if any. */
  record: Record<string, unknown> | null;
};

/**
 * AN8: a page of an announcement's recipients in the order they were recorded, O(page): ONE BatchGetItem of
 * the notice and the (at most two) `RECIPIENTS#` parts the page lies in, then ONE of the page's `SENT#`
 * records. The cursor is the next recipient's position, refused past the announcement's recipients.
 * null: the event has no such announcement.
 */
export async function announcementRecipientPage(eventId: string, announcementId: string, page: { limit: number; cursor?: string }): Promise<{ announcement: AnnouncementRecord; entries: RecipientEntry[]; nextCursor: string | null } | null> {
  const start = Number(decodeCursor(page.cursor, { a: announcementId })?.n ?? 0);
  if (!Number.isInteger(start) || start < 0) throw invalidCursor();
  const firstPart = Math.floor(start / RECIPIENTS_PER_PART);
  const lastPart = Math.floor((start + page.limit - 1) / RECIPIENTS_PER_PART);
  const partKeys = Array.from({ length: lastPart - firstPart + 1 }, (_, index) => noticeKeys.recipients(announcementId, firstPart + index));
  const items = await batchGetAll([noticeKeys.item(announcementId), ...partKeys]);
  const noticeItem = items.find((item) => item.sk === noticeKeys.item(announcementId).sk);
  if (!noticeItem || noticeItem.kind !== 'announcement' || noticeItem.event_id !== eventId) return null;
  const announcement = announcementFromItem(noticeItem);
  const total = announcement.recipient_count ?? 0;
  if (start > total) throw invalidCursor();
  const parts = new Map(items.filter((item) => item !== noticeItem).map((item) => [String(item.sk), (item.recipients ?? []) as NoticeRecipient[]]));
  const recipients: NoticeRecipient[] = [];
  for (let position = start; position < Math.min(total, start + page.limit); position += 1) {
    const part = parts.get(noticeKeys.recipients(announcementId, Math.floor(position / RECIPIENTS_PER_PART)).sk);
    const recipient = part?.[position % RECIPIENTS_PER_PART];
    if (recipient) recipients.push(recipient);
  }
  const records = await batchGetAll(recipients.map((recipient) => outboxKeys.noticeSent(announcementId, `guest#${recipient.guest_id}`)));
  const byKey = new Map(records.map((record) => [String(record.recipient_key), record]));
  const next = start + page.limit;
  return {
    announcement,
    entries: recipients.map((recipient) => ({ recipient, record: byKey.get(`guest#${recipient.guest_id}`) ?? null })),
    nextCursor: next < total ? encodeCursor({ a: announcementId, n: next }) : null,
  };
}

/**
 * AN10: the live guests of an announcement's recipients still to send (the sender, each run): BatchGetItem
 * of their `GUEST#` items (strong), by guest id; a guest removed since is absent.
 */
export async function liveRecipientGuests(eventId: string, guestIds: string[]): Promise<Map<string, { id: string; anonymised_at?: string }>> {
  const items = await batchGetAll(guestIds.map((id) => childKeys.item('guest', eventId, id)));
  return new Map(items.map((item) => [String(item.id), { id: String(item.id), ...(typeof item.anonymised_at === 'string' ? { anonymised_at: item.anonymised_at } : {}) }]));
}
