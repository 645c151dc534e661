import type { APIGatewayEventWebsocketRequestContextV2, APIGatewayProxyWebsocketEventV2WithRequestContext } from 'aws-lambda';
import type { Caller } from '../auth/tokens.ts';
import { webSocketActions } from './messages.ts';

/**
 * The API Gateway WebSocket events the realtime function receives, as API Gateway sends them and as the
 * local ws server (infra/local/websocket.ts) builds them. The $connect authorizer's context is passed on
 * `requestContext.authorizer` to $connect and to every later message of the connection.
 */
export type RealtimeAuthorizerContext = { userId: string; sessionId: string; username: string };

export type WebSocketRequestContext = APIGatewayEventWebsocketRequestContextV2 & {
  authorizer?: Partial<RealtimeAuthorizerContext> & { principalId?: string };
};

export type WebSocketEvent = APIGatewayProxyWebsocketEventV2WithRequestContext<WebSocketRequestContext> & {
  /** $connect only. */
  headers?: Record<string, string | undefined>;
};

/** A route with `returnResponse`: API Gateway sends `body` back to the client; on $connect a non-2xx refuses it. */
export type WebSocketResult = { statusCode: number; body?: string };

/**
 * The WebSocket API's definition, read by the CDK stack and the local ws server alike: every route goes
 * to the one realtime function; a message's `action` field picks its route (`$default` otherwise).
 */
export const webSocketApiDefinition = {
  entry: 'realtime',
  authorizerEntry: 'realtime-authorizer',
  routeSelectionExpression: '$request.body.action',
  routeKeys: ['$connect', '$disconnect', '$default', ...webSocketActions],
  /**
   * Browsers cannot set headers on a WebSocket, so the credential travels in the URL: a single-use ticket
   * from POST /api/realtime/ticket (shared/realtime/tickets.ts), never the access token.
   */
  ticketQueryParameter: 'ticket',
} as const;

/** The caller the authorizer vouched for, or null when the context is missing (never passed the authorizer). */
export function callerOf(event: WebSocketEvent): Caller | null {
  const context = event.requestContext.authorizer;
  if (!context?.userId || !context.sessionId) return null;
  return { userId: context.userId, sessionId: context.sessionId, username: context.username ?? '' };
}
