import { can, effectivePermissions, type PermissionMap, type Role } from '../permissions.ts';
import { matchesCalendarFeedToken } from './feed-token.ts';

/**
 * Whether a calendar feed may be shown, and what of the event (docs/calendar-feeds.md). Pure: the caller
 * reads the event, the membership and the feed (and, for an event requiring a second factor, whether the
 * member has one) and answers 404 for null, so no reason is told apart from another.
 */
export type FeedAreas = { event: true; timeline: boolean; checklist: boolean; sub_events: boolean };

/**
 * What a member's feed shows, from their permissions now: the event, the timeline's and checklist's due
 * dates with read on them, and the sub-events with read on the guests (the area that holds them).
 */
export const feedAreas = (permissions: PermissionMap): FeedAreas => ({
  event: true,
  timeline: can(permissions, 'timeline', 'read'),
  checklist: can(permissions, 'checklist', 'read'),
  sub_events: can(permissions, 'guests', 'read'),
});

/** The same as a list of area names (the API's `shows`), so no answer has an area's name as a field. */
export const shownAreaNames = (permissions: PermissionMap): Array<keyof FeedAreas> =>
  (Object.entries(feedAreas(permissions)) as Array<[keyof FeedAreas, boolean]>).filter(([, shown]) => shown).map(([area]) => area);

type FeedFacts = {
  token: string;
  event: { deleting_at?: string; team_mfa_required?: boolean } | null;
  member: { status: string; role: Role; permissions?: Partial<PermissionMap>; invited_at: string } | null;
  feed: { token_hash: string; member_since: string } | null;
  /** Whether the member has a second factor; asked only for an event that requires one. */
  hasSecondFactor: () => Promise<boolean>;
};

/**
 * The feed's areas, or null when it may not be shown: no such feed or another token (a rotated or revoked
 * URL), a member who left, is only invited, or was removed and added again since the feed was made, no
 * read on the event, an event being deleted, or a team requiring a second factor the member has not set up.
 */
export async function calendarFeedAccess(facts: FeedFacts): Promise<FeedAreas | null> {
  const { event, member, feed } = facts;
  if (!event || !member || !feed || !matchesCalendarFeedToken(facts.token, feed.token_hash)) return null;
  if (event.deleting_at || member.status !== 'active' || member.invited_at !== feed.member_since) return null;
  const permissions = effectivePermissions(member.role, member.permissions ?? {});
  if (!can(permissions, 'event', 'read')) return null;
  if (event.team_mfa_required === true && !(await facts.hasSecondFactor())) return null;
  return feedAreas(permissions);
}
