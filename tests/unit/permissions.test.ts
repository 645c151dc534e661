import { describe, expect, it } from 'vitest';
import { areas, can, effectivePermissions, rolePermissions } from '../../shared/domain/permissions.ts';

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

  it('matches the role table for every role and area', () => {
    expect(can(effectivePermissions('coordinator'), 'team', 'write')).toBe(false);
    expect(can(effectivePermissions('coordinator'), 'budget', 'write')).toBe(true);
    expect(can(effectivePermissions('assistant'), 'event', 'write')).toBe(false);
    expect(can(effectivePermissions('viewer'), 'budget', 'read')).toBe(false);
  });
});
