// @ts-nocheck
import { randomBytes, randomUUID } from 'node:crypto';
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import type { WebSocketEvent, WebSocketRequestContext } from '../../shared/realtime/gateway.ts';
import { webSocketApiDefinition } from '../../shared/realtime/gateway.ts';

/**
 * The events API Gateway's WebSocket APIs send, built for the local ws server and the tests: the $connect
 * authorizer's REQUEST event, and the CONNECT / MESSAGE / DISCONNECT proxy events with the authorizer's
 * context on `requestContext.authorizer` (API Gateway keeps it for the connection's lifetime).
 */
const LOCAL_ACCOUNT_ID = '000000000000';
const LOCAL_API_ID = 'local-ws';
const STAGE = 'local';

/** Connection ids look like API Gateway's (12 base64 characters ending in `=`). */
export const newConnectionId = (): string => `${randomBytes(8).toString('base64').slice(0, 11)}=`;

export type ConnectionFacts = {
  connectionId: string;
  connectedAt: number;
  domainName: string;
  sourceIp: string;
  /** What the authorizer returned as context, plus its principalId. */
  authorizer?: Record<string, string>;
};

/** API Gateway's request time format: `24/Nov/2026:06:00:00 +0000`. */
function requestTime(at: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(at.getUTCDate())}/${months[at.getUTCMonth()]}/${at.getUTCFullYear()}:${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())} +0000`;
}

function requestContext(facts: ConnectionFacts, routeKey: string, eventType: WebSocketRequestContext['eventType']): WebSocketRequestContext {
  const now = new Date();
  return {
    routeKey,
    eventType,
    messageId: randomUUID(),
    extendedRequestId: randomUUID(),
    requestTime: requestTime(now),
    messageDirection: 'IN',
    stage: STAGE,
    connectedAt: facts.connectedAt,
    requestTimeEpoch: now.getTime(),
    requestId: randomUUID(),
    domainName: facts.domainName,
    connectionId: facts.connectionId,
    apiId: LOCAL_API_ID,
    ...(facts.authorizer ? { authorizer: facts.authorizer } : {}),
  };
}

/** The authorizer's event on $connect (REQUEST type, payload 1.0, as WebSocket APIs send it). */
export function buildConnectAuthorizerEvent(
  facts: ConnectionFacts,
  headers: Record<string, string>,
  query: Record<string, string>,
  region: string,
): APIGatewayRequestAuthorizerEvent {
  const context = requestContext(facts, '$connect', 'CONNECT');
  return {
    type: 'REQUEST',
    methodArn: `arn:aws:execute-api:${region}:${LOCAL_ACCOUNT_ID}:${LOCAL_API_ID}/${STAGE}/$connect`,
    resource: '$connect',
    path: '',
    httpMethod: 'GET',
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    queryStringParameters: query,
    multiValueQueryStringParameters: Object.fromEntries(Object.entries(query).map(([name, value]) => [name, [value]])),
    pathParameters: null,
    stageVariables: null,
    requestContext: context as unknown as APIGatewayRequestAuthorizerEvent['requestContext'], // the WebSocket variant of the context
  };
}

export function buildConnectEvent(facts: ConnectionFacts, headers: Record<string, string>, query: Record<string, string>): WebSocketEvent {
  return {
    requestContext: requestContext(facts, '$connect', 'CONNECT'),
    headers,
    queryStringParameters: query,
    multiValueQueryStringParameters: Object.fromEntries(Object.entries(query).map(([name, value]) => [name, [value]])),
    isBase64Encoded: false,
  };
}

/**
 * The route a message takes: the selection expression `$request.body.action` evaluated on the body, so a
 * JSON object whose `action` names a route goes there, and anything else to `$default`.
 */
export function selectRoute(body: string): string {
  let action: unknown;
  try {
    action = (JSON.parse(body) as { action?: unknown } | null)?.action;
  } catch {
    return '$default';
  }
  const named = webSocketApiDefinition.routeKeys.filter((key) => !key.startsWith('$')) as readonly string[];
  return typeof action === 'string' && named.includes(action) ? action : '$default';
}

export function buildMessageEvent(facts: ConnectionFacts, body: string): WebSocketEvent {
  return { requestContext: requestContext(facts, selectRoute(body), 'MESSAGE'), body, isBase64Encoded: false };
}

export function buildDisconnectEvent(facts: ConnectionFacts): WebSocketEvent {
  return { requestContext: requestContext(facts, '$disconnect', 'DISCONNECT'), isBase64Encoded: false };
}
