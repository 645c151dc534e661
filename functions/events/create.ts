import { auditPut } from '#shared/data/audit.ts';
import { eventReminderWrites } from '#shared/data/events/reminders.ts';
import { guestPurgeMarkerWrite } from '#shared/data/guests/purge-markers.ts';
import { insertEventWithDefaults } from '#shared/data/events/records.ts';
import { newChildId, newId } from '#shared/data/ids.ts';
import type { MemberRecord } from '#shared/data/team/members.ts';
import { eventFieldChanges } from '#shared/domain/events/changes.ts';
import { planNewEvent } from '#shared/domain/events/defaults.ts';
import { effectivePermissions } from '#shared/domain/permissions.ts';
import { operation } from '#shared/http/group.ts';
import { UnauthorizedError } from '#shared/http/errors.ts';
import { created } from '#shared/http/responses.ts';
import { createEventBody } from '#shared/schemas/events.ts';
import { presentEvent } from './present.ts';

/** POST /api/events: the event with its defaults, the creator as organizer, in one transaction. */
export const createEvent = operation({
  body: createEventBody,
  handle: async ({ body, caller }) => {
    const now = new Date();
    const at = now.toISOString();
    const eventId = newId();
    const plan = planNewEvent(body, { eventId, organizerId: caller.userId, now, newChildId: () => newChildId(eventId) });
    const organizer: MemberRecord = {
      event_id: eventId, user_id: caller.userId, role: 'organizer', permissions: {}, status: 'active', invited_at: at, joined_at: at,
    };
    const audit = auditPut({ eventId }, {
      actor_id: caller.userId, action: 'event.created', entity_type: 'event', entity_id: eventId, changes: eventFieldChanges(null, plan.event), at,
    });
    if ((await insertEventWithDefaults(plan, organizer, [audit, ...eventReminderWrites(plan.event), guestPurgeMarkerWrite(plan.event)])) === 'no_user') {
      throw new UnauthorizedError('The account no longer exists.');
    }
    const viewer = { role: organizer.role, permissions: effectivePermissions(organizer.role) };
    return created(presentEvent(plan.event, plan.openDue, viewer, now), `/api/events/${eventId}`);
  },
});
