import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import type { EventEdits } from '../../domain/events/changes.ts';
import { editableEventFields } from '../../domain/events/changes.ts';
import type { NewEventPlan } from '../../domain/events/defaults.ts';
import { type ListedEvent, listedEventOf } from '../../domain/events/list.ts';
import { type EventRecord, utcDay } from '../../domain/events/rules.ts';
import type { TimelineItem } from '../../domain/timeline/plan.ts';
import { db, tableName } from '../client.ts';
import { batchGetAll, deleteItemCollection, queryAllPages } from '../collection.ts';
import { childKeys, dueKeys, eventKeys, invitationCodeKeys, type Key, userKeys } from '../keys.ts';
import { type MemberRecord, memberPut } from '../team/members.ts';
import type { NoticeRecipient } from '../notices.ts';
import { type TransactItem, TransactionConditionFailed, transact } from '../transact.ts';
import { transactWithCopies } from './listed-copies.ts';
import { deleteBatchRows, eventRowBatchIds } from '../invitations/recipients.ts';
import { openDuePut, openDueWrite } from './open-due.ts';

/** The event repository: the event item and the writes that must change together with it. */

const itemOnlyAttributes = ['pk', 'sk', 'type', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'];

export function eventFromItem(item: Record<string, unknown>): EventRecord {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !itemOnlyAttributes.includes(name))) as EventRecord;
}

const categoryTitle = (slug: string) => slug.charAt(0).toUpperCase() + slug.slice(1);

const EVENT_INDEX = 0;
const USER_INDEX = 1;

/**
 * Create: the event, its organizer's membership, default budget categories and timeline items, the
 * creator's `events_created` counter and `alsoWrite` (the audit entry) in ONE TransactWriteItems (at most
 * ~30 items, well under the 100 limit). 'no_user' when the creator's user item is gone.
 */
export async function insertEventWithDefaults(plan: NewEventPlan, organizer: MemberRecord, alsoWrite: TransactItem[]): Promise<'created' | 'no_user'> {
  const { event } = plan;
  const base = { event_id: event.id, created_at: event.created_at, updated_at: event.created_at, version: 1 };
  const items: TransactItem[] = [];
  items[EVENT_INDEX] = { Put: { Item: { ...eventKeys.item(event.id), type: 'event', ...event }, ConditionExpression: 'attribute_not_exists(pk)' } };
  items[USER_INDEX] = {
    Update: {
      Key: userKeys.item(organizer.user_id),
      UpdateExpression: 'ADD events_created :one',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':one': 1 },
    },
  };
  items.push(memberPut(organizer, listedEventOf(event)));
  for (const slug of plan.categories) {
    items.push({
      Put: {
        Item: { ...childKeys.item('budgetCategory', event.id, slug), type: 'budgetCategory', ...base, id: slug, category: slug, name: categoryTitle(slug), allocation_minor: 0 },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }
  for (const milestone of plan.timeline) {
    items.push({
      Put: {
        Item: {
          ...childKeys.item('timelineItem', event.id, milestone.id),
          type: 'timelineItem',
          ...base,
          ...milestone,
          status: 'pending',
          depends_on: [],
          source: 'default',
          gsi2pk: dueKeys.partition(utcDay(milestone.due_date), milestone.id),
          gsi2sk: dueKeys.sort(milestone.due_date, 'TIMELINE', milestone.id),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }
  items.push(openDuePut(event.id, plan.openDue));
  items.push(...alsoWrite);
  try {
    await transact(items);
    return 'created';
  } catch (error) {
    if (error instanceof TransactionConditionFailed && error.failedIndexes.includes(USER_INDEX)) return 'no_user';
    throw error;
  }
}

/**
 * Events by id (BatchGetItem, strong unless `consistentRead` is false: a list read from an index, which
 * is eventual anyway, at half the capacity; 100 per call); missing and half-deleted events are left out.
 */
export async function getEventsByIds(eventIds: string[], consistentRead = true): Promise<EventRecord[]> {
  const items = await batchGetAll(eventIds.map((eventId) => eventKeys.item(eventId)), consistentRead);
  return items.map(eventFromItem).filter((event) => !event.deleting_at);
}

/**
 * Update: sets and removes exactly the fields of `edits` that are in the editable list (never names
 * taken from a request), bumps `version`, in one transaction with `alsoWrite` (audit entry, notice) and
 * the default milestones that move with a new date (`timelineMoves`: each item at the version read and
 * still unfinished and undated by a planner, its entry on the event's open-due item with it, so the
 * counters never drift; shared/data/events/open-due.ts). Only default milestones carry `days_before_event`, at most 10 per event
 * (the longest default plan), so the transaction stays far below DynamoDB's 100 items.
 * 'stale' when the stored version is not `expectedVersion`, the event is being deleted, or a moved
 * item changed since it was read. `listed` (the event's listed fields after the change, when one of them
 * changes) goes to every membership's copy with it (listed-copies.ts). `subEvents` (a new time zone: the
 * sub-events' reminder markers, shared/data/sub-events/reminders.ts) are written while the event still
 * counts the sub-events read (`count`) and each is as read, else 'stale'.
 */
export async function saveEventEdits(
  eventId: string,
  expectedVersion: number,
  edits: EventEdits,
  now: Date,
  alsoWrite: TransactItem[],
  timelineMoves: { item: TimelineItem; due_date: string }[] = [],
  listed?: ListedEvent,
  subEvents?: { count: number; writes: TransactItem[] },
): Promise<'saved' | 'stale'> {
  const names: Record<string, string> = { '#version': 'version', '#updated_at': 'updated_at', '#deleting_at': 'deleting_at' };
  const values: Record<string, unknown> = { ':expected': expectedVersion, ':one': 1, ':now': now.toISOString() };
  const sets = ['#version = #version + :one', '#updated_at = :now'];
  const removes: string[] = [];
  editableEventFields.forEach((field, index) => {
    if (field in edits.set) {
      names[`#f${index}`] = field;
      values[`:f${index}`] = edits.set[field];
      sets.push(`#f${index} = :f${index}`);
    } else if ((edits.remove as string[]).includes(field)) {
      names[`#f${index}`] = field;
      removes.push(`#f${index}`);
    }
  });
  const update: TransactItem = {
    Update: {
      Key: eventKeys.item(eventId),
      UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ConditionExpression: `#version = :expected AND attribute_not_exists(#deleting_at)${subEvents ? ` AND ${subEventCountIs(subEvents.count)}` : ''}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: subEvents ? { ...values, ':subEventCount': subEvents.count } : values,
    },
  };
  const moves = timelineMoves.map(({ item, due_date }) => timelineMove(eventId, item, due_date, now));
  const versioned = [...moves, ...(subEvents?.writes ?? [])];
  // Moves only ever set an open item's instant, so the old map (if still there) needs no closed marker.
  const openDue = openDueWrite(eventId, timelineMoves.map(({ item, due_date }) => ({ itemId: item.id, due: { set: due_date } })), false);
  return conditional([update, ...versioned, ...alsoWrite, ...(openDue ? [openDue] : [])], versioned.length, listed);
}

/** The event counts `count` sub-events (none counted yet is 0). */
const subEventCountIs = (count: number) => (count === 0 ? '(attribute_not_exists(sub_event_count) OR sub_event_count = :subEventCount)' : 'sub_event_count = :subEventCount');

/** A default milestone's new due instant (and due-day index entry), if it is as read and still movable. */
function timelineMove(eventId: string, item: TimelineItem, dueDate: string, now: Date): TransactItem {
  return {
    Update: {
      Key: childKeys.item('timelineItem', eventId, item.id),
      UpdateExpression: 'SET due_date = :due, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk, #version = #version + :one, updated_at = :now',
      ConditionExpression: '#version = :expected AND #status <> :completed AND attribute_exists(days_before_event)',
      ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
      ExpressionAttributeValues: {
        ':due': dueDate,
        ':gsi2pk': dueKeys.partition(utcDay(dueDate), item.id),
        ':gsi2sk': dueKeys.sort(dueDate, 'TIMELINE', item.id),
        ':one': 1,
        ':now': now.toISOString(),
        ':expected': item.version,
        ':completed': 'completed',
      },
    },
  };
}

/**
 * First step of a delete: marks the event as being deleted (every route treats it as gone from then on)
 * and names its cancellation notice, with `alsoWrite` (that notice, the audit entry) in one transaction.
 */
export async function markEventDeleting(
  eventId: string,
  expectedVersion: number,
  noticeId: string,
  now: Date,
  alsoWrite: TransactItem[],
): Promise<'saved' | 'stale'> {
  const mark: TransactItem = {
    Update: {
      Key: eventKeys.item(eventId),
      UpdateExpression: 'SET #deleting_at = :now, #notice = :notice, #version = #version + :one',
      ConditionExpression: '#version = :expected AND attribute_not_exists(#deleting_at)',
      ExpressionAttributeNames: { '#deleting_at': 'deleting_at', '#notice': 'deletion_notice_id', '#version': 'version' },
      ExpressionAttributeValues: { ':now': now.toISOString(), ':notice': noticeId, ':expected': expectedVersion, ':one': 1 },
    },
  };
  return conditional([mark, ...alsoWrite]);
}

/**
 * Runs `items` (with the memberships' copies brought to `listed`, when given); 'stale' when the event
 * (index 0) or one of the `versionedAfterEvent` items after it fails its condition.
 */
async function conditional(items: TransactItem[], versionedAfterEvent = 0, listed?: ListedEvent): Promise<'saved' | 'stale'> {
  try {
    await transactWithCopies(items, listed);
    return 'saved';
  } catch (error) {
    if (error instanceof TransactionConditionFailed && error.failedIndexes.some((index) => index <= EVENT_INDEX + versionedAfterEvent)) return 'stale';
    throw error;
  }
}

/** The event's guests as notice recipients (Query the collection's GUEST# items, strong, every page). */
export async function listGuestRecipients(eventId: string): Promise<NoticeRecipient[]> {
  const guests = await queryAllPages({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId), ':prefix': childKeys.prefix('guest') },
    ConsistentRead: true,
  });
  return guests.map((guest) => ({
    guest_id: String(guest.id),
    name: guest.name as string | undefined,
    email: guest.email as string | undefined,
    rsvp_status: guest.rsvp_status as string | undefined,
    invited_at: guest.invited_at as string | undefined,
    ...(typeof guest.language === 'string' ? { language: guest.language } : {}),
  }));
}

/** Items outside the event's collection that point into it and must be deleted with it. */
function lookupKeysOf(item: Record<string, unknown>): Key[] {
  return typeof item.code_hash === 'string' ? [invitationCodeKeys.item(item.code_hash)] : [];
}

/**
 * Second step of a delete: the rows of the event's invitation batches (their own partitions), then every
 * item of the event's collection and the lookups pointing into it, in batches, then the event item last
 * (so a retry still finds the event and its batches and carries on).
 */
export async function purgeEvent(eventId: string): Promise<void> {
  // The invitation rows first, found from the batches (and batch markers) the collection still holds.
  for (const batchId of await eventRowBatchIds(eventId)) await deleteBatchRows(batchId);
  await deleteItemCollection(eventKeys.partition(eventId), {
    keep: (item) => item.sk === eventKeys.item(eventId).sk,
    lookupKeysOf,
    lookupAttributes: ['code_hash'],
  });
  await db().send(new DeleteCommand({ TableName: tableName(), Key: eventKeys.item(eventId) }));
}
