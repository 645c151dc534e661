import { announcementsContract } from './announcements.ts';
import { authContract } from './auth.ts';
import { budgetContract } from './budget.ts';
import { calendarContract } from './calendar.ts';
import { checklistContract } from './checklist.ts';
import { docsContract } from './docs.ts';
import { documentsContract } from './documents.ts';
import { eventsContract } from './events.ts';
import { guestsContract } from './guests.ts';
import { partiesContract, partyRsvpContract } from './parties.ts';
import { checkInContract } from './check-in.ts';
import { healthContract } from './health.ts';
import { invitationsContract } from './invitations.ts';
import { notificationsContract } from './notifications.ts';
import type { GroupContract } from './operation-contract.ts';
import { rsvpContract } from './rsvp.ts';
import { teamContract } from './team.ts';
import { timelineContract } from './timeline.ts';
import { vendorsContract } from './vendors.ts';
import { webhooksContract } from './webhooks.ts';
import { seatingContract } from './seating.ts';

/**
 * The contract registry: per function group, per operation of the route table, what the operation
 * accepts and answers. Keyed by plain strings rather than FunctionGroup so a group added to the route
 * table does not break compilation here; tests/unit/api-contract.test.ts fails instead, naming every
 * route without an entry, and checks that each entry names the very schemas its handler validates with.
 */
export const apiContract: Record<string, GroupContract> = {
  health: healthContract,
  docs: docsContract,
  auth: authContract,
  events: eventsContract,
  // Parties answer to the guests group's Lambda (planners) and the rsvp group's (their link).
  guests: { ...guestsContract, ...partiesContract, ...checkInContract },
  rsvp: { ...rsvpContract, ...partyRsvpContract },
  budget: budgetContract,
  vendors: vendorsContract,
  documents: documentsContract,
  // Announcements answer to the invitations group's Lambda.
  invitations: { ...invitationsContract, ...announcementsContract },
  // The calendar feeds answer to the timeline group's Lambda.
  timeline: { ...timelineContract, ...calendarContract },
  checklist: checklistContract,
  team: teamContract,
  notifications: notificationsContract,
  webhooks: webhooksContract,
  seating: seatingContract,
};
