import type { CounterEffect } from '../../domain/timeline/plan.ts';
import { CLOSED_DUE, type OpenDue, openDueUnion } from '../../domain/events/open-due.ts';
import { batchGetAll } from '../collection.ts';
import { eventKeys, openDueKeys } from '../keys.ts';
import { type TransactItem, TransactionConditionFailed, transact } from '../transact.ts';

/**
 * The event's open-due item (`EVENT#<id>` / `TIMELINEDUE`, openDueKeys): the due instant of each open,
 * dated timeline item as a top-level attribute named by the item's id, plus `type` and `revision` (bumped
 * by every write, so migration 0006 can write it on the revision it read). Written in the transactions
 * that change the timeline's counters on the event item; each write is an UpdateItem, so it works whether
 * the item exists yet or not. Read beside the event item where the summary needs it (GET and PUT
 * /api/events/{id}, the real-time counters).
 */
export const OPEN_DUE_TYPE = 'timelineOpenDue';
const attributesNotEntries = ['pk', 'sk', 'type', 'revision'];

/** The entries of a stored open-due item (closed markers included); none when it does not exist. */
export function openDueEntries(item: Record<string, unknown> | null | undefined): OpenDue {
  if (!item) return {};
  return Object.fromEntries(Object.entries(item).filter(([name, value]) => !attributesNotEntries.includes(name) && typeof value === 'string')) as OpenDue;
}

/** An event's open due instants from its item (with the old map, if not migrated yet) and its open-due item. */
export function openDueOf(event: { timeline_open_due?: OpenDue }, openDueItem: Record<string, unknown> | null | undefined): OpenDue {
  return openDueUnion(event.timeline_open_due, openDueEntries(openDueItem));
}

/** The open due instants of an event (BatchGetItem of the event and its open-due item, strong). */
export async function getOpenDue(eventId: string): Promise<OpenDue> {
  const items = await batchGetAll([eventKeys.item(eventId), openDueKeys.item(eventId)]);
  const eventItem = items.find((item) => item.sk === eventKeys.item(eventId).sk);
  const openDueItem = items.find((item) => item.sk === openDueKeys.item(eventId).sk);
  return eventItem ? openDueOf(eventItem, openDueItem) : {};
}

/**
 * The write of a timeline change on the open-due item: the item's due instant set, or removed. An event
 * item that still has the old map (`legacyMap`: as read, before migration 0006 moved it) may hold the item
 * there: a removal then stores the closed marker instead, which hides that entry (openDueUnion).
 */
export function openDueWrite(eventId: string, changes: { itemId: string; due: CounterEffect['openDue'] }[], legacyMap: boolean): TransactItem | null {
  const names: Record<string, string> = { '#type': 'type', '#revision': 'revision' };
  const values: Record<string, unknown> = { ':type': OPEN_DUE_TYPE, ':one': 1 };
  const sets = ['#type = :type'];
  const removes: string[] = [];
  changes.forEach(({ itemId, due }, index) => {
    if (due === 'keep') return;
    names[`#i${index}`] = itemId;
    if (due === 'remove' && !legacyMap) {
      removes.push(`#i${index}`);
      return;
    }
    sets.push(`#i${index} = :i${index}`);
    values[`:i${index}`] = due === 'remove' ? CLOSED_DUE : due.set;
  });
  if (sets.length === 1 && removes.length === 0) return null;
  return {
    Update: {
      Key: openDueKeys.item(eventId),
      UpdateExpression: `SET ${sets.join(', ')} ADD #revision :one${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** The open-due item of a new event (its default milestones, all open). */
export const openDuePut = (eventId: string, openDue: OpenDue): TransactItem => ({
  Put: { Item: { ...openDueKeys.item(eventId), type: OPEN_DUE_TYPE, revision: 1, ...openDue }, ConditionExpression: 'attribute_not_exists(pk)' },
});

const MOVE_ATTEMPTS = 5;

/**
 * Migration 0006's step for one event: its old `timeline_open_due` map goes to its open-due item, in one
 * transaction of two writes, each on the state read (a strong BatchGetItem of both): the event item's map
 * removed if it is still the map read and the event is not being deleted (a deletion takes the map with
 * the event), the open-due item put with the union (openDueUnion: its own entries win, closed markers
 * dropped) if its `revision` is still the one read. A timeline write in between changes the revision and
 * the step reads again. True when it moved the map; false when there was none to move (another run, or
 * the event was deleted or is being deleted).
 */
export async function moveLegacyOpenDue(eventId: string): Promise<boolean> {
  for (let attempt = 1; ; attempt += 1) {
    const items = await batchGetAll([eventKeys.item(eventId), openDueKeys.item(eventId)]);
    const eventItem = items.find((item) => item.sk === eventKeys.item(eventId).sk);
    const openDueItem = items.find((item) => item.sk === openDueKeys.item(eventId).sk);
    const legacy = eventItem?.timeline_open_due as OpenDue | undefined;
    if (!eventItem || legacy === undefined || eventItem.deleting_at) return false;
    const revision = typeof openDueItem?.revision === 'number' ? openDueItem.revision : null;
    try {
      await transact([
        {
          Update: {
            Key: eventKeys.item(eventId),
            UpdateExpression: 'REMOVE #open',
            ConditionExpression: '#open = :read AND attribute_not_exists(deleting_at)',
            ExpressionAttributeNames: { '#open': 'timeline_open_due' },
            ExpressionAttributeValues: { ':read': legacy },
          },
        },
        {
          Put: {
            Item: { ...openDueKeys.item(eventId), type: OPEN_DUE_TYPE, revision: (revision ?? 0) + 1, ...openDueOf(eventItem, openDueItem) },
            ...(revision === null
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : { ConditionExpression: '#revision = :revision', ExpressionAttributeNames: { '#revision': 'revision' }, ExpressionAttributeValues: { ':revision': revision } }),
          },
        },
      ]);
      return true;
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed) || attempt >= MOVE_ATTEMPTS) throw error;
    }
  }
}
