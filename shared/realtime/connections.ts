import type { Caller } from '../auth/tokens.ts';
import { loadEventAccessWithOpenDue } from '../data/events/access.ts';
import { addSubscription, getConnection, putConnection, removeConnection, removeSubscription } from '../data/realtime/connections.ts';
import { getSession, isLive } from '../data/sessions.ts';
import { visibleCounters } from '../domain/visibility/event.ts';
import { connectionTtl, MAX_SUBSCRIPTIONS_PER_CONNECTION } from '../domain/realtime-rules.ts';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../http/errors.ts';
import type { ServerMessage } from './messages.ts';

/**
 * What the realtime function does for each WebSocket route, apart from parsing: open and close a
 * connection, follow and stop following an event. Answers are protocol messages, never exceptions, for
 * anything the client sent.
 */
export type OpenedConnection = { connectionId: string; connectedAtMs: number };

/**
 * $connect: the authorizer used the ticket up; this checks that its session is still live (logout ends it
 * at once, as on the HTTP API) and records the connection. false refuses the connection.
 */
export async function openConnection(caller: Caller, connection: OpenedConnection): Promise<boolean> {
  const session = await getSession(caller.sessionId);
  if (!isLive(session) || session.user_id !== caller.userId) return false;
  await putConnection({
    connection_id: connection.connectionId,
    user_id: caller.userId,
    session_id: caller.sessionId,
    connected_at: new Date(connection.connectedAtMs).toISOString(),
    ttl: connectionTtl(connection.connectedAtMs),
  });
  return true;
}

/**
 * The caller of a message route from the connection recorded at $connect: API Gateway also hands every
 * route the authorizer's context, and this is the fallback when a route arrives without it.
 */
export async function callerOfConnection(connectionId: string): Promise<Caller | null> {
  const connection = await getConnection(connectionId);
  return connection ? { userId: connection.user_id, sessionId: connection.session_id, username: '' } : null;
}

/** $disconnect (and a 410 at push time): the connection and its subscriptions go. */
export const closeConnection = (connectionId: string): Promise<void> => removeConnection(connectionId);

/**
 * subscribe: only an event the caller can read (the same check as GET /api/events/{id}, with the
 * session); a missing event and one the caller may not see get the same answer. The answer carries the
 * counters as they are now.
 */
export async function subscribeToEvent(caller: Caller, connection: OpenedConnection, eventId: string): Promise<ServerMessage> {
  let access;
  try {
    access = await loadEventAccessWithOpenDue(caller, eventId, 'event', 'read', { orArea: 'check_in' });
  } catch (error) {
    if (error instanceof NotFoundError) return { type: 'error', code: 'not_found', message: 'No event you can see has this id.', event_id: eventId };
    if (error instanceof UnauthorizedError) return { type: 'error', code: 'unauthorized', message: 'The session has ended; sign in again.', event_id: eventId };
    if (error instanceof ForbiddenError && error.code === 'mfa_required') return { type: 'error', code: 'mfa_required', message: error.message, event_id: eventId };
    throw error;
  }
  const outcome = await addSubscription(
    { event_id: eventId, connection_id: connection.connectionId, user_id: caller.userId, session_id: caller.sessionId, ttl: connectionTtl(connection.connectedAtMs) },
    MAX_SUBSCRIPTIONS_PER_CONNECTION,
  );
  if (outcome === 'refused') {
    return { type: 'error', code: 'subscription_limit', message: `A connection follows at most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} events.`, event_id: eventId };
  }
  const readAt = new Date();
  return { type: 'subscribed', event_id: eventId, counters: visibleCounters(access.event, access.openDue, readAt, access.permissions), as_of: readAt.toISOString() };
}

/** unsubscribe: idempotent; unsubscribing from an event never followed is not an error. */
export async function unsubscribeFromEvent(connectionId: string, eventId: string): Promise<ServerMessage> {
  await removeSubscription(connectionId, eventId);
  return { type: 'unsubscribed', event_id: eventId };
}
