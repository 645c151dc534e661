import type { BudgetSettingsPlan } from '../../domain/budget/settings.ts';
import { budgetChangeMarkerPut, categoryUpdate } from './items.ts';
import { eventKeys } from '../keys.ts';
import { type TransactItem, TransactionConditionFailed, transact } from '../transact.ts';

/**
 * Saves the budget settings: the event's fields (version checked, bumped) and each category allocation
 * (a planner's own category is created), the day's change marker and `alsoWrite`, in one transaction.
 * A currency change also requires that no budget item and no vendor payment plan exists at write time.
 */
export async function saveBudgetSettings(
  eventId: string,
  expectedVersion: number,
  plan: BudgetSettingsPlan,
  now: string,
  alsoWrite: TransactItem[],
): Promise<'saved' | 'stale'> {
  const names: Record<string, string> = { '#version': 'version', '#updated': 'updated_at', '#deleting': 'deleting_at' };
  const values: Record<string, unknown> = { ':expected': expectedVersion, ':one': 1, ':now': now };
  const sets = ['#version = #version + :one', '#updated = :now'];
  // Field names come from the plan's fixed keys, never from the request.
  Object.entries(plan.set).forEach(([field, value], index) => {
    names[`#f${index}`] = field;
    values[`:f${index}`] = value;
    sets.push(`#f${index} = :f${index}`);
  });
  let condition = '#version = :expected AND attribute_not_exists(#deleting)';
  if (plan.currencyChanges) {
    names['#items'] = 'budget_item_count';
    names['#plans'] = 'payment_plan_count';
    values[':zero'] = 0;
    condition += ' AND (attribute_not_exists(#items) OR #items = :zero) AND (attribute_not_exists(#plans) OR #plans = :zero)';
  }
  const categories = [...plan.allocations].map(([slug, allocation]) =>
    categoryUpdate(eventId, slug, now, { set: ['allocation_minor = :allocation'], add: [], values: { ':allocation': allocation } }));
  try {
    await transact([
      { Update: { Key: eventKeys.item(eventId), UpdateExpression: `SET ${sets.join(', ')}`, ConditionExpression: condition, ExpressionAttributeNames: names, ExpressionAttributeValues: values } },
      ...categories,
      budgetChangeMarkerPut(eventId, now),
      ...alsoWrite,
    ]);
    return 'saved';
  } catch (error) {
    if (error instanceof TransactionConditionFailed && error.failedIndexes.includes(0)) return 'stale';
    throw error;
  }
}
