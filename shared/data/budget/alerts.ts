import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { type AlertLine, type AlertSnapshot, categoryLine, itemLine, linesInScope, linesOver, overallLines } from '../../domain/budget/alerts.ts';
import { can, effectivePermissions } from '../../domain/permissions.ts';
import { auditPut } from '../audit.ts';
import { batchGetAll } from '../collection.ts';
import { db, tableName } from '../client.ts';
import { budgetEventFromItem, budgetItemFromItem, categoryFromItem, readBudgetCollection } from './items.ts';
import { budgetAlertKeys, childKeys, eventKeys, type Key } from '../keys.ts';
import { listEventMembers } from '../team/members.ts';
import { eventSnapshot, noticePut } from '../notices.ts';
import { type TransactItem, TransactionConditionFailed, transact, transactIfConditionsHold } from '../transact.ts';

/**
 * Recording budget alerts once per crossing. A crossed line is an item `BUDGETALERT#<line>` in the
 * event's collection: Put only if absent (so of two writers who both see the crossing, one records it),
 * in the same transaction as the `budget_alert` notice to the planners (the outbox). When the figure
 * drops back under the line the item is deleted, so a new crossing alerts again.
 *
 * Two callers, one function: a budget write right after it commits (judging what it touched, read
 * fresh), and the overspend job for every event changed lately (judging everything). The job also
 * repairs anything a crashed or raced write left behind, since it always judges the current figures.
 */
export type RecordedAlert = { line: string; kind: string; crossed_at: string; notice_id: string; value: number; limit: number; currency: string };

export type AlertScope = 'all' | { categories: string[]; itemIds: string[] };

export type AlertReconciliation = { recorded: AlertLine[]; cleared: string[] };

type Judged = { snapshot: AlertSnapshot; recorded: Map<string, RecordedAlert>; lines: string[] };

/**
 * Reads what `scope` needs, strongly consistent: the event and either everything or just the touched keys.
 * The lines to judge include recorded ones whose item or category is gone, so those are cleared.
 */
async function readSnapshot(eventId: string, scope: AlertScope): Promise<Judged | null> {
  if (scope === 'all') {
    const [eventItem, collection] = await Promise.all([
      db().send(new GetCommand({ TableName: tableName(), Key: eventKeys.item(eventId), ConsistentRead: true })),
      readBudgetCollection(eventId),
    ]);
    if (!eventItem.Item) return null;
    const recorded = new Map(collection.alerts.map((alert) => [String(alert.line), alert as RecordedAlert]));
    const snapshot = { event: budgetEventFromItem(eventItem.Item), categories: collection.categories, items: collection.items };
    return { snapshot, recorded, lines: [...new Set([...linesInScope(snapshot), ...recorded.keys()])] };
  }
  const lines = [...overallLines, ...scope.categories.map(categoryLine), ...scope.itemIds.map(itemLine)];
  const keys: Key[] = [
    eventKeys.item(eventId),
    ...scope.categories.map((slug) => childKeys.item('budgetCategory', eventId, slug)),
    ...scope.itemIds.map((id) => childKeys.item('budgetItem', eventId, id)),
    ...lines.map((line) => budgetAlertKeys.item(eventId, line)),
  ];
  const rows = await batchGetAll(keys);
  const eventItem = rows.find((row) => row.sk === eventKeys.item(eventId).sk);
  if (!eventItem) return null;
  const startsWith = (prefix: string) => rows.filter((row) => String(row.sk).startsWith(prefix));
  return {
    snapshot: {
      event: budgetEventFromItem(eventItem),
      categories: startsWith(childKeys.prefix('budgetCategory')).map(categoryFromItem),
      items: startsWith(childKeys.prefix('budgetItem')).map(budgetItemFromItem),
    },
    recorded: new Map(startsWith(budgetAlertKeys.prefix).map((row) => [String(row.line), row as unknown as RecordedAlert])),
    lines,
  };
}

/** The organizer and every active member who may change the budget: who a budget alert is for. */
async function budgetPlanners(eventId: string): Promise<string[]> {
  return (await listEventMembers(eventId))
    .filter((member) => member.status === 'active' && can(effectivePermissions(member.role, member.permissions ?? {}), 'budget', 'write'))
    .map((member) => member.user_id);
}

/**
 * Judges the lines in scope and records or clears each crossing; returns what it changed. The lines one
 * change crosses together are told in one notice that names each of them.
 */
export async function reconcileBudgetAlerts(eventId: string, scope: AlertScope, actorId: string, now: Date): Promise<AlertReconciliation> {
  const read = await readSnapshot(eventId, scope);
  const result: AlertReconciliation = { recorded: [], cleared: [] };
  if (!read || read.snapshot.event.deleting_at) return result;
  const { snapshot, recorded, lines } = read;
  const over = new Map(linesOver(snapshot).map((line) => [line.line, line]));
  const crossings: AlertLine[] = [];
  for (const line of lines) {
    const crossing = over.get(line);
    const stored = recorded.get(line);
    if (crossing && !stored) crossings.push(crossing);
    else if (!crossing && stored && (await clearCrossing(eventId, stored))) result.cleared.push(line);
  }
  if (crossings.length === 0) return result;
  const planners = await budgetPlanners(eventId);
  for (let start = 0; start < crossings.length; start += CROSSINGS_PER_NOTICE) {
    result.recorded.push(...(await recordCrossings(snapshot, crossings.slice(start, start + CROSSINGS_PER_NOTICE), planners, actorId, now)));
  }
  return result;
}

/** Each crossing takes two items of the transaction (its alert and its audit entry), the notice one: within 100. */
const CROSSINGS_PER_NOTICE = 45;
const FIRST_ALERT_INDEX = 1;
const ITEMS_PER_CROSSING = 2;

/**
 * One notice naming every crossing, with each crossing's alert item and audit entry (the audit feeds the
 * `budget.alert` domain event, one per line), in one transaction. A line another writer recorded
 * meanwhile is dropped and the rest tried again: each crossing is still told exactly once.
 */
async function recordCrossings(snapshot: AlertSnapshot, crossings: AlertLine[], planners: string[], actorId: string, now: Date): Promise<AlertLine[]> {
  const { event } = snapshot;
  const at = now.toISOString();
  let pending = crossings;
  while (pending.length > 0) {
    const notice = noticePut({
      kind: 'budget_alert', event_id: event.id, event: eventSnapshot(event), changes: [], actor_id: actorId, recipient_user_ids: planners,
      alerts: pending.map((crossing) => ({ ...crossing })),
    }, now);
    const perCrossing = pending.flatMap((crossing): TransactItem[] => {
      const alert: RecordedAlert = { line: crossing.line, kind: crossing.kind, crossed_at: at, notice_id: notice.id, value: crossing.value, limit: crossing.limit, currency: crossing.currency };
      return [
        { Put: { Item: { ...budgetAlertKeys.item(event.id, crossing.line), type: 'budgetAlert', event_id: event.id, ...alert }, ConditionExpression: 'attribute_not_exists(pk)' } },
        auditPut({ eventId: event.id }, {
          actor_id: actorId, action: 'budget.alert', entity_type: 'budget', entity_id: event.id, at,
          changes: [{ field: 'alert', before: null, after: { ...crossing } }],
        }),
      ];
    });
    try {
      await transact([notice.write, ...perCrossing]);
      return pending;
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      // Someone else recorded these lines first: exactly one alert each, which is the point.
      const taken = new Set(error.failedIndexes.filter((index) => index >= FIRST_ALERT_INDEX).map((index) => Math.floor((index - FIRST_ALERT_INDEX) / ITEMS_PER_CROSSING)));
      if (taken.size === 0) throw error;
      pending = pending.filter((_, position) => !taken.has(position));
    }
  }
  return [];
}

async function clearCrossing(eventId: string, stored: RecordedAlert): Promise<boolean> {
  return transactIfConditionsHold([{
      Delete: { Key: budgetAlertKeys.item(eventId, stored.line), ConditionExpression: 'crossed_at = :at', ExpressionAttributeValues: { ':at': stored.crossed_at } },
    }]);
}
