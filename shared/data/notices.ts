import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { EventRecord } from '../domain/events/rules.ts';
import type { FieldChange } from './audit.ts';
import { db, tableName } from './client.ts';
import { queryAllPages } from './collection.ts';
import { newId } from './ids.ts';
import { noticeKeys, outboxKeys } from './keys.ts';
import type { TransactItem } from './transact.ts';

/**
 * The outbox: a notice is the durable promise that guests will be told about a change. It is written in
 * the SAME transaction as the change it announces, so a change without its notice (or a notice without
 * its change) cannot exist; the outbox sender (functions/outbox) picks up `pending` notices (GSI2 OUTBOX#PENDING#<shard>) and
 * sends one email per recipient, marking each send, so nothing is lost between the change and the mails.
 *
 * One notice per change. Its recipients are the guests in contact with the hosts (invited, or holding an
 * answer) when the notice was created, as the notice's kind decides on their answer
 * (shared/domain/notices/audience.ts), resolved by the sender from the event's guest items, because those
 * still exist. A deleted event's guests do not, so its notice carries a snapshot of them instead
 * (`audience: 'snapshot'`, recorded in parts before the first guest is deleted).
 * Notices live outside the event's item collection, so they survive the event's deletion.
 */
export type NoticeKind = 'event_changed' | 'event_cancelled' | 'event_deleted' | 'rsvp_confirmation' | 'guest_removed' | 'budget_alert'
  | 'team_invitation' | 'task_reminder' | 'weekly_digest' | 'rsvp_reminder' | 'day_before_reminder'
  /** A notification a user asked to have emailed too (functions/notify): one team member, `details.message`. */
  | 'notification'
  /** A planner's message to a segment of the guest list (docs/announcements.md): `details.subject`, `details.message`. */
  | 'announcement';

/** The event as the notice's email should describe it (after the change). */
export type EventSnapshot = Pick<EventRecord, 'name' | 'event_date' | 'timezone' | 'location_name' | 'location_address' | 'organizer_id' | 'status' | 'default_language'>;

export type NoticeRecord = {
  id: string;
  kind: NoticeKind;
  event_id: string;
  event: EventSnapshot;
  changes: FieldChange[];
  actor_id: string;
  /** `failed`: given up after the sender's retries (kept, with `last_error`, for an operator to requeue). */
  status: 'pending' | 'sent' | 'failed'
    /** An announcement waiting for its `send_at` (docs/announcements.md), or cancelled before it started. */
    | 'scheduled' | 'cancelled';
  /**
   * `one_guest`: the notice is for `recipient` alone (an RSVP confirmation, a removed guest).
   * `guests_invited_before_notice`: notices recorded before the in-contact rule, sent by the same rule.
   */
  audience: 'guests_in_contact_before_notice' | 'guests_invited_before_notice' | 'snapshot' | 'one_guest' | 'team_members' | 'one_email' | GuestStatusAudience;
  recipient?: NoticeRecipient;
  /** `team_members` (budget alerts): the planners to tell, by user id; the sender reads their emails. */
  recipient_user_ids?: string[];
  /** What a budget_alert is about: every line one change crossed, each with its figure and limit. */
  alerts?: Record<string, unknown>[];
  /** A budget_alert recorded before `alerts`: its one line. */
  alert?: Record<string, unknown>;
  /** `one_email` (a team invitation to someone without an account yet): the address to write to. */
  recipient_email?: string;
  /** What a team_invitation, task_reminder or weekly_digest is about (see shared/domain/reminder-plan.ts). */
  details?: Record<string, unknown>;
  /** For a snapshot audience: false until every recipient part is written; the sender waits for true. */
  recipients_recorded?: boolean;
  recipient_count?: number;
  created_at: string;
};

/**
 * The event's guests by their answer AT SEND TIME (the reminders job's `rsvp_reminder` and
 * `day_before_reminder`): the sender reads the event's guest items when it sends, so a guest who answered
 * in between is not nagged. `guests_rsvp_pending`: rsvp_status `pending`; `guests_attending`: `yes`.
 */
export type GuestStatusAudience = 'guests_rsvp_pending' | 'guests_attending'
  /**
   * The RSVP reminder since sub-events (docs/sub-events.md): `guests_rsvp_pending`, and the guests who said
   * yes but left a sub-event they are invited to `pending`; each email names the sub-events awaiting an answer.
   */
  | 'guests_answer_pending'
  /** The guests attending the sub-event in `details.sub_event` when it is sent (its day-before reminder, docs/sub-events.md). */
  | 'sub_event_attending';

/** `language`: the guest's own, so a notice sent after the guest is gone still speaks it. */
export type NoticeRecipient = { guest_id: string; name?: string; email?: string; rsvp_status?: string; invited_at?: string; language?: string };

export const RECIPIENTS_PER_PART = 500;

export function eventSnapshot(event: EventRecord): EventSnapshot {
  const { name, event_date, timezone, location_name, location_address, organizer_id, status, default_language } = event;
  return { name, event_date, timezone, location_name, location_address, organizer_id, status, ...(default_language ? { default_language } : {}) };
}

/** The Put of a new pending notice, to add to the transaction of the change it announces. */
export function noticePut(
  input: Pick<NoticeRecord, 'kind' | 'event_id' | 'event' | 'changes' | 'actor_id' | 'recipient' | 'recipient_user_ids' | 'alerts' | 'recipient_email' | 'details'>
    & { audience?: GuestStatusAudience },
  now: Date,
  /** Recipients written in the same transaction (noticeRecipientParts): a snapshot already recorded. */
  recordedRecipients?: number,
): { id: string; write: TransactItem } {
  const id = newId();
  const createdAt = now.toISOString();
  const snapshot = input.kind === 'event_deleted' || recordedRecipients !== undefined;
  const notice: NoticeRecord = {
    ...input,
    id,
    status: 'pending',
    audience: input.audience ?? (input.recipient_email ? 'one_email' : input.recipient_user_ids ? 'team_members' : input.recipient ? 'one_guest' : snapshot ? 'snapshot' : 'guests_in_contact_before_notice'),
    ...(snapshot ? { recipients_recorded: recordedRecipients !== undefined } : {}),
    ...(recordedRecipients !== undefined ? { recipient_count: recordedRecipients } : {}),
    created_at: createdAt,
  };
  return {
    id,
    write: {
      Put: {
        Item: {
          ...noticeKeys.item(id),
          type: 'notice',
          gsi1pk: noticeKeys.byEventPartition(input.event_id),
          gsi1sk: `${createdAt}#${id}`,
          // Sparse outbox key: present while the notice is pending, removed once it is sent (functions/outbox).
          gsi2pk: outboxKeys.partition(id),
          gsi2sk: outboxKeys.sort(createdAt, 'NOTICE', id),
          ...notice,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  };
}

const noticeFromItem = ({ pk: _pk, sk: _sk, type: _type, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, ...notice }: Record<string, unknown>) =>
  notice as NoticeRecord;

/** Every notice recorded for an event, oldest first (Query GSI1 on the event's notices partition). */
export async function listEventNotices(eventId: string): Promise<NoticeRecord[]> {
  const items = await queryAllPages({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': noticeKeys.byEventPartition(eventId) },
  });
  return items.map(noticeFromItem);
}

/** The Puts of a snapshot's recipients in parts of RECIPIENTS_PER_PART, for the transaction that records its notice. */
export const noticeRecipientParts = (noticeId: string, recipients: NoticeRecipient[]): TransactItem[] =>
  Array.from({ length: Math.ceil(recipients.length / RECIPIENTS_PER_PART) }, (_, part) => ({
    Put: { Item: { ...noticeKeys.recipients(noticeId, part), type: 'notice_recipients', recipients: recipients.slice(part * RECIPIENTS_PER_PART, (part + 1) * RECIPIENTS_PER_PART) }, ConditionExpression: 'attribute_not_exists(pk)' },
  }));

/**
 * Writes a deletion notice's recipients in parts, then marks them recorded. Safe to repeat: the parts
 * have fixed keys and the guest set cannot change once the event is marked deleting.
 */
export async function recordNoticeRecipients(noticeId: string, recipients: NoticeRecipient[]): Promise<void> {
  for (let part = 0; part * RECIPIENTS_PER_PART < recipients.length; part += 1) {
    const slice = recipients.slice(part * RECIPIENTS_PER_PART, (part + 1) * RECIPIENTS_PER_PART);
    await db().send(new PutCommand({ TableName: tableName(), Item: { ...noticeKeys.recipients(noticeId, part), type: 'notice_recipients', recipients: slice } }));
  }
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: noticeKeys.item(noticeId),
      UpdateExpression: 'SET recipients_recorded = :yes, recipient_count = :count',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':yes': true, ':count': recipients.length },
    }),
  );
}

/** A notice and its snapshotted recipients (Query the notice's partition, strongly consistent). */
export async function getNoticeWithRecipients(noticeId: string): Promise<{ notice: NoticeRecord | null; recipients: NoticeRecipient[] }> {
  const items = await queryAllPages({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': noticeKeys.item(noticeId).pk },
    ConsistentRead: true,
  });
  const main = items.find((item) => item.sk === noticeKeys.item(noticeId).sk);
  const recipients = items
    .filter((item) => String(item.sk).startsWith(noticeKeys.recipientsPrefix))
    .flatMap((item) => item.recipients as NoticeRecipient[]);
  return { notice: main ? noticeFromItem(main) : null, recipients };
}
