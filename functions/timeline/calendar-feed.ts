import { config } from '#shared/config.ts';
import { hasSecondFactor } from '#shared/data/accounts/second-factor.ts';
import { deleteCalendarFeed, getCalendarFeed, putCalendarFeed, readCalendarFeedContext, type CalendarFeedRecord } from '#shared/data/calendar-feeds.ts';
import { listChecklistItems } from '#shared/data/checklist.ts';
import { eventFromItem } from '#shared/data/events/records.ts';
import { loadEventAccess } from '#shared/data/events/access.ts';
import { memberFromItem } from '#shared/data/team/members.ts';
import { listSubEvents } from '#shared/data/sub-events/records.ts';
import { listTimelineItems } from '#shared/data/timeline.ts';
import { calendarFeedAccess, shownAreaNames } from '#shared/domain/calendar/feed-access.ts';
import { newCalendarFeedToken, parseCalendarFeedToken } from '#shared/domain/calendar/feed-token.ts';
import { calendarFeedRateRule } from '#shared/domain/calendar/rate-limit.ts';
import type { PermissionMap } from '#shared/domain/permissions.ts';
import { NotFoundError, RateLimitedError, VersionConflictError } from '#shared/http/errors.ts';
import { operation, publicOperation } from '#shared/http/group.ts';
import { RequestLimiter } from '#shared/http/request-limiter.ts';
import { created, deleted, ok, text } from '#shared/http/responses.ts';
import { calendarFeedParams } from '#shared/schemas/calendar.ts';
import { idParam } from '#shared/schemas/common.ts';

/**
 * A team member's private calendar feed of one event (docs/calendar-feeds.md). Every member who may read
 * the event may have one; the feed itself is public (calendar apps send no credentials) and shows what
 * the member may read at the moment it is fetched: the event, the timeline's due dates with read on the
 * timeline, the checklist's with read on the checklist.
 */
const location = (eventId: string) => `/api/events/${eventId}/calendar-feed`;

const presentFeed = (eventId: string, userId: string, feed: CalendarFeedRecord | null, permissions: PermissionMap) => ({
  event_id: eventId,
  user_id: userId,
  active: feed !== null,
  created_at: feed?.created_at ?? null,
  rotated_at: feed?.rotated_at ?? null,
  shows: shownAreaNames(permissions),
});

const feedUrls = (token: string) => {
  const url = new URL(`/calendar/${token}`, config().PUBLIC_BASE_URL).toString();
  return { url, webcal_url: url.replace(/^https?:/, 'webcal:') };
};

/** GET /api/events/{id}/calendar-feed: whether the caller has a feed of this event and what it shows (never its URL: only its hash is kept). */
export const getCalendarFeedStatus = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller }) => {
    const [{ permissions }, feed] = await Promise.all([loadEventAccess(caller, params.id, 'event', 'read'), getCalendarFeed(params.id, caller.userId)]);
    return ok(presentFeed(params.id, caller.userId, feed, permissions));
  },
});

/**
 * POST /api/events/{id}/calendar-feed: a new feed URL, answered this once. When the caller had one, it is
 * replaced (rotated): the old URL answers 404 from now on.
 */
export const createCalendarFeed = operation({
  params: idParam,
  idempotency: 'sealed',
  session: 'with-first-read',
  handle: async ({ params, caller }) => {
    const [{ member, permissions }, existing] = await Promise.all([loadEventAccess(caller, params.id, 'event', 'read'), getCalendarFeed(params.id, caller.userId)]);
    const at = new Date().toISOString();
    const token = newCalendarFeedToken(params.id, caller.userId);
    const feed: CalendarFeedRecord = {
      event_id: params.id,
      user_id: caller.userId,
      token_hash: token.hash,
      member_since: member.invited_at,
      created_at: existing?.created_at ?? at,
      rotated_at: at,
      version: (existing?.version ?? 0) + 1,
    };
    if (!(await putCalendarFeed(feed, existing?.version ?? null))) throw new VersionConflictError();
    return created({ ...presentFeed(params.id, caller.userId, feed, permissions), ...feedUrls(token.token) }, location(params.id));
  },
});

/**
 * DELETE /api/events/{id}/calendar-feed: the caller's feed revoked; its URL answers 404 from now on.
 * Idempotent: revoking when there is none (already revoked, never made) answers the same, since what the
 * caller asks for, no working URL, holds either way.
 */
export const deleteCalendarFeedRoute = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller }) => {
    await loadEventAccess(caller, params.id, 'event', 'read');
    await deleteCalendarFeed(params.id, caller.userId);
    return deleted(params.id);
  },
});

const limiter = new RequestLimiter();
/** The iCalendar writer (ical-generator) is loaded by the feed route only, out of the timeline routes' cold start. */
const feedWriter = () => import('#shared/domain/calendar/feed.ts');
const noFeed = () => new NotFoundError('calendar feed');

/**
 * GET /calendar/{token}: the feed as text/calendar. 404 for every reason it cannot be shown (a token of
 * another shape, an unknown, rotated or revoked one, a member who left or lost read on the event, an
 * event gone or being deleted, a team that requires a second factor the member has not set up), so the
 * answer never tells them apart.
 */
export const readCalendarFeed = publicOperation({
  params: calendarFeedParams,
  handle: async ({ params, request }) => {
    const decision = await limiter.take(calendarFeedRateRule(), request.sourceIp, new Date());
    if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds);
    const named = parseCalendarFeedToken(params.token);
    if (!named) throw noFeed();
    const context = await readCalendarFeedContext(named.eventId, named.userId);
    const event = context.event ? eventFromItem(context.event) : null;
    const member = context.member ? memberFromItem(context.member) : null;
    const shown = await calendarFeedAccess({ token: params.token, event, member, feed: context.feed, hasSecondFactor: () => hasSecondFactor(named.userId) });
    if (!event || !shown) throw noFeed();
    const [timeline, checklist, subEvents] = await Promise.all([
      shown.timeline ? listTimelineItems(event.id) : null,
      shown.checklist ? listChecklistItems(event.id) : null,
      shown.sub_events ? listSubEvents(event.id) : null,
    ]);
    const { calendarFeed } = await feedWriter();
    const result = text(200, calendarFeed({ event, timeline, checklist, subEvents }), 'text/calendar; charset=utf-8');
    return {
      ...result,
      // no-store: a revoked or rotated URL must stop showing the planning at once, from no cache either.
      headers: { ...result.headers, 'Content-Disposition': 'inline; filename="event.ics"', 'Cache-Control': 'no-store' },
    };
  },
});
