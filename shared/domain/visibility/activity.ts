import { areas } from '../permissions.ts';
import { auditActionAreas, auditEventFieldAreas } from './fields.ts';
import { mayRead, type Rights } from './rights.ts';

type Entry = { action: string; changes: Array<{ field: string }> };

/**
 * An audit entry as the caller may see it, or null when it is about an area they may not read (the entry
 * goes whole: its subject, ids and changes all describe that area). An event entry keeps only the
 * changes of areas the caller reads (`budget_total` and `currency` are the budget's). An action of no
 * known area is shown only to someone who reads every area, so a new action never leaks by default.
 */
export function visibleActivityEntry<T extends Entry>(entry: T, rights: Rights): T | null {
  const area = auditActionAreas[entry.action.split('.')[0] ?? ''];
  if (area === undefined) return areas.every((each) => mayRead(rights, each)) ? entry : null;
  if (!mayRead(rights, area)) return null;
  if (area !== 'event') return entry;
  const changes = entry.changes.filter((change) => {
    const fieldArea = auditEventFieldAreas[change.field];
    return fieldArea === undefined || mayRead(rights, fieldArea);
  });
  return changes.length === entry.changes.length ? entry : { ...entry, changes };
}

export const visibleActivity = <T extends Entry>(entries: T[], rights: Rights): T[] =>
  entries.flatMap((entry) => {
    const visible = visibleActivityEntry(entry, rights);
    return visible ? [visible] : [];
  });
