import { config } from '../../config.ts';

/**
 * Caps on the collections a route answers whole by design (issue 15): the timeline (its critical path
 * needs every item), the checklist (groups with counts) and the budget items (totals by category). A cap
 * bounds what one GET of them costs, whatever a planner or a script adds. Each is a count on the event
 * item that moves in the same transaction as the items, so the cap is a condition on it there and holds
 * exactly under concurrency (docs/capacity-model.md, "Capped collections").
 */
export type CappedCollection = 'timeline' | 'checklist' | 'budget_items';

/** The event item's count of each capped collection. */
export const capCounter: Record<CappedCollection, string> = {
  timeline: 'timeline_total',
  checklist: 'checklist_count',
  budget_items: 'budget_item_count',
};

const noun: Record<CappedCollection, string> = { timeline: 'timeline items', checklist: 'checklist tasks', budget_items: 'budget items' };

/** The cap of each collection: configured (tests set small ones), with the defaults of shared/config.ts. */
export function collectionCap(collection: CappedCollection): number {
  const settings = config();
  if (collection === 'timeline') return settings.MAX_TIMELINE_ITEMS_PER_EVENT;
  if (collection === 'checklist') return settings.MAX_CHECKLIST_ITEMS_PER_EVENT;
  return settings.MAX_BUDGET_ITEMS_PER_EVENT;
}

/** The largest stored count that still leaves room for `adding` more: the write's condition. */
export const maxCountBefore = (cap: number, adding: number): number => cap - adding;

/** Whether `adding` more fit beside `count` under `cap`. */
export const fitsUnderCap = (count: number, cap: number, adding: number): boolean => count + adding <= cap;

/** The caller's explanation of a refused add. */
export function collectionFullDetail(collection: CappedCollection, cap: number, adding: number): string {
  return `An event may have at most ${cap} ${noun[collection]}; this one has no room for ${adding === 1 ? 'another' : `${adding} more`}. Delete some first.`;
}
