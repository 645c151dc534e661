import { budgetFieldAreas } from './fields.ts';
import { type Rights, withoutHiddenFields } from './rights.ts';

/**
 * The budget breakdown as the caller may see it: a budget reader without guests read does not get the
 * attending headcount the per-guest items are priced by (their amounts stay: they are the budget's).
 */
export const visibleBudget = <T extends Record<string, unknown>>(budget: T, rights: Rights): Partial<T> =>
  withoutHiddenFields(budget, budgetFieldAreas, rights);
