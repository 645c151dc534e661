import { memberExistsCheck } from './team/members.ts';
import type { ChecklistItem } from '../domain/checklist/rules.ts';
import { utcDay } from '../domain/events/rules.ts';
import { queryChildren } from './collection.ts';
import { childKeys, dueKeys, eventKeys } from './keys.ts';
import { LIVE_EVENT_CONDITION, liveEventCheck, revisionBump } from './events/live-event.ts';
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

export type ChecklistWrite = {
  eventId: string;
  /** The set of tasks changes: bump `checklist_revision`; with `expected`, only if it is still that value. */
  revision?: { expected?: number };
  change: { create: ChecklistItem[] } | { replace: ChecklistItem; expectedVersion: number } | { delete: ChecklistItem; expectedVersion: number };
  assigneeUserId?: string;
  alsoWrite: TransactItem[];
};

export type ChecklistWriteOutcome = 'saved' | 'event_changed' | 'item_changed' | 'assignee_not_on_team';

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
  const condition = write.revision.expected === undefined ? LIVE_EVENT_CONDITION : `${LIVE_EVENT_CONDITION} AND ${bump.condition}`;
  const values = write.revision.expected === undefined
    ? { ':revisionZero': 0, ':revisionOne': 1 }
    : bump.values;
  return {
    Update: {
      Key: eventKeys.item(write.eventId),
      UpdateExpression: `SET ${bump.set}`,
      ConditionExpression: condition,
      ExpressionAttributeNames: { '#revision': 'checklist_revision' },
      ExpressionAttributeValues: values,
    },
  };
}
