/** The due instant of every unfinished, dated timeline item of an event, by item id. */
export type OpenDue = Record<string, string>;

/**
 * What an entry of the open-due item holds for an item closed (finished or deleted) while its event still
 * had the old map on its item (before migration 0006 moved it): it hides the map's entry until then.
 */
export const CLOSED_DUE = 'closed';

/**
 * The open due instants of an event from both places they may be (docs/migrations.md, 0006): the old map
 * on an event item not yet migrated (`legacy`) and the open-due item (`current`), whose entry wins for an
 * item in both (every write since the release writes only the item); closed entries are left out.
 */
export function openDueUnion(legacy: OpenDue | undefined, current: OpenDue): OpenDue {
  return Object.fromEntries(Object.entries({ ...legacy, ...current }).filter(([, due]) => due !== CLOSED_DUE));
}
