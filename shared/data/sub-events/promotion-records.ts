import type { EventRecord } from '../../domain/events/rules.ts';
import type { GuestRecord } from '../../domain/guests/rules.ts';
import type { SubEventInvitation, SubEventRecord } from '../../domain/sub-events/rules.ts';
import { auditPut } from '../audit.ts';
import { eventSnapshot, noticePut } from '../notices.ts';
import type { TransactItem } from '../transact.ts';

/**
 * The audit entry and the guest's notice of a seat given on a sub-event's waitlist, for the promotion's
 * own transaction: as the event's waitlist does (shared/data/rsvp.ts answerRecords with
 * `system:waitlist`), an `rsvp_confirmation` for the one guest, here naming the sub-event in
 * `details.sub_event` as it was when the seat was given (the email says which, in the guest's language).
 */
export function subEventPromotionRecords(
  event: EventRecord,
  guest: GuestRecord,
  subEvent: SubEventRecord,
  change: { before: SubEventInvitation; after: SubEventInvitation },
  now: Date,
): TransactItem[] {
  const changes = [{ field: `sub_event.${subEvent.id}`, before: change.before.status, after: change.after.status }];
  const actorId = 'system:waitlist';
  const audit = auditPut({ eventId: event.id }, {
    actor_id: actorId, action: 'guest.sub_event_promoted', entity_type: 'guest', entity_id: guest.id, changes, at: now.toISOString(), subject: guest.name,
  });
  const { id, title, starts_at, ends_at, location_name, location_address } = subEvent;
  const notice = noticePut({
    kind: 'rsvp_confirmation',
    event_id: event.id,
    event: eventSnapshot(event),
    changes,
    actor_id: actorId,
    recipient: { guest_id: guest.id, name: guest.name, email: guest.email, rsvp_status: guest.rsvp_status, invited_at: guest.invited_at, language: guest.language },
    details: { sub_event: { id, title, starts_at, ...(ends_at ? { ends_at } : {}), ...(location_name ? { location_name } : {}), ...(location_address ? { location_address } : {}) } },
  }, now);
  return [audit, notice.write];
}
