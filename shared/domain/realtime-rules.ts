import { isLive, type Session } from '../data/sessions.ts';
import { can, effectivePermissions, type PermissionMap, type Role } from './permissions.ts';

/**
 * Who may follow an event in real time, and how long connection records live. Pure: the callers read
 * the membership and the session, these functions decide.
 */

/** API Gateway closes every WebSocket 2 hours after it opened; its records expire with it. */
export const CONNECTION_LIFETIME_SECONDS = 2 * 60 * 60;

/**
 * How long a connect ticket (POST /api/realtime/ticket) opens a connection: a client asks for one right
 * before it connects, so seconds are enough, and a ticket that leaks (a log of the URL) is soon useless.
 */
export const REALTIME_TICKET_LIFETIME_SECONDS = 30;

/** A ticket as the API hands it out (randomSecret: 32 bytes, base64url); anything else is refused unread. */
export const ticketShaped = (ticket: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(ticket);

/** Enough for a planner's open tabs; bounds the fan-out one connection can cost. */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 20;

/**
 * Whether a WebSocket handshake may open from where it came (cross-site WebSocket hijacking: a page on
 * another site opening a socket with a token it got hold of). Browsers always send `Origin`; it must be
 * one of the API's allowed origins (CORS_ALLOWED_ORIGINS, `*` allowing any). A handshake without one is
 * not a browser's (a server, a mobile app), which this attack needs, so it is let through.
 */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  const wanted = origin.trim().replace(/\/+$/, '').toLowerCase();
  return allowed.some((entry) => entry === '*' || entry.trim().replace(/\/+$/, '').toLowerCase() === wanted);
}

/** The TTL (epoch seconds) of a connection opened at `connectedAtMs` and of its subscriptions. */
export const connectionTtl = (connectedAtMs: number): number => Math.floor(connectedAtMs / 1000) + CONNECTION_LIFETIME_SECONDS;

type Membership = { status: 'active' | 'pending'; role: Role; permissions?: Partial<PermissionMap> };

/**
 * The rule of loadEventAccess's read on the `event` area, applied to a subscriber at push time: a live
 * session of that same user and an active membership that can read the event. A member removed from the
 * team, a narrowed permission or a logout stops the updates at the next push.
 */
export function mayFollowEvent(userId: string, member: Membership | undefined, session: Session | undefined, now = new Date()): boolean {
  if (!session || !isLive(session, now) || session.user_id !== userId) return false;
  if (!member || member.status !== 'active') return false;
  const permissions = effectivePermissions(member.role, member.permissions ?? {});
  // Door staff read no event area but the check-ins, whose live counts they follow (docs/check-in.md).
  return can(permissions, 'event', 'read') || can(permissions, 'check_in', 'read');
}

/** A user's notifications go to their connections whose session is still live. */
export const mayReceiveAsUser = (userId: string, session: Session | undefined, now = new Date()): boolean =>
  session !== undefined && isLive(session, now) && session.user_id === userId;
