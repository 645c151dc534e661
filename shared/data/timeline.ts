import { memberExistsCheck } from './team/members.ts';
import { utcDay } from '../domain/events/rules.ts';
import type { CounterEffect, TimelineItem } from '../domain/timeline/plan.ts';
import { queryChildren } from './collection.ts';
import { childKeys, dueKeys, eventKeys } from './keys.ts';
import { countPastCap, underCapCondition } from './events/collection-caps.ts';
import { openDueWrite } from './events/open-due.ts';
import { LIVE_EVENT_CONDITION, liveEventCheck, revisionBump } from './events/live-event.ts';
import { type TransactItem, TransactionConditionFailed, transact } from './transact.ts';

/**
 * The timeline repository. Items live in the event's collection (`TIMELINE#<id>`) and in GSI2 under their
 * due day (`DUE#<day>#<shard>`), where the reminders job finds them. Every write changes the event's timeline
 * counters in the same transaction (`timeline_total`, `timeline_done` on the event item, the item's due
 * instant on the event's open-due item: shared/data/events/open-due.ts), so the counters always equal a
 * recount of the items.
 */
const TIMELINE_TYPE = 'timelineItem';
const storageOnly = ['pk', 'sk', 'type', 'gsi2pk', 'gsi2sk'];

export function timelineItemFromDb(item: Record<string, unknown>): TimelineItem {
  const fields: Record<string, unknown> = { depends_on: [], ...item };
  return Object.fromEntries(Object.entries(fields).filter(([name]) => !storageOnly.includes(name))) as TimelineItem;
}

const timelineRecord = (item: TimelineItem) => ({
  ...childKeys.item('timelineItem', item.event_id, item.id),
  type: TIMELINE_TYPE,
  gsi2pk: dueKeys.partition(utcDay(item.due_date), item.id),
  gsi2sk: dueKeys.sort(item.due_date, 'TIMELINE', item.id),
  ...item,
});

/** Every timeline item of an event (Query the collection's TIMELINE# items, strong, every page). */
export async function listTimelineItems(eventId: string): Promise<TimelineItem[]> {
  return (await queryChildren('timelineItem', eventId)).map(timelineItemFromDb);
}

export type TimelineWrite = {
  eventId: string;
  effect: CounterEffect;
  itemId: string;
  /** The event item as read still has the old `timeline_open_due` map (migration 0006 not done with it). */
  legacyOpenDue: boolean;
  /** Set when the write changes dependency edges: the event's `timeline_graph_version` as read. */
  graphRevision?: number;
  /** Put of a new item, replacement of a stored one at a version, or deletion at a version. */
  item: { create: TimelineItem } | { replace: TimelineItem; expectedVersion: number } | { delete: TimelineItem; expectedVersion: number };
  /** Dependencies that were finished when read and must still be (completing without `force`). */
  finishedDependencies?: string[];
  /** The user id an item is assigned to, which must be on the team. */
  assigneeUserId?: string;
  /** Items whose `depends_on` changes too (they lose a deleted item), each at the version read. */
  dependents?: { item: TimelineItem; dependsOn: string[] }[];
  now: Date;
  alsoWrite: TransactItem[];
  /** An add under the timeline's cap: the event's `timeline_total` must be at most this before it. */
  maxTotalBefore?: number;
};

export type TimelineWriteOutcome = 'saved' | 'event_gone' | 'graph_changed' | 'item_changed' | 'dependency_reopened' | 'assignee_not_on_team' | 'collection_full';

const EVENT_INDEX = 0;
const ITEM_INDEX = 1;

/** One TransactWriteItems: the event's counters, the item, and every check and write that goes with it. */
export async function writeTimeline(write: TimelineWrite): Promise<TimelineWriteOutcome> {
  const items: TransactItem[] = [eventUpdate(write), itemWrite(write)];
  const firstDependency = items.length;
  for (const dep of write.finishedDependencies ?? []) {
    items.push({
      ConditionCheck: {
        Key: childKeys.item('timelineItem', write.eventId, dep),
        ConditionExpression: '#status = :completed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':completed': 'completed' },
      },
    });
  }
  const assigneeIndex = items.length;
  if (write.assigneeUserId) {
    items.push(memberExistsCheck(write.eventId, write.assigneeUserId));
  }
  const firstDependent = items.length;
  for (const { item, dependsOn } of write.dependents ?? []) {
    items.push({
      Update: {
        Key: childKeys.item('timelineItem', write.eventId, item.id),
        UpdateExpression: 'SET depends_on = :deps, #version = #version + :one, updated_at = :now',
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':deps': dependsOn, ':one': 1, ':now': write.now.toISOString(), ':expected': item.version },
      },
    });
  }
  items.push(...write.alsoWrite);
  // Unconditional, so it never fails the transaction; last, so the indexes above stay as they are.
  const openDue = openDueWrite(write.eventId, [{ itemId: write.itemId, due: write.effect.openDue }], write.legacyOpenDue);
  if (openDue) items.push(openDue);
  try {
    await transact(items);
    return 'saved';
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    const failed = (index: number) => error.failedIndexes.includes(index);
    if (failed(EVENT_INDEX) && write.maxTotalBefore !== undefined && await countPastCap(write.eventId, 'timeline_total', write.maxTotalBefore)) return 'collection_full';
    if (failed(EVENT_INDEX)) return write.graphRevision === undefined ? 'event_gone' : 'graph_changed';
    if (failed(ITEM_INDEX)) return 'item_changed';
    if (write.assigneeUserId && failed(assigneeIndex)) return 'assignee_not_on_team';
    if (error.failedIndexes.some((index) => index >= firstDependency && index < assigneeIndex)) return 'dependency_reopened';
    if (error.failedIndexes.some((index) => index >= firstDependent)) return 'graph_changed';
    throw error;
  }
}

function itemWrite(write: TimelineWrite): TransactItem {
  if ('create' in write.item) {
    return { Put: { Item: timelineRecord(write.item.create), ConditionExpression: 'attribute_not_exists(pk)' } };
  }
  const versionCheck = {
    ConditionExpression: '#version = :expected',
    ExpressionAttributeNames: { '#version': 'version' },
    ExpressionAttributeValues: { ':expected': write.item.expectedVersion },
  };
  if ('replace' in write.item) return { Put: { Item: timelineRecord(write.item.replace), ...versionCheck } };
  return { Delete: { Key: childKeys.item('timelineItem', write.eventId, write.item.delete.id), ...versionCheck } };
}

/** The event item's side: counters, the graph revision; or only a liveness check. */
function eventUpdate(write: TimelineWrite): TransactItem {
  const { effect } = write;
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const adds: string[] = [];
  const sets: string[] = [];
  let condition = LIVE_EVENT_CONDITION;
  if (effect.totalDelta !== 0) {
    adds.push('timeline_total :total');
    values[':total'] = effect.totalDelta;
  }
  if (write.maxTotalBefore !== undefined) {
    condition = `${condition} AND ${underCapCondition('timeline_total', ':maxTotalBefore')}`;
    values[':maxTotalBefore'] = write.maxTotalBefore;
  }
  if (effect.doneDelta !== 0) {
    adds.push('timeline_done :done');
    values[':done'] = effect.doneDelta;
  }
  if (write.graphRevision !== undefined) {
    names['#graph'] = 'timeline_graph_version';
    const bump = revisionBump('#graph', write.graphRevision);
    condition = `${condition} AND ${bump.condition}`;
    sets.push(bump.set);
    Object.assign(values, bump.values);
  }
  const clauses = [sets.length ? `SET ${sets.join(', ')}` : '', adds.length ? `ADD ${adds.join(', ')}` : '']
    .filter(Boolean)
    .join(' ');
  if (!clauses) return liveEventCheck(write.eventId);
  return {
    Update: {
      Key: eventKeys.item(write.eventId),
      UpdateExpression: clauses,
      ConditionExpression: condition,
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
    },
  };
}
