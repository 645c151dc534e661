import * as z from 'zod';
import type { VisibleCounters } from '../domain/visibility/event.ts';
import type { DomainEventType } from '../domain/domain-events/contract.ts';
import type { ImportJobStatus } from '../domain/guests/import-job.ts';

/**
 * The WebSocket protocol, both directions. A client sends JSON `{"action": "subscribe" | "unsubscribe",
 * "event_id": "..."}` (API Gateway picks the route from `action`); the server answers and pushes JSON
 * objects told apart by `type`.
 */
export const webSocketActions = ['subscribe', 'unsubscribe'] as const;

const eventIdField = z.string().min(1).max(64);

export const clientMessageSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('subscribe'), event_id: eventIdField }),
  z.object({ action: z.literal('unsubscribe'), event_id: eventIdField }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export type ErrorCode = 'validation_error' | 'malformed_json' | 'unknown_action' | 'not_found' | 'unauthorized' | 'subscription_limit' | 'mfa_required';

export type GuestImportMessage = {
  type: 'guests.import.progress' | 'guests.import.done';
  event_id: string;
  job_id: string;
  status: ImportJobStatus;
  processed: number;
  total: number;
  added: number;
  skipped: number;
};

export type ServerMessage =
  /**
   * The answer to a subscribe, with the counters as they are now (the baseline later updates replace);
   * counters of an area the member may not read are left out (shared/domain/visibility).
   */
  | { type: 'subscribed'; event_id: string; counters: VisibleCounters; as_of: string }
  | { type: 'unsubscribed'; event_id: string }
  | { type: 'error'; code: ErrorCode; message: string; event_id?: string }
  /**
   * A change to a followed event: which domain event caused it, and the event's counters after it, read
   * at `as_of` (a client keeps the copy with the latest `as_of`).
   */
  | { type: 'event.updated'; event_id: string; domain_event: { type: DomainEventType; id: string; occurred_at: string }; counters: VisibleCounters; as_of: string }
  /**
   * How a background guest import goes (GET /api/events/{id}/guests/imports/{jobId} shows the same):
   * `guests.import.progress` every 1,000 rows or so, `guests.import.done` when it ended (done or failed).
   * Sent to the event's subscribers who may read its guests.
   */
  | GuestImportMessage
  /** A new notification for the user (its shape is the notification feed's). */
  | { type: 'notification'; notification: Record<string, unknown> }
  /**
   * The door's live counts after a check-in (docs/check-in.md): guests checked in and guests attending,
   * read at `as_of` from the event item. Sent to the event's subscribers who may read its check-ins.
   */
  | DoorCountsMessage;

export type DoorCountsMessage = { type: 'check_ins.counts'; event_id: string; arrived: number; expected: number; as_of: string };

/**
 * Reads a client message. Not JSON, not an object, or fields that do not fit: an error message to send
 * back (the socket stays open), never an exception.
 */
export function parseClientMessage(body: string | undefined): { ok: true; message: ClientMessage } | { ok: false; error: ServerMessage } {
  let json: unknown;
  try {
    json = JSON.parse(body ?? '');
  } catch {
    return { ok: false, error: { type: 'error', code: 'malformed_json', message: 'A message must be a JSON object.' } };
  }
  const action = typeof json === 'object' && json !== null ? (json as { action?: unknown }).action : undefined;
  if (typeof action !== 'string' || !(webSocketActions as readonly string[]).includes(action)) {
    return { ok: false, error: unknownAction };
  }
  const parsed = clientMessageSchema.safeParse(json);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    return { ok: false, error: { type: 'error', code: 'validation_error', message: `Invalid fields: ${fields}.` } };
  }
  return { ok: true, message: parsed.data };
}

export const unknownAction: ServerMessage = {
  type: 'error',
  code: 'unknown_action',
  message: `Send {"action": "${webSocketActions.join('" | "')}", "event_id": "..."}.`,
};
