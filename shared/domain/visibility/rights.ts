import { type Area, can, effectivePermissions, type PermissionMap, type Role } from '../permissions.ts';

/** What a presenter needs to know of the caller: their effective permission per area. */
export type Rights = PermissionMap;

export const mayRead = (rights: Rights, area: Area): boolean => can(rights, area, 'read');

/**
 * The object without the fields `table` assigns to an area the caller may not read. The fields simply
 * go (never null), so an answer cannot be mistaken for "no budget" or "no guests".
 */
export function withoutHiddenFields<T extends Record<string, unknown>>(value: T, table: Readonly<Record<string, Area>>, rights: Rights): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([field]) => {
    const area = table[field];
    return area === undefined || mayRead(rights, area);
  })) as Partial<T>;
}

type Membership = { status: 'active' | 'pending'; role: Role; permissions?: Partial<PermissionMap> };

/** Whether a membership (maybe none) may read an area: active, with read on it after overrides. */
export const memberMayRead = (member: Membership | undefined, area: Area): boolean =>
  member !== undefined && member.status === 'active' && mayRead(effectivePermissions(member.role, member.permissions ?? {}), area);
