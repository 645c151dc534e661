import { Agent as HttpAgent, type ClientRequestArgs } from 'node:http';
import { Agent as HttpsAgent, type RequestOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import { config } from '../config.ts';

/**
 * The outbound allowlist (ASVS 13.2.5). The functions' only outbound requests are the AWS SDK's, so every
 * SDK client connects through these agents (shared/aws/client-options.ts), which refuse a connection to any
 * host but the AWS services of the stack's own region (`*.<region>.amazonaws.com`, `*.<region>.api.aws`)
 * and the emulators configured locally. A misconfigured endpoint, or a host smuggled into one, fails before
 * a socket is opened. IAM limits what the functions may do in AWS; this limits where they may connect.
 */
export class EgressRefusedError extends Error {
  constructor(readonly host: string) {
    super(`Outbound connection to ${host} refused: not in the egress allowlist (shared/aws/egress.ts)`);
    this.name = 'EgressRefusedError';
  }
}

const localEndpointHosts = (): string[] => {
  const { DYNAMODB_ENDPOINT, SES_ENDPOINT, S3_ENDPOINT, EVENTBRIDGE_ENDPOINT, WEBSOCKET_ENDPOINT } = config();
  return [DYNAMODB_ENDPOINT, SES_ENDPOINT, S3_ENDPOINT, EVENTBRIDGE_ENDPOINT, WEBSOCKET_ENDPOINT]
    .filter((endpoint): endpoint is string => endpoint !== undefined)
    .map((endpoint) => new URL(endpoint).hostname.toLowerCase());
};

const hostName = (host: string): string => host.toLowerCase().replace(/\.$/, '');
const isLocalEmulator = (host: string): boolean => localEndpointHosts().includes(hostName(host));

export function egressAllowed(host: string): boolean {
  const name = hostName(host);
  const region = config().AWS_REGION.toLowerCase();
  return name.endsWith(`.${region}.amazonaws.com`) || name.endsWith(`.${region}.api.aws`) || isLocalEmulator(name);
}

type Connect = (err: Error | null, stream: Duplex) => void;

/** Refuses before connecting; otherwise the agent's own connection. */
function guarded<T extends ClientRequestArgs>(options: T, allowed: (host: string) => boolean, callback: Connect | undefined, connect: () => Duplex | null | undefined): Duplex | null | undefined {
  const host = options.hostname ?? options.host ?? '';
  if (allowed(host)) return connect();
  // The request then fails with this error, as with a refused connection.
  callback?.(new EgressRefusedError(host), undefined as unknown as Duplex);
  return undefined;
}

class AllowlistedHttpsAgent extends HttpsAgent {
  override createConnection(options: RequestOptions, callback?: Connect): Duplex | null | undefined {
    return guarded(options, egressAllowed, callback, () => super.createConnection(options, callback));
  }
}

/** Plain http only ever reaches the local emulators: AWS is reached over TLS only. */
class AllowlistedHttpAgent extends HttpAgent {
  override createConnection(options: ClientRequestArgs, callback?: Connect): Duplex | null | undefined {
    return guarded(options, isLocalEmulator, callback, () => super.createConnection(options, callback));
  }
}

// The SDK's own defaults for its agents: sockets kept alive between calls, at most 50 per host.
const agentOptions = { keepAlive: true, maxSockets: 50 };
let agents: { httpAgent: HttpAgent; httpsAgent: HttpsAgent } | undefined;

/** One pair per process, shared by every client, so kept-alive sockets are reused across clients. */
export function allowlistedAgents(): { httpAgent: HttpAgent; httpsAgent: HttpsAgent } {
  agents ??= { httpAgent: new AllowlistedHttpAgent(agentOptions), httpsAgent: new AllowlistedHttpsAgent(agentOptions) };
  return agents;
}
