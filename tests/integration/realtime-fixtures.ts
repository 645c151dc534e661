import { forgetConfigAndClients } from '../../infra/local/function-clients.ts';
import { createLogger } from '../../shared/logger.ts';
import { type RunningWebSocketServer, startWebSocketServer } from '../../infra/local/websocket.ts';

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
