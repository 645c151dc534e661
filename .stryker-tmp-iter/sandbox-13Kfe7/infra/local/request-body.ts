// @ts-nocheck
import type { IncomingMessage } from 'node:http';

/**
 * Reads a request body up to a limit. A larger body is refused from its Content-Length alone when it
 * declares one, otherwise as soon as the limit is passed; what still arrives is drained without being
 * kept (so the client can read the 413), and a client that goes on sending far beyond is cut off.
 */
export type BodyReading = { kind: 'complete'; body: Buffer } | { kind: 'too-large' };

const DRAIN_LIMIT_FACTOR = 16;

function drainWithoutKeeping(request: IncomingMessage, limitBytes: number): void {
  let drained = 0;
  request.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > limitBytes * DRAIN_LIMIT_FACTOR) request.socket.destroy();
  });
  request.resume();
}

export function readRequestBody(request: IncomingMessage, limitBytes: number): Promise<BodyReading> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > limitBytes) {
      drainWithoutKeeping(request, limitBytes);
      resolve({ kind: 'too-large' });
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    const keep = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= limitBytes) {
        chunks.push(chunk);
        return;
      }
      request.off('data', keep);
      chunks.length = 0;
      drainWithoutKeeping(request, limitBytes);
      resolve({ kind: 'too-large' });
    };
    request.on('data', keep);
    request.once('end', () => resolve({ kind: 'complete', body: Buffer.concat(chunks) }));
    request.once('error', reject);
  });
}
