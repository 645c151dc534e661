import { type Caller, randomSecret, sha256 } from '../auth/tokens.ts';
import { putRealtimeTicket, takeRealtimeTicket } from '../data/realtime/tickets.ts';
import { REALTIME_TICKET_LIFETIME_SECONDS, ticketShaped } from '../domain/realtime-rules.ts';

/**
 * WebSocket connect tickets: the URL of a WebSocket carries a ticket, never the access token (URLs end
 * up in access logs, proxies and browser history). A signed-in caller asks for one (POST
 * /api/realtime/ticket) right before connecting; it works once, for REALTIME_TICKET_LIFETIME_SECONDS,
 * for the user and session that asked. Only its SHA-256 is stored.
 */
export type RealtimeTicket = { ticket: string; expires_in: number };

/** A new ticket for the caller's session. */
export async function issueRealtimeTicket(caller: Caller, now = new Date()): Promise<RealtimeTicket> {
  const ticket = randomSecret();
  const expiresAt = Math.floor(now.getTime() / 1000) + REALTIME_TICKET_LIFETIME_SECONDS;
  await putRealtimeTicket(sha256(ticket), { user_id: caller.userId, session_id: caller.sessionId, username: caller.username, expires_at: expiresAt, ttl: expiresAt });
  return { ticket, expires_in: REALTIME_TICKET_LIFETIME_SECONDS };
}

/**
 * The $connect authorizer's check: the caller a ticket was issued to, using the ticket up; null for a
 * ticket that is malformed, unknown, used or expired. Whether its session is still live is the $connect
 * handler's check (shared/realtime/connections.ts).
 */
export async function redeemRealtimeTicket(ticket: string, now = new Date()): Promise<Caller | null> {
  if (!ticketShaped(ticket)) return null;
  const taken = await takeRealtimeTicket(sha256(ticket), Math.floor(now.getTime() / 1000));
  return taken ? { userId: taken.user_id, sessionId: taken.session_id, username: taken.username } : null;
}
