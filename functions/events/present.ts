import type { EventRecord } from '#shared/domain/events/rules.ts';
import type { OpenDue } from '#shared/domain/events/open-due.ts';
import { eventCounters } from '#shared/domain/events/summary.ts';
import { toMajorUnits } from '#shared/domain/money.ts';
import { rsvpClosesAt } from '#shared/domain/rsvp/deadline.ts';
import type { PermissionMap, Role } from '#shared/domain/permissions.ts';
import { visibleEvent } from '#shared/domain/visibility/event.ts';

/** How the API shows an event: model names, money in major units, absent optional fields as null. */
function eventFields(event: EventRecord) {
  return {
    id: event.id,
    name: event.name,
    description: event.description ?? null,
    event_date: event.event_date,
    timezone: event.timezone,
    location_name: event.location_name ?? null,
    location_address: event.location_address ?? null,
    event_type: event.event_type,
    capacity: event.capacity ?? null,
    budget_total: toMajorUnits(event.budget_total_minor, event.currency),
    currency: event.currency,
    status: event.status,
    waitlist_enabled: event.waitlist_enabled ?? false,
    team_mfa_required: event.team_mfa_required ?? false,
    rsvp_deadline: event.rsvp_deadline ?? null,
    rsvp_closes_at: rsvpClosesAt(event),
    default_language: event.default_language ?? null,
    organizer_id: event.organizer_id,
    created_at: event.created_at,
    updated_at: event.updated_at,
    version: event.version,
  };
}

const guestCounters = (event: EventRecord) => ({
  guest_count: event.guest_count,
  rsvp_yes: event.rsvp_yes,
  rsvp_no: event.rsvp_no,
  rsvp_maybe: event.rsvp_maybe,
});

/**
 * `GET /api/events/{id}`: details, counters, budget summary, timeline status (from `openDue`, the event's
 * open due instants read with it), the caller's role and
 * permissions; without the fields of areas the caller may not read (shared/domain/visibility).
 */
export function presentEvent(event: EventRecord, openDue: OpenDue, viewer: { role: Role; permissions: PermissionMap }, now: Date) {
  return visibleEvent({
    ...eventFields(event),
    ...eventCounters(event, openDue, now),
    role: viewer.role,
    permissions: viewer.permissions,
  }, viewer.permissions);
}

/** A row of `GET /api/events`: the event, its guest counters and the caller's role, as they may see it. */
export function presentEventRow(event: EventRecord, viewer: { role: Role; permissions: PermissionMap }) {
  return visibleEvent({ ...eventFields(event), ...guestCounters(event), role: viewer.role }, viewer.permissions);
}
