/**
 * Where the AWS SDK clients (created once, on first use: shared/data/client.ts, shared/email/ses.ts, ...)
 * get their X-Ray subsegments. Nothing by default: only the functions that load the Tracer
 * (shared/observability/tracer.ts) install a capture, so the others never bundle or import the X-Ray SDK.
 */
type Capture = <T>(client: T) => T;

let capture: Capture = (client) => client;

export const traced: Capture = (client) => capture(client);

export function captureClientsWith(next: Capture): void {
  capture = next;
}
