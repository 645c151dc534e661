import type { LedgerChange, LedgerCounters, BudgetItemRecord } from '../../domain/budget/ledger.ts';
import { itemPaymentStatus } from '../../domain/budget/ledger.ts';
import type { CategoryState } from '../../domain/budget/alerts.ts';
import type { BudgetEvent } from '../../domain/budget/totals.ts';
import { queryAllPages } from '../collection.ts';
import { countPastCap, underCapCondition } from '../events/collection-caps.ts';
import { eventFromItem } from '../events/records.ts';
import { budgetAlertKeys, budgetChangeKeys, childKeys, dueKeys, eventKeys } from '../keys.ts';
import { type TransactItem, TransactionConditionFailed, transact } from '../transact.ts';

/**
 * Budget items and the writes that must change with them: the event's counters and per-guest entries,
 * the category counters, and the day's change marker for the overspend job. Every budget write is ONE
 * TransactWriteItems of [the item write, the event update, category updates, marker, ...alsoWrite].
 */
const itemOnly = ['pk', 'sk', 'type', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'];
const strip = (item: Record<string, unknown>) => Object.fromEntries(Object.entries(item).filter(([name]) => !itemOnly.includes(name)));

export function budgetItemFromItem(item: Record<string, unknown>): BudgetItemRecord {
  const record = strip(item) as BudgetItemRecord;
  return { ...record, payments: record.payments ?? [] };
}

const counterAttributes = { estimated: 'estimated_minor', actual: 'actual_minor', paid: 'paid_minor', committed: 'committed_minor', items: 'item_count' } as const;

export function categoryFromItem(item: Record<string, unknown>): CategoryState & { name: string } {
  const number = (name: string) => (typeof item[name] === 'number' ? (item[name] as number) : 0);
  const counters = Object.fromEntries(Object.entries(counterAttributes).map(([key, name]) => [key, number(name)])) as LedgerCounters;
  return { slug: String(item.category), name: String(item.name ?? item.category), allocation_minor: number('allocation_minor'), counters };
}

const categoryTitle = (slug: string) => (slug.charAt(0).toUpperCase() + slug.slice(1)).replace(/-/g, ' ');

/** The item as stored, indexed under its due day (GSI2) while it is not paid, for payment reminders. */
export function budgetItemPut(item: BudgetItemRecord, expect: { version: number } | 'new', headcount: number): TransactItem {
  const due = item.due_date && itemPaymentStatus(item, headcount) !== 'paid'
    ? { gsi2pk: dueKeys.partition(item.due_date, item.id), gsi2sk: dueKeys.sort(`${item.due_date}T00:00:00Z`, 'BUDGET', item.id) }
    : {};
  return {
    Put: {
      Item: { ...childKeys.item('budgetItem', item.event_id, item.id), type: 'budgetItem', ...due, ...item },
      ...(expect === 'new'
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expect.version } }),
    },
  };
}

export function budgetItemDelete(item: BudgetItemRecord): TransactItem {
  return {
    Delete: {
      Key: childKeys.item('budgetItem', item.event_id, item.id),
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: { ':expected': item.version },
    },
  };
}

/** The event's counters move by the change; the event must still exist, not be deleting, nor have changed currency. */
function eventLedgerUpdate(event: BudgetEvent, change: LedgerChange, now: string, maxItemsBefore?: number): TransactItem {
  const { eventDelta: delta, perGuest } = change;
  const names: Record<string, string> = { '#deleting': 'deleting_at', '#currency': 'currency', '#updated': 'budget_updated_at' };
  const values: Record<string, unknown> = {
    ':e': delta.estimated, ':a': delta.actual, ':p': delta.paid, ':c': delta.committed, ':n': delta.items, ':currency': event.currency, ':now': now,
  };
  const conditions = ['attribute_exists(pk)', 'attribute_not_exists(#deleting)', '#currency = :currency'];
  if (maxItemsBefore !== undefined) {
    conditions.push(underCapCondition('budget_item_count', ':maxItemsBefore'));
    values[':maxItemsBefore'] = maxItemsBefore;
  }
  const sets = ['#updated = :now'];
  const removes: string[] = [];
  if (perGuest.changed) {
    names['#pgmap'] = 'budget_per_guest';
    if (event.budget_per_guest) {
      names['#pg'] = perGuest.itemId;
      // The map exists (as read): change one entry, so concurrent writes of other items do not collide.
      conditions.push('attribute_exists(#pgmap)');
      if (perGuest.entry) {
        sets.push('#pgmap.#pg = :pg');
        values[':pg'] = perGuest.entry;
      } else removes.push('#pgmap.#pg');
    } else if (perGuest.entry) {
      conditions.push('attribute_not_exists(#pgmap)');
      sets.push('#pgmap = :pgmap');
      values[':pgmap'] = { [perGuest.itemId]: perGuest.entry };
    }
  }
  return {
    Update: {
      Key: eventKeys.item(event.id),
      UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''} ADD budget_estimated_minor :e, budget_actual_minor :a, budget_paid_minor :p, budget_committed_minor :c, budget_item_count :n`,
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/**
 * An update of one category item; a planner's own category comes into being (with its name, zero
 * allocation and version) the first time a write touches it. `set`/`add` are fixed clauses of the callers.
 */
export function categoryUpdate(eventId: string, slug: string, now: string, parts: { set: string[]; add: string[]; values: Record<string, unknown> }): TransactItem {
  const defaults = [
    '#type = if_not_exists(#type, :type)', 'event_id = if_not_exists(event_id, :event)', 'id = if_not_exists(id, :slug)',
    'category = if_not_exists(category, :slug)', '#name = if_not_exists(#name, :title)', 'allocation_minor = if_not_exists(allocation_minor, :zero)',
    'created_at = if_not_exists(created_at, :now)',
  ];
  // DynamoDB refuses two clauses on one attribute: a caller's own clause replaces its default.
  const attributeOf = (clause: string) => clause.split(' = ')[0];
  const sets = [...parts.set, 'updated_at = :now', ...defaults.filter((clause) => !parts.set.some((own) => attributeOf(own) === attributeOf(clause)))];
  const expression = `SET ${sets.join(', ')} ADD ${[...parts.add, 'version :one'].join(', ')}`;
  const values = { ...parts.values, ':type': 'budgetCategory', ':event': eventId, ':slug': slug, ':title': categoryTitle(slug), ':zero': 0, ':one': 1, ':now': now };
  return {
    Update: {
      Key: childKeys.item('budgetCategory', eventId, slug),
      UpdateExpression: expression,
      ExpressionAttributeNames: { '#type': 'type', '#name': 'name' },
      // DynamoDB refuses unused placeholders, and a replaced default leaves its value unused.
      ExpressionAttributeValues: Object.fromEntries(Object.entries(values).filter(([name]) => new RegExp(`${name}\\b`).test(expression))),
    },
  };
}

/** A category's counters move by `delta`. */
const categoryLedgerUpdate = (eventId: string, slug: string, delta: LedgerCounters, now: string): TransactItem =>
  categoryUpdate(eventId, slug, now, {
    set: [],
    add: ['estimated_minor :e', 'actual_minor :a', 'paid_minor :p', 'committed_minor :c', 'item_count :n'],
    values: { ':e': delta.estimated, ':a': delta.actual, ':p': delta.paid, ':c': delta.committed, ':n': delta.items },
  });

/** The day's marker the overspend job reads (GSI2 `BUDGETCHANGE#<day>#<shard>`), overwritten by each change. */
export function budgetChangeMarkerPut(eventId: string, now: string): TransactItem {
  const day = now.slice(0, 10);
  return {
    Put: {
      Item: {
        ...budgetChangeKeys.marker(eventId, day), type: 'budgetChange', event_id: eventId, changed_at: now,
        gsi2pk: budgetChangeKeys.partition(day, eventId), gsi2sk: budgetChangeKeys.sort(now, eventId),
      },
    },
  };
}

export type BudgetWriteOutcome = 'saved' | 'stale' | 'event_changed' | 'collection_full' | { failedExtra: number };

/**
 * One budget write: `primary` (the item's Put/Delete) first, then the counters, marker and `alsoWrite`
 * (audit entry, vendor link updates). A failed condition names what failed: the item ('stale'), the
 * event ('event_changed': deleted, deleting, currency changed, or per-guest map raced), or the index
 * into `alsoWrite`.
 */
export async function writeBudgetChange(
  event: BudgetEvent,
  primary: TransactItem,
  change: LedgerChange,
  now: string,
  alsoWrite: TransactItem[],
  /** An add under the budget items' cap: the event's `budget_item_count` must be at most this before it. */
  maxItemsBefore?: number,
): Promise<BudgetWriteOutcome> {
  const categories = [...change.categoryDeltas].map(([slug, delta]) => categoryLedgerUpdate(event.id, slug, delta, now));
  const head = [primary, eventLedgerUpdate(event, change, now, maxItemsBefore), ...categories, budgetChangeMarkerPut(event.id, now)];
  try {
    await transact([...head, ...alsoWrite]);
    return 'saved';
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    if (error.failedIndexes.includes(0)) return 'stale';
    if (error.failedIndexes.includes(1) && maxItemsBefore !== undefined && await countPastCap(event.id, 'budget_item_count', maxItemsBefore)) return 'collection_full';
    if (error.failedIndexes.includes(1)) return 'event_changed';
    const extra = error.failedIndexes.find((index) => index >= head.length);
    if (extra !== undefined) return { failedExtra: extra - head.length };
    throw error;
  }
}

export type BudgetCollection = {
  items: BudgetItemRecord[];
  categories: (CategoryState & { name: string })[];
  alerts: Record<string, unknown>[];
};

/** An event's budget items, categories and recorded alerts: one Query of their sort-key range (strong, every page). */
export async function readBudgetCollection(eventId: string): Promise<BudgetCollection> {
  const rows = await queryAllPages({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId), ':from': budgetAlertKeys.budgetRange.from, ':to': budgetAlertKeys.budgetRange.to },
    ConsistentRead: true,
  });
  const kind = (row: Record<string, unknown>, prefix: string) => String(row.sk).startsWith(prefix);
  return {
    items: rows.filter((row) => kind(row, childKeys.prefix('budgetItem'))).map(budgetItemFromItem),
    categories: rows.filter((row) => kind(row, childKeys.prefix('budgetCategory'))).map(categoryFromItem),
    alerts: rows.filter((row) => kind(row, budgetAlertKeys.prefix)).map(strip),
  };
}

export const budgetEventFromItem = (item: Record<string, unknown>): BudgetEvent => eventFromItem(item) as BudgetEvent;
