import { auditPut } from '#shared/data/audit.ts';
import { loadEventAccessWithOpenDue } from '#shared/data/events/access.ts';
import { eventReminderWrites } from '#shared/data/events/reminders.ts';
import { guestPurgeMarkerWrite } from '#shared/data/guests/purge-markers.ts';
import { saveEventEdits } from '#shared/data/events/records.ts';
import { eventSnapshot, noticePut } from '#shared/data/notices.ts';
import { mayHaveWaitingGuests, promoteFromWaitlist } from '#shared/data/rsvp.ts';
import { subEventRemindersInZone } from '#shared/data/sub-events/reminders.ts';
import { listSubEvents } from '#shared/data/sub-events/records.ts';
import { listTimelineItems } from '#shared/data/timeline.ts';
import type { TransactItem } from '#shared/data/transact.ts';
import { noticeFor, planEventUpdate } from '#shared/domain/events/changes.ts';
import { changesListedFields, listedEventOf } from '#shared/domain/events/list.ts';
import { movedMilestones } from '#shared/domain/events/defaults.ts';
import { toMajorUnits } from '#shared/domain/money.ts';
import { eventFieldsNeedingWrite } from '#shared/domain/visibility/writes.ts';
import { eventReminderFields } from '#shared/domain/events/reminders.ts';
import { ConflictError, ForbiddenError, ValidationError, VersionConflictError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { expectedVersion } from '#shared/http/if-match.ts';
import { ok } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { updateEventBody } from '#shared/schemas/events.ts';
import { presentEvent } from './present.ts';

/**
 * PUT /api/events/{id}: a partial change by a role with `event: write`. The change, its audit entry and
 * (for a new date, time, place or a cancellation) the guests' notice are one transaction, conditional on
 * the version the caller read. A refused status change is 409 `invalid_status_transition` (the request
 * conflicts with the event's current state); reopening by anyone but the organizer is 403, and so is a
 * change of `budget_total` or `currency` without budget write (shared/domain/visibility/writes.ts). A new date
 * or zone moves the default timeline milestones no planner has dated, in the same transaction.
 */
export const updateEvent = operation({
  params: idParam,
  body: updateEventBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller, request }) => {
    const { event, member, permissions, isOrganizer, openDue } = await loadEventAccessWithOpenDue(caller, params.id, 'event', 'write');
    const expected = expectedVersion(request.headers, body.version) ?? event.version;
    if (expected !== event.version) throw new VersionConflictError();

    const money = { budget_total: toMajorUnits(event.budget_total_minor, event.currency), currency: event.currency };
    const needingWrite = eventFieldsNeedingWrite(body, money, permissions);
    if (needingWrite.length > 0) throw new ForbiddenError(`Changing ${needingWrite.join(' and ')} needs budget write access.`);
    const plan = planEventUpdate(event, body, { isOrganizer });
    if (plan.outcome === 'invalid') throw new ValidationError(plan.problems);
    if (plan.outcome === 'refused') {
      if (plan.reason === 'organizer_only') throw new ForbiddenError('Only the organizer can reopen a cancelled or completed event.');
      throw new ConflictError('invalid_status_transition', `An event cannot go from ${plan.from} to ${plan.to}.`);
    }
    const viewer = { role: member.role, permissions };
    const now = new Date();
    if (plan.changes.length === 0) return ok(presentEvent(event, openDue, viewer, now));

    const writes: TransactItem[] = [auditPut({ eventId: event.id }, {
      actor_id: caller.userId, action: 'event.updated', entity_type: 'event', entity_id: event.id, changes: plan.changes, at: now.toISOString(),
    })];
    const notice = noticeFor(plan.changes);
    if (notice) {
      writes.push(noticePut({ ...notice, event_id: event.id, event: eventSnapshot(plan.after), actor_id: caller.userId }, now).write);
    }
    // The guests' reminder markers move with the date, zone, deadline or status, in the same transaction.
    if (plan.changes.some((change) => eventReminderFields.includes(change.field))) writes.push(...eventReminderWrites(plan.after));
    // So does the day its guests' data is purged (the end of its day in its zone, plus the retention).
    const rescheduled = plan.changes.some((change) => change.field === 'event_date' || change.field === 'timezone');
    if (rescheduled) writes.push(guestPurgeMarkerWrite(plan.after));
    // And so do the default milestones no planner has dated (as RSVP deadlines relative to the date do).
    const timelineMoves = rescheduled ? movedMilestones(await listTimelineItems(event.id), plan.after.event_date, plan.after.timezone, now) : [];
    // A new name, date, zone, type or status goes to every member's copy for the events list, with it.
    const listed = changesListedFields(plan.changes.map((change) => change.field)) ? { ...listedEventOf(plan.after), version: expected + 1 } : undefined;
    // A new zone files the sub-events' day-before reminders again in it, in the same transaction (docs/sub-events.md).
    const subEvents = plan.changes.some((change) => change.field === 'timezone')
      ? { count: event.sub_event_count ?? 0, writes: subEventRemindersInZone((event.sub_event_count ?? 0) > 0 ? await listSubEvents(event.id) : [], plan.after.timezone) }
      : undefined;
    if ((await saveEventEdits(event.id, expected, plan.edits, now, writes, timelineMoves, listed, subEvents)) === 'stale') throw new VersionConflictError();
    // More seats (or none counted any more): guests waiting for one take them in order.
    if (mayHaveWaitingGuests(event) && plan.changes.some((change) => change.field === 'capacity')) await promoteFromWaitlist(event.id, now);
    const movedDue = Object.fromEntries(timelineMoves.map(({ item, due_date }) => [item.id, due_date]));
    return ok(presentEvent({ ...plan.after, version: expected + 1, updated_at: now.toISOString() }, { ...openDue, ...movedDue }, viewer, now));
  },
});
