import { auditPut, diffFields } from '#shared/data/audit.ts';
import { loadChildAccess, loadEventAccess } from '#shared/data/events/access.ts';
import { getEventsByIds } from '#shared/data/events/records.ts';
import { guestFromItem } from '#shared/data/guests/reads.ts';
import { newChildId } from '#shared/data/ids.ts';
import { changeSubEventGuests, setGuestSubEvents } from '#shared/data/sub-events/invitations.ts';
import {
  createSubEvent, deleteUninvitedSubEvent, type InvitationChange, invitationsOfGuest, listSubEvents, promoteSubEventWaitlist, saveSubEventChange, subEventFromItem,
} from '#shared/data/sub-events/records.ts';
import type { TransactItem } from '#shared/data/transact.ts';
import type { EventRecord } from '#shared/domain/events/rules.ts';
import {
  inScheduleOrder, MAX_SUB_EVENTS_PER_EVENT, planSubEvent, type SubEventInvitation, subEventOutline, type SubEventRecord,
} from '#shared/domain/sub-events/rules.ts';
import { ConflictError, NotFoundError, ValidationError, VersionConflictError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { expectedVersion } from '#shared/http/if-match.ts';
import { created, deleted, list, ok } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { movedSubEventReminderWrites, subEventReminderDelete, subEventReminderWrite } from '#shared/data/sub-events/reminders.ts';
import { createSubEventBody, guestSubEventsBody, subEventGuestsBody, updateSubEventBody } from '#shared/schemas/sub-events.ts';

/**
 * Sub-events of an event and the guests invited to them (docs/sub-events.md): the guest-list area's read
 * and write rights govern them (planners write, every member who reads the guest list reads them).
 */
const auditedFields = ['title', 'description', 'starts_at', 'ends_at', 'location_name', 'location_address', 'capacity', 'waitlist_enabled', 'position'];

export function presentSubEvent(subEvent: SubEventRecord) {
  const counts = {
    invited_count: subEvent.invited_count ?? 0,
    attending_count: subEvent.attending_count ?? 0,
    attending_headcount: subEvent.attending_headcount ?? 0,
    declined_count: subEvent.declined_count ?? 0,
    waitlisted_count: subEvent.waitlisted_count ?? 0,
  };
  return {
    ...subEventOutline(subEvent),
    event_id: subEvent.event_id,
    capacity: subEvent.capacity ?? null,
    waitlist_enabled: subEvent.waitlist_enabled,
    position: subEvent.position,
    ...counts,
    pending_count: counts.invited_count - counts.attending_count - counts.declined_count - counts.waitlisted_count,
    created_at: subEvent.created_at,
    updated_at: subEvent.updated_at,
    version: subEvent.version,
  };
}

function presentGuestSubEvents(invitations: SubEventInvitation[], subEvents: SubEventRecord[]) {
  const byId = new Map(invitations.map((invitation) => [invitation.sub_event_id, invitation]));
  return inScheduleOrder(subEvents.filter((subEvent) => byId.has(subEvent.id))).map((subEvent) => {
    const invitation = byId.get(subEvent.id) as SubEventInvitation;
    return { sub_event_id: subEvent.id, title: subEvent.title, starts_at: subEvent.starts_at, status: invitation.status, headcount: invitation.headcount, answered_at: invitation.answered_at ?? null };
  });
}

const auditOf = (event: EventRecord, actorId: string, action: string, before: SubEventRecord | null, after: SubEventRecord | null) =>
  auditPut({ eventId: event.id }, {
    actor_id: actorId, action, entity_type: 'sub_event', entity_id: (after ?? before)?.id ?? '',
    changes: diffFields(before ?? {}, after ?? {}, auditedFields), at: new Date().toISOString(),
  });

/** One audit entry for a change of invitations: which guests were invited to or removed from which sub-events. */
const invitationAudit = (event: EventRecord, actorId: string, subject: string) => (changes: InvitationChange[]): TransactItem[] => [
  auditPut({ eventId: event.id }, {
    actor_id: actorId, action: 'sub_event.invitations_changed', entity_type: 'guest', entity_id: subject, at: new Date().toISOString(),
    changes: changes.map((change) => {
      const invitation = (change.after ?? change.before) as SubEventInvitation;
      return { field: `sub_event.${invitation.sub_event_id}.guest.${invitation.guest_id}`, before: change.before?.status ?? null, after: change.after?.status ?? null };
    }),
  }),
];

/** GET /api/events/{id}/sub-events: by start time, with their counts. */
export const listEventSubEvents = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller }) => {
    const { event } = await loadEventAccess(caller, params.id, 'guests', 'read');
    const subEvents = (event.sub_event_count ?? 0) > 0 ? await listSubEvents(event.id) : [];
    return list(inScheduleOrder(subEvents).map(presentSubEvent), { next_cursor: null });
  },
});

/** POST /api/events/{id}/sub-events. */
export const createEventSubEvent = operation({
  params: idParam,
  body: createSubEventBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller }) => {
    const { event } = await loadEventAccess(caller, params.id, 'guests', 'write');
    if ((event.sub_event_count ?? 0) >= MAX_SUB_EVENTS_PER_EVENT) throw new ConflictError('sub_event_limit', `An event has at most ${MAX_SUB_EVENTS_PER_EVENT} sub-events.`);
    const plan = planSubEvent(null, body, { id: newChildId(event.id), eventId: event.id, now: new Date().toISOString(), position: event.sub_event_count ?? 0 });
    if (plan.outcome === 'invalid') throw new ValidationError(plan.problems);
    // Its day-before reminder is filed in the day index in the same transaction (docs/sub-events.md).
    const outcome = await createSubEvent(plan.subEvent, event.timezone, [auditOf(event, caller.userId, 'sub_event.created', null, plan.subEvent), subEventReminderWrite(plan.subEvent, event.timezone)]);
    if (outcome === 'event_gone') {
      // The event's condition failed: the cap reached meanwhile (409), the event gone or being deleted (404), or its zone changed (409: read again).
      const [now] = await getEventsByIds([event.id]);
      if (!now || now.deleting_at) throw new NotFoundError('event');
      if (now.timezone !== event.timezone) throw new VersionConflictError();
      throw new ConflictError('sub_event_limit', `An event has at most ${MAX_SUB_EVENTS_PER_EVENT} sub-events.`);
    }
    return created(presentSubEvent(plan.subEvent), `/api/sub-events/${plan.subEvent.id}`);
  },
});

/** GET /api/sub-events/{id}. */
export const getSubEvent = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller }) => {
    const { child } = await loadChildAccess(caller, params.id, 'subEvent', 'guests', 'read');
    return ok(presentSubEvent(subEventFromItem(child)));
  },
});

/** PUT /api/sub-events/{id}: a partial change, version-checked; a larger capacity seats the waitlist. */
export const updateSubEvent = operation({
  params: idParam,
  body: updateSubEventBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller, request }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'subEvent', 'guests', 'write');
    const current = subEventFromItem(child);
    const expected = expectedVersion(request.headers, body.version) ?? current.version;
    if (expected !== current.version) throw new VersionConflictError();
    const now = new Date().toISOString();
    const plan = planSubEvent(current, body, { id: current.id, eventId: event.id, now, position: current.position });
    if (plan.outcome === 'invalid') throw new ValidationError(plan.problems);
    const moved = plan.subEvent.starts_at !== current.starts_at ? movedSubEventReminderWrites(plan.subEvent, event.timezone) : [];
    const outcome = await saveSubEventChange(current, plan.subEvent, [auditOf(event, caller.userId, 'sub_event.updated', current, plan.subEvent), ...moved]);
    // Another edit won, or an answer took the seats a lower capacity needed: the caller reads again.
    if (outcome === 'stale') throw new VersionConflictError();
    if (plan.subEvent.waitlist_enabled && current.waitlisted_count > 0) await promoteSubEventWaitlist(event.id, current.id, now);
    return ok(presentSubEvent(plan.subEvent));
  },
});

/** DELETE /api/sub-events/{id}: only while nobody is invited to it (else 409 sub_event_in_use). */
export const deleteSubEvent = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller, request }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'subEvent', 'guests', 'write');
    const subEvent = subEventFromItem(child);
    const expected = expectedVersion(request.headers, undefined) ?? subEvent.version;
    if (expected !== subEvent.version) throw new VersionConflictError();
    const inUse = () => new ConflictError('sub_event_in_use', `${subEvent.invited_count} guests are invited to this sub-event; remove them first.`);
    if (subEvent.invited_count > 0) throw inUse();
    // Its questions' answers would lose the guests they were asked of: the planner moves or deletes them first.
    if ((subEvent.question_count ?? 0) > 0) throw new ConflictError('sub_event_in_use', `${subEvent.question_count} questions are asked in this sub-event; delete them or move them (sub_event_id) first.`);
    const outcome = await deleteUninvitedSubEvent(subEvent, [auditOf(event, caller.userId, 'sub_event.deleted', subEvent, null), subEventReminderDelete(event.id, subEvent.id)]);
    if (outcome === 'stale') throw new VersionConflictError();
    return deleted(subEvent.id);
  },
});

/** POST /api/sub-events/{id}/guests: invite (add) and uninvite (remove) guests in one transaction. */
export const changeSubEventGuestsRoute = operation({
  params: idParam,
  body: subEventGuestsBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'subEvent', 'guests', 'write');
    const subEvent = subEventFromItem(child);
    const outcome = await changeSubEventGuests(subEvent, body.add ?? [], body.remove ?? [], {
      now: new Date().toISOString(),
      headcountOf: (item) => 1 + guestFromItem(item).plus_one_count,
      alsoWrite: invitationAudit(event, caller.userId, subEvent.id),
    });
    if (outcome.outcome === 'unknown_guests') {
      throw new ValidationError(outcome.guestIds.map((id) => ({ path: `add.${(body.add ?? []).indexOf(id)}`, message: 'No guest of this event has this id' })));
    }
    if (outcome.outcome === 'gone') throw new NotFoundError('sub_event');
    const [after] = (await listSubEvents(event.id)).filter((item) => item.id === subEvent.id);
    if (!after) throw new NotFoundError('sub_event');
    return ok({ invited: outcome.invited, removed: outcome.removed, sub_event: presentSubEvent(after) });
  },
});

/** GET /api/guests/{id}/sub-events: the guest's invitations with their answers. */
export const getGuestSubEvents = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'guest', 'guests', 'read');
    const guest = guestFromItem(child);
    if ((event.sub_event_count ?? 0) === 0) return list([], { next_cursor: null });
    const [invitations, subEvents] = await Promise.all([invitationsOfGuest(event.id, guest.id), listSubEvents(event.id)]);
    return list(presentGuestSubEvents(invitations, subEvents), { next_cursor: null });
  },
});

/** PUT /api/guests/{id}/sub-events: exactly these sub-events (new ones unanswered, left-out ones removed with their answers). */
export const setGuestSubEventsRoute = operation({
  params: idParam,
  body: guestSubEventsBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'guest', 'guests', 'write');
    const guest = guestFromItem(child);
    const outcome = await setGuestSubEvents(event.id, guest.id, [...new Set(body.sub_event_ids)], {
      headcount: 1 + guest.plus_one_count,
      now: new Date().toISOString(),
      alsoWrite: invitationAudit(event, caller.userId, guest.id),
    });
    if (outcome.outcome === 'invalid') throw new ValidationError(outcome.problems);
    if (outcome.outcome === 'gone') throw new NotFoundError('guest');
    return list(presentGuestSubEvents(outcome.invitations, outcome.subEvents), { next_cursor: null });
  },
});

/** The guests group's sub-event operations, by the route table's names. */
export const subEventOperations = {
  listSubEvents: listEventSubEvents,
  createSubEvent: createEventSubEvent,
  getSubEvent,
  updateSubEvent,
  deleteSubEvent,
  changeSubEventGuests: changeSubEventGuestsRoute,
  getGuestSubEvents,
  setGuestSubEvents: setGuestSubEventsRoute,
};
