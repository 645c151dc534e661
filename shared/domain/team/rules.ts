import { type Area, areas, effectivePermissions, type Level, type PermissionMap, type Role } from '../permissions.ts';

/**
 * Who may give whom which role and permissions on an event's team. The maps decided here are stored on
 * the membership and are what loadEventAccess enforces on every route.
 *
 * - Only the organizer makes coordinators; anyone with `team: write` may add or change assistants and
 *   viewers. Nobody becomes organizer except by a transfer of ownership.
 * - Per-area overrides may narrow or widen the role, but the member's resulting permissions may not
 *   exceed the granter's own on any area (you cannot hand out what you do not hold).
 * - The organizer's membership is never changed or removed here; a transfer does that.
 */
export const assignableRoles = ['coordinator', 'assistant', 'viewer', 'door'] as const satisfies readonly Role[];
export type AssignableRole = (typeof assignableRoles)[number];

const rank: Record<Level, number> = { none: 0, read: 1, write: 2 };

export type Granter = { role: Role; permissions: PermissionMap };

export type GrantVerdict = { allowed: true; permissions: PermissionMap } | { allowed: false; reason: string };

export function checkGrant(granter: Granter, role: AssignableRole, overrides: Partial<PermissionMap>): GrantVerdict {
  if (role === 'coordinator' && granter.role !== 'organizer') return { allowed: false, reason: 'Only the organizer can make someone a coordinator.' };
  const permissions = effectivePermissions(role, overrides);
  const beyond: Area[] = areas.filter((area) => rank[permissions[area]] > rank[granter.permissions[area]]);
  if (beyond.length > 0) {
    return { allowed: false, reason: `You cannot grant more than you hold on: ${beyond.join(', ')}.` };
  }
  return { allowed: true, permissions };
}

/** The stored overrides: only the areas where the member differs from the role's map. */
export function overridesToStore(role: Role, overrides: Partial<PermissionMap>): Partial<PermissionMap> {
  const base = effectivePermissions(role);
  const effective = effectivePermissions(role, overrides);
  return Object.fromEntries(areas.filter((area) => effective[area] !== base[area]).map((area) => [area, effective[area]]));
}

/** A member's id in the API: the event id followed by the user id, both ULIDs (so it names its event). */
export const teamMemberId = (eventId: string, userId: string): string => `${eventId}${userId}`;
