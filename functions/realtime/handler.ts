import type { Context } from 'aws-lambda';
import { config } from '#shared/config.ts';
import { originAllowed } from '#shared/domain/realtime-rules.ts';
import { createLogger } from '#shared/logger.ts';
import {
  callerOfConnection,
  closeConnection,
  type OpenedConnection,
  openConnection,
  subscribeToEvent,
  unsubscribeFromEvent,
} from '#shared/realtime/connections.ts';
import { callerOf, type WebSocketEvent, type WebSocketResult } from '#shared/realtime/gateway.ts';
import { parseClientMessage, type ServerMessage } from '#shared/realtime/messages.ts';
import { observedHandler } from '#shared/observability/middlewares.ts';

/**
 * The WebSocket API's one function: $connect, $disconnect, $default and the `subscribe` / `unsubscribe`
 * routes. Every route but $connect/$disconnect answers one protocol message (the routes return their
 * response to the client); bad input is an `error` message and the socket stays open.
 */
/** A handshake header, whatever its case (API Gateway keeps the client's). */
const headerOf = (event: WebSocketEvent, name: string): string | undefined =>
  Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1] ?? undefined;

const reply = (message: ServerMessage): WebSocketResult => ({ statusCode: 200, body: JSON.stringify(message) });

async function handle(event: WebSocketEvent, context: Context): Promise<WebSocketResult> {
  const { routeKey, connectionId, connectedAt } = event.requestContext;
  const log = createLogger({ component: 'realtime', requestId: context.awsRequestId, routeKey, connectionId }, config().LOG_LEVEL);
  const connection: OpenedConnection = { connectionId, connectedAtMs: connectedAt };

  if (routeKey === '$disconnect') {
    await closeConnection(connectionId);
    return { statusCode: 200 };
  }
  // API Gateway runs the authorizer on $connect and hands its context to every route of the connection;
  // a message without it is tied to its caller through the connection recorded at $connect.
  if (routeKey === '$connect') {
    const origin = headerOf(event, 'origin');
    if (!originAllowed(origin, config().CORS_ALLOWED_ORIGINS)) {
      log.warn('connect refused: origin not allowed', { origin });
      return { statusCode: 403 };
    }
  }
  const caller = callerOf(event) ?? (routeKey === '$connect' ? null : await callerOfConnection(connectionId));
  if (!caller) {
    log.warn('no authorizer context');
    return routeKey === '$connect' ? { statusCode: 401 } : reply({ type: 'error', code: 'unauthorized', message: 'Connect with ?ticket=<a ticket from POST /api/realtime/ticket>.' });
  }
  if (routeKey === '$connect') {
    const opened = await openConnection(caller, connection);
    log.info('connect', { userId: caller.userId, opened });
    return { statusCode: opened ? 200 : 401 };
  }

  const parsed = parseClientMessage(event.body);
  if (!parsed.ok) return reply(parsed.error);
  const { message } = parsed;
  const answer = message.action === 'subscribe'
    ? await subscribeToEvent(caller, connection, message.event_id)
    : await unsubscribeFromEvent(connectionId, message.event_id);
  log.info('message', { userId: caller.userId, action: message.action, eventId: message.event_id, answer: answer.type });
  return reply(answer);
}

export const handler = observedHandler(handle);
