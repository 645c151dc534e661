import { describe, expect, it } from 'vitest';
import { membershipFate, planOwnedEvents } from '../../shared/domain/accounts/account-deletion.ts';

/** The rules of deleting one's own account: what becomes of each event it organizes, and of its teams. */
const ME = 'U-me';
const owned = [
  { event_id: 'E1', active_member_ids: ['U-ann', 'U-bob'] },
  { event_id: 'E2', active_member_ids: [] },
];

describe('planOwnedEvents', () => {
  it('transfers the events named and deletes the rest when the owner chose "delete"', () => {
    expect(planOwnedEvents(ME, owned, { owned_events: 'delete', transfers: { E1: 'U-bob' } })).toEqual({
      outcome: 'planned', transfers: [{ event_id: 'E1', to: 'U-bob' }], deletes: ['E2'],
    });
  });

  it('asks about every event neither transferred nor covered by "delete", by default and with "transfer"', () => {
    for (const choice of [{}, { owned_events: 'transfer' as const }, { transfers: { E1: 'U-ann' } }]) {
      const plan = planOwnedEvents(ME, owned, choice);
      expect(plan.outcome).toBe('choice_needed');
      expect(plan.outcome === 'choice_needed' && plan.problems.map((problem) => problem.event_id)).toEqual('transfers' in choice ? ['E2'] : ['E1', 'E2']);
    }
  });

  it('refuses a transfer to the account itself, to a non-member, or of an event it does not organize, before asking about the rest', () => {
    const plan = planOwnedEvents(ME, owned, { transfers: { E1: ME, E2: 'U-ann', E9: 'U-ann' } });

    expect(plan.outcome).toBe('invalid_transfer');
    expect(plan.outcome === 'invalid_transfer' && plan.problems.map((problem) => problem.event_id)).toEqual(['E1', 'E2', 'E9']);
  });

  it('needs no choice from an account that organizes nothing', () => {
    expect(planOwnedEvents(ME, [], {})).toEqual({ outcome: 'planned', transfers: [], deletes: [] });
  });
});

describe('membershipFate', () => {
  it('deletes the events the account still organizes and leaves every other team', () => {
    expect(['organizer', 'coordinator', 'assistant', 'viewer'].map((role) => membershipFate({ role }))).toEqual(['delete_event', 'leave_team', 'leave_team', 'leave_team']);
  });
});
