import { can } from '../permissions.ts';
import { auditEventFieldAreas } from './fields.ts';
import type { Rights } from './rights.ts';

/**
 * The event fields a request would change that belong to an area the caller may not write:
 * `budget_total` and `currency` are the budget's, so `PUT /api/events/{id}` needs budget write for them
 * exactly as `PUT /api/events/{id}/budget` does. Judged before the change is planned (a refusal says 403,
 * not what else is wrong with the values); a value equal to the current one is no change, so a frontend
 * may send back the money it read.
 */
export const eventFieldsNeedingWrite = (requested: Record<string, unknown>, current: Record<string, unknown>, rights: Rights): string[] =>
  Object.entries(auditEventFieldAreas).flatMap(([field, area]) =>
    requested[field] !== undefined && requested[field] !== current[field] && !can(rights, area, 'write') ? [field] : []);
