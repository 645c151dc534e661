import { WebSocket } from 'ws';

/** A WebSocket client for the tests that collects what the server sends and waits for a message. */
export type RealtimeClient = {
  socket: WebSocket;
  /** Every message received so far, parsed. */
  received: Record<string, any>[]; // any: tests read each message type's fields
  /** The next message (after those already taken) matching `match`, or a rejection after `timeoutMs`. */
  next: (match?: (message: Record<string, any>) => boolean, timeoutMs?: number) => Promise<Record<string, any>>; // any: as above
  send: (message: unknown) => void;
  /**
   * Resolves once everything the server sent before now has arrived: the server answers a probe (an
   * unknown action) on the same socket, after whatever it wrote before. What a test asserts did NOT
   * arrive is asserted after this, not after a fixed wait.
   */
  flush: () => Promise<void>;
  close: () => Promise<void>;
};

/** How long a test waits for a message or a condition: generous, the machine may be loaded. */
export const REALTIME_DEADLINE_MS = 15_000;

const FLUSH_PROBE = 'flush-probe';

/**
 * Opens a connection with `?ticket=` (from POST /api/realtime/ticket; and `Origin`, as a browser sends
 * it); rejects with the HTTP status when the handshake is refused.
 */
export function connectClient(url: string, ticket: string | null, options: { origin?: string } = {}): Promise<RealtimeClient> {
  const socket = new WebSocket(ticket === null ? url : `${url}/?ticket=${encodeURIComponent(ticket)}`, options.origin ? { origin: options.origin } : {});
  const received: Record<string, any>[] = []; // any: as above
  let taken = 0;
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    received.push(JSON.parse(data.toString()) as Record<string, unknown>);
    for (const wake of waiters) wake();
  });
  const client: RealtimeClient = {
    socket,
    received,
    next: (match = () => true, timeoutMs = REALTIME_DEADLINE_MS) =>
      new Promise((resolve, reject) => {
        const look = () => {
          for (let index = taken; index < received.length; index += 1) {
            if (match(received[index] as Record<string, unknown>)) {
              taken = index + 1;
              waiters.delete(look);
              clearTimeout(timer);
              resolve(received[index] as Record<string, unknown>);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(look);
          reject(new Error(`no matching message within ${timeoutMs} ms; received ${JSON.stringify(received.slice(taken))}`));
        }, timeoutMs);
        waiters.add(look);
        look();
      }),
    send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
    flush: async () => {
      // A closed socket receives nothing more: what it got is all it will get.
      if (socket.readyState !== WebSocket.OPEN) return;
      client.send({ action: FLUSH_PROBE });
      const index = received.length;
      await new Promise<void>((resolve, reject) => {
        const look = () => {
          if (received.slice(index).some((message) => message.type === 'error') || socket.readyState !== WebSocket.OPEN) {
            waiters.delete(look);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(look);
          reject(new Error(`the flush probe was not answered within ${REALTIME_DEADLINE_MS} ms`));
        }, REALTIME_DEADLINE_MS);
        waiters.add(look);
        look();
      });
    },
    close: () =>
      new Promise((resolve) => {
        if (socket.readyState === WebSocket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.close();
      }),
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(client));
    socket.once('unexpected-response', (_request, response) => reject(Object.assign(new Error(`refused ${response.statusCode}`), { status: response.statusCode })));
    socket.once('error', reject);
  });
}

/** Polls `probe` until it answers true, or fails naming `what` after a generous deadline. */
export async function eventually(what: string, probe: () => Promise<boolean>, timeoutMs = REALTIME_DEADLINE_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what}: not so within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
