import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { APIGatewayRequestAuthorizerEvent, Context } from 'aws-lambda';
import { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../../shared/logger.ts';
import { type WebSocketEvent, type WebSocketResult, webSocketApiDefinition } from '../../shared/realtime/gateway.ts';
import { loadHandler } from './function-entries.ts';
import { lambdaContext } from './lambda-context.ts';
import { readRequestBody } from './request-body.ts';
import {
  buildConnectAuthorizerEvent,
  buildConnectEvent,
  buildDisconnectEvent,
  buildMessageEvent,
  type ConnectionFacts,
  newConnectionId,
} from './websocket-events.ts';

/**
 * The local API Gateway WebSocket API, on its own port: upgrades go through the $connect authorizer
 * (functions/realtime-authorizer) and the realtime function's $connect, each message through route
 * selection to the same function, each close to $disconnect, all in-process with the events API Gateway
 * sends. The same port answers the management API (`POST|GET|DELETE /@connections/{id}`, 410 for an
 * unknown connection) like the stage's https URL does in AWS, so the functions' real SDK client is used.
 */
export type RunningWebSocketServer = {
  /** ws://localhost:<port> (clients add `?ticket=`). */
  url: string;
  /** http://localhost:<port>: the functions' WEBSOCKET_ENDPOINT. */
  managementEndpoint: string;
  close: () => Promise<void>;
};

type RealtimeHandler = (event: WebSocketEvent, context: Context) => Promise<WebSocketResult | undefined>;
type AuthorizerHandler = (event: APIGatewayRequestAuthorizerEvent) => Promise<{
  principalId: string;
  policyDocument: { Statement: { Effect: string }[] };
  context?: Record<string, string | number | boolean> | null;
}>;

/** API Gateway's limit on a WebSocket message. */
const MAX_MESSAGE_BYTES = 128 * 1024;
const CONNECTIONS_PATH = /^\/@connections\/([^/?]+)$/;

type OpenConnection = { socket: WebSocket; facts: ConnectionFacts; lastActiveAt: Date; queue: Promise<void> };

const firstValues = (values: Record<string, string | string[] | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(values).flatMap(([name, value]) => (value === undefined ? [] : [[name, Array.isArray(value) ? value.join(',') : value]])));

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export async function startWebSocketServer(options: { port: number; region: string; log: Logger }): Promise<RunningWebSocketServer> {
  const { log } = options;
  const connections = new Map<string, OpenConnection>();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  let stopping = false;
  const realtime = () => loadHandler<RealtimeHandler>(webSocketApiDefinition.entry);
  const context = () => lambdaContext('event-planning-local-realtime');

  async function authorize(facts: ConnectionFacts, headers: Record<string, string>, query: Record<string, string>): Promise<Record<string, string> | null> {
    const authorizer = await loadHandler<AuthorizerHandler>(webSocketApiDefinition.authorizerEntry);
    const verdict = await authorizer(buildConnectAuthorizerEvent(facts, headers, query, options.region));
    if (verdict.policyDocument.Statement.some((statement) => statement.Effect !== 'Allow')) return null;
    // API Gateway turns every context value into a string, and adds the principal.
    return { ...Object.fromEntries(Object.entries(verdict.context ?? {}).map(([name, value]) => [name, String(value)])), principalId: verdict.principalId };
  }

  async function onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const query = Object.fromEntries(url.searchParams);
    const headers = firstValues(request.headers);
    // The identity source: without it API Gateway answers 401 without calling the authorizer.
    if (!query[webSocketApiDefinition.ticketQueryParameter]) return refuseUpgrade(socket, 401, 'Unauthorized');
    const facts: ConnectionFacts = {
      connectionId: newConnectionId(),
      connectedAt: Date.now(),
      domainName: headers.host ?? 'localhost',
      sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
    };
    facts.authorizer = (await authorize(facts, headers, query)) ?? undefined;
    if (!facts.authorizer) return refuseUpgrade(socket, 403, 'Forbidden');
    const result = await (await realtime())(buildConnectEvent(facts, headers, query), context());
    const status = result?.statusCode ?? 200;
    if (status < 200 || status > 299) return refuseUpgrade(socket, status, 'Refused');
    sockets.handleUpgrade(request, socket, head, (ws) => {
      const connection: OpenConnection = { socket: ws, facts, lastActiveAt: new Date(), queue: Promise.resolve() };
      connections.set(facts.connectionId, connection);
      ws.on('message', (data) => {
        connection.lastActiveAt = new Date();
        // One message at a time per connection, in arrival order.
        connection.queue = connection.queue.then(() => onMessage(connection, data.toString()));
      });
      ws.on('close', () => {
        connections.delete(facts.connectionId);
        if (!stopping) connection.queue = connection.queue.then(() => onClose(facts));
      });
    });
  }

  async function onMessage(connection: OpenConnection, body: string): Promise<void> {
    const event = buildMessageEvent(connection.facts, body);
    try {
      const result = await (await realtime())(event, context());
      if (result?.body !== undefined && connection.socket.readyState === WebSocket.OPEN) connection.socket.send(result.body);
    } catch (error) {
      log.error('realtime function failed', { routeKey: event.requestContext.routeKey, error: String(error) });
      // What API Gateway sends back when the integration fails.
      connection.socket.send(JSON.stringify({ message: 'Internal server error', connectionId: connection.facts.connectionId, requestId: event.requestContext.requestId }));
    }
  }

  async function onClose(facts: ConnectionFacts): Promise<void> {
    try {
      await (await realtime())(buildDisconnectEvent(facts), context());
    } catch (error) {
      log.error('realtime $disconnect failed', { error: String(error) });
    }
  }

  /** The management API: what PostToConnection, GetConnection and DeleteConnection call. */
  async function onManagementRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const match = CONNECTIONS_PATH.exec(request.url ?? '');
    if (!match) {
      response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Not Found' }));
      return;
    }
    const connection = connections.get(decodeURIComponent(match[1] as string));
    const open = connection?.socket.readyState === WebSocket.OPEN ? connection : undefined;
    if (!open) {
      response.writeHead(410, { 'content-type': 'application/json', 'x-amzn-errortype': 'GoneException' }).end(JSON.stringify({ message: 'Gone' }));
      return;
    }
    if (request.method === 'POST') {
      const reading = await readRequestBody(request, MAX_MESSAGE_BYTES);
      if (reading.kind === 'too-large') {
        response.writeHead(413, { 'content-type': 'application/json', 'x-amzn-errortype': 'PayloadTooLargeException' }).end(JSON.stringify({ message: 'Message too long' }));
        return;
      }
      open.socket.send(reading.body.toString('utf8'));
      response.writeHead(200).end();
    } else if (request.method === 'DELETE') {
      open.socket.close(1000);
      response.writeHead(204).end();
    } else if (request.method === 'GET') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          ConnectedAt: new Date(open.facts.connectedAt).toISOString(),
          LastActiveAt: open.lastActiveAt.toISOString(),
          Identity: { SourceIp: open.facts.sourceIp, UserAgent: '' },
        }),
      );
    } else {
      response.writeHead(405, { allow: 'GET, POST, DELETE' }).end();
    }
  }

  const server = createServer((request, response) => {
    onManagementRequest(request, response).catch((error: unknown) => {
      log.error('management request failed', { error: String(error) });
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  server.on('upgrade', (request, socket, head) => {
    onUpgrade(request, socket, head).catch((error: unknown) => {
      log.error('WebSocket connect failed', { error: String(error) });
      refuseUpgrade(socket, 500, 'Internal Server Error');
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://localhost:${port}`,
    managementEndpoint: `http://localhost:${port}`,
    close: async () => {
      stopping = true;
      for (const connection of connections.values()) connection.socket.terminate();
      sockets.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
