import type { components } from './generated/api.ts';

/**
 * The WebSocket protocol as a frontend sees it (the server's side is shared/realtime/messages.ts; the
 * OpenAPI document does not describe WebSockets, so these are written here, and
 * tests/unit/client/live-messages.test.ts holds them equal to the server's types).
 */
type Event = components['schemas']['Event'];

/** The counters `GET /api/events/{id}` shows, pushed after every change to a followed event. */
export type EventCounters = Pick<
  Event,
  'guest_count' | 'rsvp_yes' | 'rsvp_no' | 'rsvp_maybe' | 'rsvp_pending' | 'rsvp_waitlisted' | 'attending_headcount' | 'budget' | 'timeline'
>;

export type DomainEventType =
  | 'rsvp.received' | 'rsvp.changed' | 'guest.added' | 'guest.removed' | 'event.changed' | 'event.cancelled' | 'budget.alert'
  | 'task.assigned' | 'task.completed' | 'checklist_item.completed' | 'team.member_joined' | 'document.uploaded' | 'document.infected';

export type LiveErrorCode = 'validation_error' | 'malformed_json' | 'unknown_action' | 'not_found' | 'unauthorized' | 'subscription_limit' | 'mfa_required';

export type LiveClientMessage = { action: 'subscribe' | 'unsubscribe'; event_id: string };

export type LiveServerMessage =
  | { type: 'subscribed'; event_id: string; counters: EventCounters; as_of: string }
  | { type: 'unsubscribed'; event_id: string }
  | { type: 'error'; code: LiveErrorCode; message: string; event_id?: string }
  | { type: 'event.updated'; event_id: string; domain_event: { type: DomainEventType; id: string; occurred_at: string }; counters: EventCounters; as_of: string }
  | { type: 'notification'; notification: Record<string, unknown> }
  | GuestImportProgress
  | DoorCounts;

/** The door's live counts after each check-in: guests checked in and guests attending (docs/check-in.md). */
export type DoorCounts = { type: 'check_ins.counts'; event_id: string; arrived: number; expected: number; as_of: string };

/** How a background guest import goes (the job GET /api/events/{id}/guests/imports/{jobId} shows). */
export type GuestImportProgress = {
  type: 'guests.import.progress' | 'guests.import.done';
  event_id: string;
  job_id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  processed: number;
  total: number;
  added: number;
  skipped: number;
};
