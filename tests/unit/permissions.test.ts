import { describe, expect, it } from 'vitest';
import { areas, can, effectivePermissions, rolePermissions, roles } from '../../shared/domain/permissions.ts';
import type { Area, Level, Role } from '../../shared/domain/permissions.ts';

describe('effectivePermissions', () => {
  it('gives the organizer write on every area, whatever the overrides', () => {
    const permissions = effectivePermissions('organizer', { budget: 'none', event: 'read' });

    expect(areas.every((area) => permissions[area] === 'write')).toBe(true);
  });

  it('is the role map when there are no overrides', () => {
    expect(effectivePermissions('viewer')).toEqual(rolePermissions.viewer);
    expect(effectivePermissions('viewer').budget).toBe('none');
  });

  it('lets overrides narrow and widen a role, up to what an organizer holds', () => {
    const permissions = effectivePermissions('assistant', { guests: 'read', budget: 'write', team: 'none' });

    expect(permissions).toMatchObject({ guests: 'read', budget: 'write', team: 'none', timeline: 'write' });
  });

  it('ignores an override that is not a level', () => {
    const permissions = effectivePermissions('viewer', { event: 'admin' as never });

    expect(permissions.event).toBe('read');
  });
});

describe('can', () => {
  it.each([
    ['write', 'read', true],
    ['write', 'write', true],
    ['read', 'read', true],
    ['read', 'write', false],
    ['none', 'read', false],
    ['none', 'write', false],
  ] as const)('holding %s allows %s: %s', (held, needed, allowed) => {
    const permissions = { ...rolePermissions.viewer, event: held };

    expect(can(permissions, 'event', needed)).toBe(allowed);
  });

  // The README's roles table, written out rather than read from rolePermissions.
  const documented: Record<Role, Record<Area, Level>> = {
    organizer: { event: 'write', guests: 'write', budget: 'write', vendors: 'write', timeline: 'write', invitations: 'write', team: 'write', checklist: 'write', documents: 'write', check_in: 'write' },
    coordinator: { event: 'write', guests: 'write', budget: 'write', vendors: 'write', timeline: 'write', invitations: 'write', team: 'read', checklist: 'write', documents: 'write', check_in: 'write' },
    assistant: { event: 'read', guests: 'write', budget: 'read', vendors: 'write', timeline: 'write', invitations: 'read', team: 'read', checklist: 'write', documents: 'write', check_in: 'write' },
    viewer: { event: 'read', guests: 'read', budget: 'none', vendors: 'read', timeline: 'read', invitations: 'read', team: 'read', checklist: 'read', documents: 'read', check_in: 'read' },
    door: { event: 'none', guests: 'none', budget: 'none', vendors: 'none', timeline: 'none', invitations: 'none', team: 'none', checklist: 'none', documents: 'none', check_in: 'write' },
  };

  it.each(roles)('gives a %s exactly the documented level on every area', (role) => {
    const permissions = effectivePermissions(role);

    expect(permissions).toEqual(documented[role]);
    for (const area of areas) {
      const level = documented[role][area];
      expect(can(permissions, area, 'read'), `${role} reads ${area}`).toBe(level !== 'none');
      expect(can(permissions, area, 'write'), `${role} writes ${area}`).toBe(level === 'write');
    }
  });

  it('matches the role table for every role and area', () => {
    expect(can(effectivePermissions('coordinator'), 'team', 'write')).toBe(false);
    expect(can(effectivePermissions('coordinator'), 'budget', 'write')).toBe(true);
    expect(can(effectivePermissions('assistant'), 'event', 'write')).toBe(false);
    expect(can(effectivePermissions('viewer'), 'budget', 'read')).toBe(false);
  });

  it("caps a planner's check-in at their guests level, but not door staff's", () => {
    expect(effectivePermissions('coordinator', { guests: 'none' }).check_in).toBe('none');
    expect(effectivePermissions('assistant', { guests: 'read' }).check_in).toBe('read');
    expect(effectivePermissions('door').check_in).toBe('write');
    expect(effectivePermissions('door').guests).toBe('none');
  });
});
