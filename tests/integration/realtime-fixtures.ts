import { handler as authHandler } from '../../functions/auth/handler.ts';
import { forgetConfigAndClients } from '../../infra/local/function-clients.ts';
import { createLogger } from '../../shared/logger.ts';
import { type RunningWebSocketServer, startWebSocketServer } from '../../infra/local/websocket.ts';
import { invoke, makeHttpEvent } from '../support/http-event.ts';
import { connectClient, type RealtimeClient } from '../support/realtime-client.ts';

/**
 * The local WebSocket API (infra/local/websocket.ts: real `ws` sockets, the realtime function and its
 * authorizer in-process, the management API the push module's SDK client posts to) for one test file.
 */
export async function startRealtime(): Promise<RunningWebSocketServer> {
  const server = await startWebSocketServer({ port: 0, region: 'us-east-1', log: createLogger({}, 'silent') });
  process.env.WEBSOCKET_ENDPOINT = server.managementEndpoint;
  forgetConfigAndClients();
  return server;
}

/** A connect ticket for the holder of this access token, as a client gets one (POST /api/realtime/ticket). */
export async function realtimeTicket(token: string): Promise<string> {
  const answer = await invoke(authHandler, makeHttpEvent({ method: 'POST', path: '/api/realtime/ticket', token }));
  if (answer.status !== 200) throw new Error(`POST /api/realtime/ticket answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body.data.ticket as string;
}

/** Connects as a signed-in user: a fresh ticket, then the handshake. */
export const connectAs = async (server: RunningWebSocketServer, user: { token: string }, options: { origin?: string } = {}): Promise<RealtimeClient> =>
  connectClient(server.url, await realtimeTicket(user.token), options);
