import { describe, expect, it } from 'vitest';
import { effectivePermissions } from '../../shared/domain/permissions.ts';
import { checkGrant, overridesToStore } from '../../shared/domain/team/rules.ts';

const organizer = { role: 'organizer' as const, permissions: effectivePermissions('organizer') };
const coordinator = { role: 'coordinator' as const, permissions: effectivePermissions('coordinator', { team: 'write' }) };
const assistant = { role: 'assistant' as const, permissions: effectivePermissions('assistant', { team: 'write' }) };

describe('checkGrant', () => {
  it('lets only the organizer make coordinators', () => {
    expect(checkGrant(organizer, 'coordinator', {}).allowed).toBe(true);
    expect(checkGrant(coordinator, 'coordinator', {})).toMatchObject({ allowed: false, reason: expect.stringMatching(/organizer/) });
  });

  it('refuses a role whose own map exceeds the granter, naming the areas', () => {
    const verdict = checkGrant(assistant, 'assistant', { budget: 'write', event: 'write' });

    expect(verdict).toEqual({ allowed: false, reason: 'You cannot grant more than you hold on: event, budget.' });
  });

  it('lets overrides narrow and widen within what the granter holds', () => {
    const verdict = checkGrant(coordinator, 'viewer', { budget: 'read', guests: 'write', timeline: 'none' });

    expect(verdict).toMatchObject({ allowed: true, permissions: { budget: 'read', guests: 'write', timeline: 'none', team: 'read' } });
  });
});

describe('overridesToStore', () => {
  it('keeps only the areas that differ from the role', () => {
    expect(overridesToStore('viewer', { budget: 'read', event: 'read', guests: 'write' })).toEqual({ budget: 'read', guests: 'write' });
  });
});
