import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { memberExistsCheck } from './team/members.ts';
import type { ChecklistItem } from '../domain/checklist/rules.ts';
import { type EventRecord, utcDay } from '../domain/events/rules.ts';
import { queryChildren } from './collection.ts';
import { childKeys, dueKeys, eventKeys } from './keys.ts';
import { db, tableName } from './client.ts';
import { countPastCap, underCapCondition } from './events/collection-caps.ts';
import { LIVE_EVENT_CONDITION, liveEventCheck, revisionBump, revisionOf } from './events/live-event.ts';
import { type TransactItem, TransactionConditionFailed, transact } from './transact.ts';

/**
 * The checklist repository. Items live in the event's collection (`CHECKLIST#<id>`); an item with a due
 * date is also in GSI2 under its due day for the reminders job. The event's `checklist_revision` counts
 * changes to the set of tasks, so applying a template (which adds only the tasks missing at the time it
 * read them) is conditional on nothing having changed since.
 */
const CHECKLIST_TYPE = 'checklistItem';
const storageOnly = ['pk', 'sk', 'type', 'gsi2pk', 'gsi2sk'];

export function checklistItemFromDb(item: Record<string, unknown>): ChecklistItem {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !storageOnly.includes(name))) as ChecklistItem;
}

const checklistRecord = (item: ChecklistItem) => ({
  ...childKeys.item('checklistItem', item.event_id, item.id),
  type: CHECKLIST_TYPE,
  ...(item.due_date ? { gsi2pk: dueKeys.partition(utcDay(item.due_date), item.id), gsi2sk: dueKeys.sort(item.due_date, 'CHECKLIST', item.id) } : {}),
  ...item,
});

/** Every checklist item of an event (Query the collection's CHECKLIST# items, strong, every page). */
export async function listChecklistItems(eventId: string): Promise<ChecklistItem[]> {
  return (await queryChildren('checklistItem', eventId)).map(checklistItemFromDb);
}

/**
 * How a write that adds or deletes tasks moves the event's `checklist_count` (the checklist's cap,
 * shared/domain/collections/caps.ts): by `delta` on an event already counted (an add at most `maxBefore`
 * before it), or, on an event not counted yet (made before the cap), set to `initial`: a strong count
 * taken after the event was read, which holds only while the checklist revision read is still the stored
 * one (every change of the set of tasks moves it), so the write requires that revision.
 */
export type ChecklistCount = { delta: number; maxBefore?: number } | { initial: number; revisionRead: number; maxBefore?: number };

/** The count a write of `delta` tasks moves, and the count before it (counted now when the event has none). */
export async function checklistCountChange(event: EventRecord, delta: number, maxBefore?: number): Promise<{ before: number; change: ChecklistCount }> {
  const bound = maxBefore === undefined ? {} : { maxBefore };
  if (typeof event.checklist_count === 'number') return { before: event.checklist_count, change: { delta, ...bound } };
  const before = await countChecklistItems(event.id);
  return { before, change: { initial: before + delta, revisionRead: revisionOf(event, 'checklist_revision'), ...bound } };
}

/** How many tasks an event has (Query the collection's CHECKLIST# items, strong, every page, counting only). */
async function countChecklistItems(eventId: string): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db().send(new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId), ':prefix': childKeys.prefix('checklistItem') },
      Select: 'COUNT',
      ConsistentRead: true,
      ExclusiveStartKey: startKey,
    }));
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}

export type ChecklistWrite = {
  eventId: string;
  /** Set when the write adds or deletes tasks. */
  count?: ChecklistCount;
  /** The set of tasks changes: bump `checklist_revision`; with `expected`, only if it is still that value. */
  revision?: { expected?: number };
  change: { create: ChecklistItem[] } | { replace: ChecklistItem; expectedVersion: number } | { delete: ChecklistItem; expectedVersion: number };
  assigneeUserId?: string;
  alsoWrite: TransactItem[];
};

export type ChecklistWriteOutcome = 'saved' | 'event_changed' | 'item_changed' | 'assignee_not_on_team' | 'collection_full';

/** One TransactWriteItems: the event's liveness (and revision), the item(s), the assignee check, the audit. */
export async function writeChecklist(write: ChecklistWrite): Promise<ChecklistWriteOutcome> {
  const items: TransactItem[] = [eventSide(write), ...itemWrites(write)];
  const assigneeIndex = items.length;
  if (write.assigneeUserId) {
    items.push(memberExistsCheck(write.eventId, write.assigneeUserId));
  }
  items.push(...write.alsoWrite);
  try {
    await transact(items);
    return 'saved';
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    const maxBefore = write.count?.maxBefore;
    if (error.failedIndexes.includes(0) && maxBefore !== undefined && await countPastCap(write.eventId, 'checklist_count', maxBefore)) return 'collection_full';
    if (error.failedIndexes.includes(0)) return 'event_changed';
    if (write.assigneeUserId && error.failedIndexes.includes(assigneeIndex)) return 'assignee_not_on_team';
    return 'item_changed';
  }
}

function itemWrites(write: ChecklistWrite): TransactItem[] {
  const { change } = write;
  if ('create' in change) {
    return change.create.map((item) => ({ Put: { Item: checklistRecord(item), ConditionExpression: 'attribute_not_exists(pk)' } }));
  }
  const versionCheck = {
    ConditionExpression: '#version = :expected',
    ExpressionAttributeNames: { '#version': 'version' },
    ExpressionAttributeValues: { ':expected': change.expectedVersion },
  };
  if ('replace' in change) return [{ Put: { Item: checklistRecord(change.replace), ...versionCheck } }];
  return [{ Delete: { Key: childKeys.item('checklistItem', write.eventId, change.delete.id), ...versionCheck } }];
}

function eventSide(write: ChecklistWrite): TransactItem {
  if (!write.revision) return liveEventCheck(write.eventId);
  const bump = revisionBump('#revision', write.revision.expected ?? 0);
  const conditions = [LIVE_EVENT_CONDITION];
  const values: Record<string, unknown> = write.revision.expected === undefined ? { ':revisionZero': 0, ':revisionOne': 1 } : { ...bump.values };
  if (write.revision.expected !== undefined) conditions.push(bump.condition);
  const sets = [bump.set];
  const adds: string[] = [];
  const { count } = write;
  if (count && 'initial' in count) {
    sets.push('#count = :countInitial');
    values[':countInitial'] = count.initial;
    conditions.push('attribute_not_exists(#count)');
    // The count holds at the revision it was taken at (the same as `expected` when the write has one).
    if (write.revision.expected === undefined) {
      const read = revisionBump('#revision', count.revisionRead);
      conditions.push(read.condition);
      Object.assign(values, read.values);
    }
  } else if (count) {
    adds.push('#count :countDelta');
    values[':countDelta'] = count.delta;
    conditions.push('attribute_exists(#count)');
  }
  if (count?.maxBefore !== undefined) {
    conditions.push(underCapCondition('#count', ':countMax'));
    values[':countMax'] = count.maxBefore;
  }
  return {
    Update: {
      Key: eventKeys.item(write.eventId),
      UpdateExpression: `SET ${sets.join(', ')}${adds.length ? ` ADD ${adds.join(', ')}` : ''}`,
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: { '#revision': 'checklist_revision', ...(count ? { '#count': 'checklist_count' } : {}) },
      ExpressionAttributeValues: values,
    },
  };
}
