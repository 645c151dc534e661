/**
 * Who may do what on an event. Every route under an event asks `can()`; nothing else decides access.
 * A member's role gives a permission per area; the member's own `permissions` may narrow or widen any
 * area, but never beyond what an organizer holds.
 */
export const areas = ['event', 'guests', 'budget', 'vendors', 'timeline', 'invitations', 'team', 'checklist', 'documents', 'check_in'] as const;
export type Area = (typeof areas)[number];

export const levels = ['none', 'read', 'write'] as const;
export type Level = (typeof levels)[number];

export const roles = ['organizer', 'coordinator', 'assistant', 'viewer', 'door'] as const;
export type Role = (typeof roles)[number];

export type PermissionMap = Record<Area, Level>;

const all = (level: Level): PermissionMap =>
  Object.fromEntries(areas.map((area) => [area, level])) as PermissionMap;

export const rolePermissions: Record<Role, PermissionMap> = {
  organizer: all('write'),
  coordinator: { ...all('write'), team: 'read' },
  assistant: { ...all('read'), guests: 'write', checklist: 'write', timeline: 'write', vendors: 'write', documents: 'write', check_in: 'write' },
  viewer: { ...all('read'), budget: 'none', team: 'read' },
  // Staff at the door (docs/check-in.md): scans codes and reads the names on the door list, nothing else.
  door: { ...all('none'), check_in: 'write' },
};

const rank: Record<Level, number> = { none: 0, read: 1, write: 2 };

/** The role's map with the member's overrides applied, capped at what an organizer holds. */
export function effectivePermissions(role: Role, overrides: Partial<PermissionMap> = {}): PermissionMap {
  const base = { ...rolePermissions[role] };
  if (role === 'organizer') return base;
  for (const area of areas) {
    const override = overrides[area];
    if (override && rank[override] <= rank[rolePermissions.organizer[area]]) base[area] = override;
  }
  // The door list and scans show guests' names: a planner who may not read the guest list may not read
  // them there either. Door staff are the one exception, by design (docs/check-in.md).
  if (role !== 'door' && rank[base.check_in] > rank[base.guests]) base.check_in = base.guests;
  return base;
}

export function can(permissions: PermissionMap, area: Area, needed: Exclude<Level, 'none'>): boolean {
  return rank[permissions[area]] >= rank[needed];
}
