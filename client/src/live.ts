import type { EventCounters, GuestImportProgress, LiveClientMessage, LiveErrorCode, LiveServerMessage } from './live-messages.ts';

/**
 * Live updates over the WebSocket API: follow events, get their counters as they change, and new
 * notifications. What the protocol asks of a client is done here:
 * - every connect (and reconnect: API Gateway closes a connection after 2 hours or 10 idle minutes) first
 *   asks the API for a single-use ticket (POST /api/realtime/ticket, refreshing the session if need be)
 *   and sends it as `?ticket=`: browsers cannot set headers on a WebSocket, and the access token never
 *   goes in a URL;
 * - on a connection lost or refused, reconnect (backoff, capped) with a new ticket and subscribe to every
 *   followed event again; once the API refuses a ticket (the session is over), stop;
 * - of the copies of an event's counters (a push, or the `subscribed` answer after a reconnect), the one
 *   with the latest `as_of` wins, so a late push never rolls the counters back.
 */
/**
 * Handlers are checked bivariantly (method syntax), so both the browser's WebSocket and the `ws`
 * package's, whose event types are richer than what is read here, fit.
 */
type Handler<E> = { bivarianceHack(event: E): void }['bivarianceHack'] | null;
export type WebSocketLike = {
  readonly readyState: number;
  onopen: Handler<unknown>;
  onmessage: Handler<{ data: unknown }>;
  onclose: Handler<{ code: number }>;
  onerror: Handler<unknown>;
  send(data: string): void;
  close(code?: number, reason?: string): void;
};
export type WebSocketConstructor = new (url: string) => WebSocketLike;

export type LiveCounters = { eventId: string; counters: EventCounters; asOf: string; cause: 'subscribed' | 'event.updated' };
export type LiveError = { code: LiveErrorCode; message: string; eventId?: string };

export type LiveOptions = {
  url: string;
  /**
   * A new connect ticket (POST /api/realtime/ticket), or null when not signed in any more. Throws when it
   * could not be had for now (offline, the API busy): the connect is tried again later.
   */
  ticket: () => Promise<string | null>;
  /** The WebSocket class: the browser's by default; in Node.js e.g. the `ws` package's. */
  WebSocket?: WebSocketConstructor;
  /** Wait before reconnect attempt n (0, 1, ...): 250 ms doubling, at most 10 s, by default. */
  reconnectDelayMs?: (attempt: number) => number;
};

const OPEN = 1;
type Listener<T> = (value: T) => void;

export class LiveUpdates {
  private socket: WebSocketLike | null = null;
  private closed = false;
  private failedAttempts = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly followed = new Map<string, Set<Listener<LiveCounters>>>();
  private readonly latest = new Map<string, LiveCounters>();
  private readonly notificationListeners = new Set<Listener<Record<string, unknown>>>();
  private readonly importListeners = new Set<Listener<GuestImportProgress>>();
  private readonly errorListeners = new Set<Listener<LiveError>>();
  private readonly openListeners = new Set<() => void>();
  private readonly WebSocketClass: WebSocketConstructor;
  private readonly delay: (attempt: number) => number;

  constructor(private readonly options: LiveOptions) {
    const fallback = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    const chosen = options.WebSocket ?? fallback;
    if (!chosen) throw new Error('LiveUpdates: no WebSocket class in this runtime; pass options.WebSocket');
    this.WebSocketClass = chosen;
    this.delay = options.reconnectDelayMs ?? ((attempt) => Math.min(10_000, 250 * 2 ** attempt));
    void this.connect();
  }

  /** Follows an event: `listener` gets its counters now (once subscribed) and after every change. Returns the unfollow. */
  follow(eventId: string, listener: Listener<LiveCounters>): () => void {
    let listeners = this.followed.get(eventId);
    if (!listeners) {
      listeners = new Set();
      this.followed.set(eventId, listeners);
      this.send({ action: 'subscribe', event_id: eventId });
    }
    listeners.add(listener);
    const known = this.latest.get(eventId);
    if (known) listener(known);
    return () => {
      listeners.delete(listener);
      if (listeners.size > 0 || this.followed.get(eventId) !== listeners) return;
      this.followed.delete(eventId);
      this.latest.delete(eventId);
      this.send({ action: 'unsubscribe', event_id: eventId });
    };
  }

  /** The latest counters of a followed event, if any arrived. */
  counters(eventId: string): LiveCounters | undefined {
    return this.latest.get(eventId);
  }

  onNotification(listener: Listener<Record<string, unknown>>): () => void {
    this.notificationListeners.add(listener);
    return () => this.notificationListeners.delete(listener);
  }

  /** Progress of the background guest imports of the followed events (`guests.import.progress`, then `.done`). */
  onGuestImport(listener: Listener<GuestImportProgress>): () => void {
    this.importListeners.add(listener);
    return () => this.importListeners.delete(listener);
  }

  /** Errors the server answered (`not_found` for an event you cannot read, `subscription_limit`, ...). */
  onError(listener: Listener<LiveError>): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /** Called on every (re)connection, once the socket is open. */
  onOpen(listener: () => void): () => void {
    this.openListeners.add(listener);
    return () => this.openListeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.socket?.close(1000, 'closed by client');
    this.socket = null;
  }

  private send(message: LiveClientMessage): void {
    if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify(message));
  }

  private scheduleReconnect(delayMs: number): void {
    this.reconnectTimer = setTimeout(() => void this.connect(), delayMs);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    let ticket: string | null;
    try {
      ticket = await this.options.ticket();
    } catch {
      // No ticket for now (offline, the API busy): the session stands, try again later.
      this.scheduleReconnect(this.delay(this.failedAttempts++));
      return;
    }
    if (this.closed) return;
    if (!ticket) {
      this.emitError({ code: 'unauthorized', message: 'Not signed in: live updates stopped.' });
      return;
    }
    const separator = this.options.url.includes('?') ? '&' : '?';
    const socket = new this.WebSocketClass(`${this.options.url}${separator}ticket=${encodeURIComponent(ticket)}`);
    this.socket = socket;
    socket.onopen = () => {
      this.failedAttempts = 0;
      for (const eventId of this.followed.keys()) this.send({ action: 'subscribe', event_id: eventId });
      for (const listener of this.openListeners) listener();
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onerror = () => {};
    socket.onclose = () => {
      if (this.socket !== socket || this.closed) return;
      this.socket = null;
      // Lost or refused: a ticket works once, so the next attempt asks for a new one.
      this.scheduleReconnect(this.delay(this.failedAttempts++));
    };
  }

  private receive(data: unknown): void {
    let message: LiveServerMessage;
    try {
      message = JSON.parse(typeof data === 'string' ? data : String(data)) as LiveServerMessage;
    } catch {
      return;
    }
    switch (message.type) {
      case 'subscribed':
      case 'event.updated':
        this.update({ eventId: message.event_id, counters: message.counters, asOf: message.as_of, cause: message.type });
        return;
      case 'notification':
        for (const listener of this.notificationListeners) listener(message.notification);
        return;
      case 'guests.import.progress':
      case 'guests.import.done':
        for (const listener of this.importListeners) listener(message);
        return;
      case 'error':
        this.emitError({ code: message.code, message: message.message, ...(message.event_id ? { eventId: message.event_id } : {}) });
        return;
      case 'unsubscribed':
        return;
    }
  }

  private update(next: LiveCounters): void {
    const listeners = this.followed.get(next.eventId);
    if (!listeners) return;
    const known = this.latest.get(next.eventId);
    if (known && Date.parse(next.asOf) < Date.parse(known.asOf)) return;
    this.latest.set(next.eventId, next);
    for (const listener of listeners) listener(next);
  }

  private emitError(error: LiveError): void {
    for (const listener of this.errorListeners) listener(error);
  }
}
