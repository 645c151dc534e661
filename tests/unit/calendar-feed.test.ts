import { describe, expect, it } from 'vitest';
import { calendarFeedAccess, shownAreaNames } from '../../shared/domain/calendar/feed-access.ts';
import { hashCalendarFeedToken, newCalendarFeedToken, parseCalendarFeedToken } from '../../shared/domain/calendar/feed-token.ts';
import { effectivePermissions } from '../../shared/domain/permissions.ts';

const eventId = '01JD3M8W6ZQ4V7N2K5T9X1B3C8';
const userId = '01JD3M8W6ZQ4V7N2K5T9X1B3C0';

describe('calendar feed tokens', () => {
  it('name their event and member, hold 256 random bits, and only their hash matches', () => {
    const { token, hash } = newCalendarFeedToken(eventId, userId);

    expect(token).toHaveLength(95);
    expect(parseCalendarFeedToken(token)).toEqual({ eventId, userId });
    expect(hash).toBe(hashCalendarFeedToken(token));
    expect(newCalendarFeedToken(eventId, userId).token).not.toBe(token);
  });

  it('refuse every other shape without looking anything up', () => {
    const { token } = newCalendarFeedToken(eventId, userId);

    for (const other of ['', 'nope', `${token}x`, token.slice(1), `${eventId.toLowerCase()}${token.slice(26)}`, `${token.slice(0, 60)}+${token.slice(61)}`]) {
      expect(parseCalendarFeedToken(other), other).toBeNull();
    }
  });
});

describe('calendar feed access', () => {
  const { token, hash } = newCalendarFeedToken(eventId, userId);
  const facts = (overrides: Partial<Parameters<typeof calendarFeedAccess>[0]> = {}): Parameters<typeof calendarFeedAccess>[0] => ({
    token,
    event: {},
    member: { status: 'active', role: 'assistant', permissions: {}, invited_at: '2030-01-01T00:00:00Z' },
    feed: { token_hash: hash, member_since: '2030-01-01T00:00:00Z' },
    hasSecondFactor: async () => false,
    ...overrides,
  });

  it("shows the event, and the timeline and checklist the member may read", async () => {
    expect(await calendarFeedAccess(facts())).toEqual({ event: true, timeline: true, checklist: true, sub_events: true });
    expect(await calendarFeedAccess(facts({ member: { status: 'active', role: 'viewer', permissions: { timeline: 'none' }, invited_at: '2030-01-01T00:00:00Z' } }))).toEqual({ event: true, timeline: false, checklist: true, sub_events: true });
    expect(shownAreaNames(effectivePermissions('viewer', { checklist: 'none' }))).toEqual(['event', 'timeline', 'sub_events']);
    expect(shownAreaNames(effectivePermissions('assistant', { guests: 'none' }))).toEqual(['event', 'timeline', 'checklist']);
  });

  it.each([
    ['another token (rotated or revoked)', { token: newCalendarFeedToken(eventId, userId).token }],
    ['no feed', { feed: null }],
    ['no event', { event: null }],
    ['an event being deleted', { event: { deleting_at: '2030-01-02T00:00:00Z' } }],
    ['a member who left', { member: null }],
    ['a pending member', { member: { status: 'pending', role: 'viewer' as const, invited_at: '2030-01-01T00:00:00Z' } }],
    ['a member added again since the feed was made', { member: { status: 'active', role: 'viewer' as const, invited_at: '2030-02-01T00:00:00Z' } }],
    ['no read on the event', { member: { status: 'active', role: 'viewer' as const, permissions: { event: 'none' as const }, invited_at: '2030-01-01T00:00:00Z' } }],
    ['a team requiring a second factor the member lacks', { event: { team_mfa_required: true } }],
  ])('is refused for %s', async (_what, overrides) => {
    expect(await calendarFeedAccess(facts(overrides))).toBeNull();
  });

  it('is shown to a member with a second factor on a team that requires one', async () => {
    expect(await calendarFeedAccess(facts({ event: { team_mfa_required: true }, hasSecondFactor: async () => true }))).not.toBeNull();
  });
});
