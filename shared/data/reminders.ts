import type { EventRecord } from '../domain/events/rules.ts';
import type { DigestEntry, DueTask } from '../domain/reminder-plan.ts';
import { batchGetAll } from './collection.ts';
import type { DayIndexedItem } from './due-items.ts';
import { eventFromItem } from './events/records.ts';
import { childKeys, eventKeys, reminderKeys } from './keys.ts';
import { memberFromItem, type MemberRecord } from './team/members.ts';
import { liveEventCheck } from './events/live-event.ts';
import { type TransactItem, TransactionConditionFailed, transact } from './transact.ts';

/**
 * The reminders job's reads and its one write per reminder. GSI2's day partitions also hold events'
 * reminder markers (events/reminders.ts), unpaid budget items and whatever later issues index by day:
 * each reader keeps the types it knows and skips the rest.
 */
const KEEP_RECORDS_SECONDS = 90 * 24 * 3600;

export function dueTaskOf(item: DayIndexedItem): DueTask | null {
  const common = { id: String(item.id), event_id: String(item.event_id), due_date: String(item.due_date), assigned_to: item.assigned_to as string | undefined };
  if (item.type === 'timelineItem') return { ...common, kind: 'timeline', title: String(item.title), done: item.status === 'completed' };
  if (item.type === 'checklistItem') return { ...common, kind: 'checklist', title: String(item.task), done: item.completed === true };
  return null;
}

/** An unpaid budget item's payment as a digest line (budget items leave GSI2 once paid). */
export function duePaymentOf(item: DayIndexedItem): (DigestEntry & { event_id: string }) | null {
  if (item.type !== 'budgetItem' || typeof item.due_date !== 'string') return null;
  const due = item.due_date.length === 10 ? `${item.due_date}T00:00:00Z` : item.due_date;
  const title = (item.name ?? item.description ?? item.category ?? 'Payment') as string;
  return { kind: 'payment', id: String(item.id), event_id: String(item.event_id), title, due_date: due };
}

export type ReminderContext = {
  events: Map<string, EventRecord>;
  /** The assignee's membership of the event, if any (whether it may hear of the task is the domain's call). */
  memberOf: (eventId: string, userId: string) => MemberRecord | undefined;
  wasRecorded: (eventId: string, key: string) => boolean;
};

/** Events, the assignees' memberships and the reminders already recorded, in batched strong reads. */
export async function loadReminderContext(
  eventIds: string[],
  members: { eventId: string; userId: string }[],
  records: { eventId: string; key: string }[],
): Promise<ReminderContext> {
  const found = await batchGetAll([
    ...[...new Set(eventIds)].map((eventId) => eventKeys.item(eventId)),
    // One read per membership, however many of the person's tasks are due (BatchGetItem refuses duplicates).
    ...[...new Set(members.map(({ eventId, userId }) => `${eventId}|${userId}`))].map((pair) => {
      const [eventId, userId] = pair.split('|') as [string, string];
      return eventKeys.member(eventId, userId);
    }),
    ...records.map(({ eventId, key }) => reminderKeys.sent(eventId, key)),
  ]);
  const keyOf = (item: Record<string, unknown>) => `${String(item.pk)}|${String(item.sk)}`;
  const present = new Set(found.map(keyOf));
  const memberships = new Map(found.filter((item) => String(item.sk).startsWith(eventKeys.memberPrefix)).map((item) => [keyOf(item), memberFromItem(item)]));
  const events = new Map(found.filter((item) => item.sk === 'EVENT').map((item) => [String(item.id), eventFromItem(item)]));
  return {
    events,
    memberOf: (eventId, userId) => memberships.get(keyOf(eventKeys.member(eventId, userId))),
    wasRecorded: (eventId, key) => present.has(keyOf(reminderKeys.sent(eventId, key))),
  };
}

export type RecordOutcome = 'sent' | 'already_sent' | 'stale';

/**
 * Records a reminder and its outbox notice in one transaction: the record's `attribute_not_exists` makes
 * it once-only (a concurrent or repeated run fails that condition and sends nothing), and for a task the
 * item must still be unfinished with the same due date (an event's guest reminder: `stillOwed`, its marker
 * unchanged), so a reminder never goes out for something done, moved or cancelled since the index
 * (eventually consistent) was read.
 */
export async function recordReminder(input: {
  eventId: string; key: string; task?: DueTask; stillOwed?: TransactItem; noticeId: string; notice: TransactItem; now: Date;
}): Promise<RecordOutcome> {
  const items: TransactItem[] = [
    sentRecord(input.eventId, input.key, input.noticeId, input.now),
    liveEventCheck(input.eventId),
    input.notice,
  ];
  if (input.task) items.push(stillOpen(input.task));
  if (input.stillOwed) items.push(input.stillOwed);
  try {
    await transact(items);
    return 'sent';
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    return error.failedIndexes.includes(0) ? 'already_sent' : 'stale';
  }
}

export type GroupEntry = { key: string; task: DueTask };
export type GroupOutcome = { sent: GroupEntry[]; already_sent: GroupEntry[]; stale: GroupEntry[] };

const GROUP_FIRST_ENTRY_INDEX = 2;
const ITEMS_PER_ENTRY = 2;

/**
 * Records several reminders of one event with ONE notice naming them all (the overdue items of one
 * person), in one transaction: each reminder's once-only record and its item still open, the event live.
 * An entry that fails its condition (sent by an earlier run, done or moved since) is dropped and the rest
 * recorded with a notice naming only them: each reminder is still sent exactly once.
 */
export async function recordReminderGroup(input: {
  eventId: string; entries: GroupEntry[]; notice: (entries: GroupEntry[]) => { id: string; write: TransactItem }; now: Date;
}): Promise<GroupOutcome> {
  const outcome: GroupOutcome = { sent: [], already_sent: [], stale: [] };
  let pending = input.entries;
  while (pending.length > 0) {
    const notice = input.notice(pending);
    const items: TransactItem[] = [liveEventCheck(input.eventId), notice.write];
    for (const { key, task } of pending) {
      items.push(sentRecord(input.eventId, key, notice.id, input.now), stillOpen(task));
    }
    try {
      await transact(items);
      outcome.sent.push(...pending);
      return outcome;
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      if (error.failedIndexes.includes(0)) {
        outcome.stale.push(...pending);
        return outcome;
      }
      const failed = new Map<number, 'already_sent' | 'stale'>();
      for (const index of error.failedIndexes.filter((at) => at >= GROUP_FIRST_ENTRY_INDEX)) {
        const position = Math.floor((index - GROUP_FIRST_ENTRY_INDEX) / ITEMS_PER_ENTRY);
        failed.set(position, (index - GROUP_FIRST_ENTRY_INDEX) % ITEMS_PER_ENTRY === 0 ? 'already_sent' : failed.get(position) ?? 'stale');
      }
      if (failed.size === 0) throw error;
      pending.forEach((entry, position) => {
        const reason = failed.get(position);
        if (reason) outcome[reason].push(entry);
      });
      pending = pending.filter((_, position) => !failed.has(position));
    }
  }
  return outcome;
}

function sentRecord(eventId: string, key: string, noticeId: string, now: Date): TransactItem {
  return {
    Put: {
      Item: {
        ...reminderKeys.sent(eventId, key), type: 'reminderSent', key, notice_id: noticeId,
        sent_at: now.toISOString(), ttl: Math.floor(now.getTime() / 1000) + KEEP_RECORDS_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

function stillOpen(task: DueTask): TransactItem {
  const key = childKeys.item(task.kind === 'timeline' ? 'timelineItem' : 'checklistItem', task.event_id, task.id);
  return task.kind === 'timeline'
    ? {
        ConditionCheck: {
          Key: key,
          ConditionExpression: '#status <> :completed AND due_date = :due',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':completed': 'completed', ':due': task.due_date },
        },
      }
    : {
        ConditionCheck: {
          Key: key,
          ConditionExpression: 'completed = :no AND due_date = :due',
          ExpressionAttributeValues: { ':no': false, ':due': task.due_date },
        },
      };
}
