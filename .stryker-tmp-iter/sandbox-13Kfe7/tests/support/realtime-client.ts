// @ts-nocheck
import { WebSocket } from 'ws';

/** A WebSocket client for the tests that collects what the server sends and waits for a message. */
export type RealtimeClient = {
  socket: WebSocket;
  /** Every message received so far, parsed. */
  received: Record<string, any>[]; // any: tests read each message type's fields
  /** The next message (after those already taken) matching `match`, or a rejection after `timeoutMs`. */
  next: (match?: (message: Record<string, any>) => boolean, timeoutMs?: number) => Promise<Record<string, any>>; // any: as above
  send: (message: unknown) => void;
  close: () => Promise<void>;
};

/** Opens a connection with `?token=`; rejects with the HTTP status when the handshake is refused. */
export function connectClient(url: string, token: string | null): Promise<RealtimeClient> {
  const socket = new WebSocket(token === null ? url : `${url}/?token=${encodeURIComponent(token)}`);
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
    next: (match = () => true, timeoutMs = 2_000) =>
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

/** Waits for an exchange to settle (a push that should NOT arrive is asserted after this). */
export const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));
