import { auditPut } from '#shared/data/audit.ts';
import { loadChildAccess } from '#shared/data/events/access.ts';
import { setGuestSubEvents } from '#shared/data/sub-events/invitations.ts';
import { invitationsOfGuest } from '#shared/data/sub-events/records.ts';
import { writeGuestChange } from '#shared/data/guests/writes.ts';
import { getEventAndGuest, guestFromItem } from '#shared/data/guests/reads.ts';
import { eventSnapshot, noticePut } from '#shared/data/notices.ts';
import { mayHaveWaitingGuests, promoteFromWaitlist } from '#shared/data/rsvp.ts';
import { droppedPlusOneSeats, droppedPlusOneWrites } from '#shared/data/seating/plus-ones.ts';
import { MAX_TRANSACTION_ITEMS, type TransactItem, TransactionConditionFailed } from '#shared/data/transact.ts';
import { afterSeatsFollowed, seatChangesOfGuest, seatsFollowingPlusOnes } from '#shared/data/sub-events/headcounts.ts';
import { capacityRefusal } from '#shared/domain/sub-events/answers.ts';
import { planGuestEdit } from '#shared/domain/guests/edit.ts';
import { hasBeenInContact } from '#shared/domain/notices/audience.ts';
import { editFits, seatNeed } from '#shared/domain/rsvp/rules.ts';
import { ConflictError, NotFoundError, ValidationError, VersionConflictError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { expectedVersion } from '#shared/http/if-match.ts';
import { deleted, ok } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { updateGuestBody } from '#shared/schemas/guests.ts';
import { presentGuest } from './present.ts';

/** GET /api/guests/{id}: one read (session, event, membership and guest in one BatchGetItem), and the guest's sub-event answers (one Query, only when the event has sub-events). */
export const getGuest = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'guest', 'guests', 'read');
    const guest = guestFromItem(child);
    // The sub-event answers: one Query of the guest's invitations, none when the event has no sub-events.
    const invitations = (event.sub_event_count ?? 0) > 0 ? await invitationsOfGuest(event.id, guest.id) : [];
    return ok({ ...presentGuest(guest), sub_events: invitations.map((invitation) => ({ id: invitation.sub_event_id, status: invitation.status, headcount: invitation.headcount })) });
  },
});

/**
 * PUT /api/guests/{id}: a versioned partial change. More plus-ones for an attending guest must fit the
 * capacity (409 capacity_exceeded); fewer free seats for the waitlist, and the dropped plus-ones' seats at
 * the tables in the same transaction (docs/seating.md); a new email must not already be on the list (409
 * duplicate_guest). The seats of the guest's sub-event answers follow the plus-ones in the same transaction:
 * a sub-event that cannot seat more is a 409 capacity_exceeded naming it (docs/sub-events.md).
 */
export const updateGuest = operation({
  params: idParam,
  body: updateGuestBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller, request }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'guest', 'guests', 'write');
    const guest = guestFromItem(child);
    const expected = expectedVersion(request.headers, body.version) ?? guest.version;
    if (expected !== guest.version) throw new VersionConflictError();
    const plan = planGuestEdit(guest, body);
    if (plan.outcome === 'invalid') throw new ValidationError(plan.problems);
    if (plan.changes.length === 0) return ok(presentGuest(guest));
    const now = new Date();
    const after = { ...plan.after, updated_at: now.toISOString() };
    if (!editFits(event, guest, after)) throw capacityExceeded();
    const seatGuard = seatNeed(event, guest, after);
    const seats = await droppedPlusOneSeats(event.id, guest, after);
    const droppedSeats = droppedPlusOneWrites(event, guest, after, seats, now);
    // New plus-ones move the seats the guest's sub-event answers hold, in the same transaction (docs/sub-events.md),
    // and the edit's audit entry names them (`sub_event_headcounts`).
    const subEventSeats = await seatsFollowingPlusOnes(event, [{ before: guest, after }], MAX_TRANSACTION_ITEMS - 12 - 1 - droppedSeats.length);
    if (subEventSeats.outcome === 'full') throw capacityRefusal(subEventSeats.subEventTitles, 'The event has no seats left for this change.');
    const audit = auditPut({ eventId: event.id }, {
      actor_id: caller.userId, action: 'guest.updated', entity_type: 'guest', entity_id: guest.id, changes: [...plan.changes, ...seatChangesOfGuest(subEventSeats, guest.id)], at: now.toISOString(), subject: after.name,
    });
    const alsoWrite = [audit, ...droppedSeats];
    if (subEventSeats.outcome === 'change') alsoWrite.push(...subEventSeats.items);
    // A dropped plus-one seated or moved since the read fails a seat's condition: read again, as after another edit.
    const outcome = await writeGuestChange({ eventId: event.id, before: guest, after, seatGuard, alsoWrite }).catch((error: unknown) => {
      if (error instanceof TransactionConditionFailed) return 'guest_changed' as const;
      throw error;
    });
    if (outcome === 'guest_changed') throw new VersionConflictError();
    if (outcome === 'email_taken') throw new ConflictError('duplicate_guest', 'Another guest of this event has that email.');
    if (outcome === 'event_changed') throw seatGuard ? capacityExceeded() : new NotFoundError('guest');
    await afterSeatsFollowed(event.id, subEventSeats, now);
    if (mayHaveWaitingGuests(event)) await promoteFromWaitlist(event.id, now);
    return ok(presentGuest({ ...after, version: guest.version + 1 }));
  },
});

const capacityExceeded = () => new ConflictError('capacity_exceeded', 'The event has no seats left for this change.');

/**
 * DELETE /api/guests/{id}: the guest, its email claim, code lookup and waitlist entry, and every counter
 * in one transaction; a guest in contact with the hosts (invited, or answered) gets a notice that they were removed.
 */
export const deleteGuest = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller, request }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'guest', 'guests', 'write');
    const guest = guestFromItem(child);
    const expected = expectedVersion(request.headers, undefined) ?? guest.version;
    if (expected !== guest.version) throw new VersionConflictError();
    const now = new Date();
    const alsoWrite: TransactItem[] = [auditPut({ eventId: event.id }, {
      actor_id: caller.userId, action: 'guest.deleted', entity_type: 'guest', entity_id: guest.id, at: now.toISOString(),
      changes: [{ field: 'guest', before: { name: guest.name, email: guest.email ?? null, rsvp_status: guest.rsvp_status }, after: null }],
    })];
    if (hasBeenInContact(guest)) {
      alsoWrite.push(noticePut({
        kind: 'guest_removed', event_id: event.id, event: eventSnapshot(event), changes: [], actor_id: caller.userId,
        recipient: { guest_id: guest.id, name: guest.name, email: guest.email, rsvp_status: guest.rsvp_status, invited_at: guest.invited_at, language: guest.language },
      }, now).write);
    }
    // Its sub-event invitations go first (their counters with them), so no invitation outlives its guest.
    let current = guest;
    if ((event.sub_event_count ?? 0) > 0) {
      await setGuestSubEvents(event.id, guest.id, [], { headcount: 0, now: now.toISOString(), alsoWrite: () => [] });
      // Removing them drops the answers to their questions (docs/questions.md), a new version of the guest.
      if ((event.question_count ?? 0) > 0) current = (await getEventAndGuest(event.id, guest.id)).guest ?? guest;
    }
    const outcome = await writeGuestChange({ eventId: event.id, before: current, after: null, alsoWrite });
    if (outcome === 'guest_changed') throw new VersionConflictError();
    if (outcome !== 'saved') throw new NotFoundError('guest');
    if (mayHaveWaitingGuests(event)) await promoteFromWaitlist(event.id, now);
    return deleted(guest.id);
  },
});
