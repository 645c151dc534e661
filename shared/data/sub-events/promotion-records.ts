import type { EventRecord } from '../../domain/events/rules.ts';
import type { GuestRecord } from '../../domain/guests/rules.ts';
import type { SubEventInvitation, SubEventRecord } from '../../domain/sub-events/rules.ts';
import { answerRecords } from '../rsvp.ts';
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
  const { id, title, starts_at, ends_at, location_name, location_address } = subEvent;
  return answerRecords(event, guest, changes, 'system:waitlist', 'guest.sub_event_promoted', now, {
    sub_event: { id, title, starts_at, ...(ends_at ? { ends_at } : {}), ...(location_name ? { location_name } : {}), ...(location_address ? { location_address } : {}) },
  });
}
