import { can } from '../permissions.ts';
import { auditEventFieldAreas } from './fields.ts';
import type { Rights } from './rights.ts';

/**
 * The event fields a change touches that belong to an area the caller may not write: `budget_total` and
 * `currency` are the budget's, so `PUT /api/events/{id}` needs budget write for them exactly as
 * `PUT /api/events/{id}/budget` does. Only fields that really change count, so a frontend may send back
 * the money it read unchanged.
 */
export const eventFieldsNeedingWrite = (changes: ReadonlyArray<{ field: string }>, rights: Rights): string[] =>
  changes.flatMap(({ field }) => {
    const area = auditEventFieldAreas[field];
    return area !== undefined && !can(rights, area, 'write') ? [field] : [];
  });
