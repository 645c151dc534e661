import type { Area } from '../permissions.ts';

/**
 * THE table of which answered fields belong to which area (docs/area-visibility.md explains each choice).
 * Every presenter in this folder reads it; a field not listed belongs to the area of the answer it is in
 * (an event's name to `event`, a vendor's cost to `vendors`), which the route's own access check covers.
 */

/**
 * Fields of an event as answered by `GET /api/events/{id}`, `GET /api/events`, the event's own writes and
 * the real-time counters, that belong to another area than `event`. Guest counters are guests' data: a
 * member who may not see the guest list does not see how many answered either.
 */
export const eventFieldAreas: Readonly<Record<string, Area>> = {
  budget_total: 'budget',
  currency: 'budget',
  budget: 'budget',
  guest_count: 'guests',
  rsvp_yes: 'guests',
  rsvp_no: 'guests',
  rsvp_maybe: 'guests',
  rsvp_pending: 'guests',
  rsvp_waitlisted: 'guests',
  attending_headcount: 'guests',
  timeline: 'timeline',
};

/** The budget's answer (`GET`/`PUT /api/events/{id}/budget`) prices per-guest items by the headcount, which is the guests'. */
export const budgetFieldAreas: Readonly<Record<string, Area>> = {
  attending_headcount: 'guests',
};

/** An audit entry's area, by its action's first word (`budget_item.updated` → budget). */
export const auditActionAreas: Readonly<Record<string, Area>> = {
  event: 'event',
  guest: 'guests',
  guests: 'guests',
  question: 'guests',
  budget: 'budget',
  budget_item: 'budget',
  budget_payment: 'budget',
  vendor: 'vendors',
  invitations: 'invitations',
  announcement: 'invitations',
  team: 'team',
  timeline: 'timeline',
  checklist: 'checklist',
  document: 'documents',
  check_in: 'check_in',
};

/** Changes of an event entry (`event.created`, `event.updated`) that belong to another area. */
export const auditEventFieldAreas: Readonly<Record<string, Area>> = {
  budget_total: 'budget',
  currency: 'budget',
};

/** A delivery row of `GET /api/events/{id}/invitations` is the invitations area's; who the guest is and what they answered are the guests'. */
export const invitationRowFieldAreas: Readonly<Record<string, Area>> = {
  guest_name: 'guests',
  email: 'guests',
  rsvp_status: 'guests',
  responded_at: 'guests',
};

/** A recipient of `GET /api/events/{id}/announcements/{announcementId}/recipients` is the invitations area's; who the guest is is the guests'. */
export const announcementRecipientFieldAreas: Readonly<Record<string, Area>> = {
  guest_name: 'guests',
  email: 'guests',
};
