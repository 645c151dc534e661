import * as z from 'zod';

/**
 * Domain events: what happened to an event's plan, published on the EventBridge bus after the write that
 * made it happen has committed. Consumers (the notification feed, the real-time pushes) are wired by the
 * rule table in shared/routes.ts. A consumer may see the same event more than once (the outbox publishes
 * at least once), so each consumer keys its effects on `id`.
 */
export const domainEventTypes = [
  'rsvp.received',
  'rsvp.changed',
  'guest.added',
  'guest.removed',
  'event.changed',
  'event.cancelled',
  'budget.alert',
  'task.assigned',
  'task.completed',
  'checklist_item.completed',
  'team.member_joined',
  'document.uploaded',
  'document.infected',
] as const;
export type DomainEventType = (typeof domainEventTypes)[number];

/**
 * Facts put on the same bus, in the same envelope, that change no plan (no audit entry, notification or
 * push): a guest's look at their invitation, which its own consumer records so that the RSVP GET never
 * writes (shared/domain/invitations/open-event.ts); a background guest import to run
 * (shared/domain/guests/import-requested.ts).
 */
export const signalTypes = ['invitation.opened', 'guests.import.requested'] as const;
export type BusEventType = DomainEventType | (typeof signalTypes)[number];

/** EventBridge `source` of every domain event. */
export const domainEventSource = 'event-planning.api';

export const domainEventSchema = z.object({
  /** Unique per occurrence; the same on every redelivery. */
  id: z.string().min(1),
  type: z.enum(domainEventTypes),
  event_id: z.string().min(1),
  /** The user who made the change, or `guest:<guestId>` for a guest's answer on the public page. */
  actor_id: z.string().min(1),
  occurred_at: z.string().datetime(),
  /** The entity the change is about (a guest, a timeline item, a document, ...). */
  entity_type: z.string().min(1),
  entity_id: z.string().min(1),
  /**
   * Type-specific facts a consumer needs without another read (shared/domain/domain-events/mapping.ts):
   * - rsvp.received / rsvp.changed: `guest_id`, `guest_name`, `rsvp_status` and `previous_status` (when the
   *   answer itself changed), `fields` (what changed);
   * - guest.added: `count`, `guests` [{id, name}]; guest.removed: `guest_id`, `guest_name`;
   * - event.changed: `fields`, `changes`; event.cancelled: `deleted` (and for a deletion `event_name`,
   *   plus `team` and `event`, the team and the event as they were, for consumers only);
   * - budget.alert: the crossing (`line`, `kind`, `message`, `value`, `limit`, `currency`, ...);
   * - task.assigned: `item_kind` (timeline | checklist), `assignee_id`, `title`; task.completed and
   *   checklist_item.completed: `item_kind`, `title`;
   * - team.member_joined: `user_id`; document.uploaded: `document_id`, `name`, `fields`, `version`;
   *   document.infected (the malware scan found a threat; actor `system:malware-scan`): `document_id`,
   *   `name`, `version`, `uploaded_by`.
   * The id is `<audit entry id>.<type>`.
   */
  detail: z.record(z.string(), z.unknown()),
});
export type DomainEvent = z.infer<typeof domainEventSchema>;
