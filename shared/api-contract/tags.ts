import type { FunctionGroup } from '../routes.ts';

/**
 * The document's tags: one per function group of the route table (each operation is tagged with its
 * group), described for the reference page. Typed by FunctionGroup, so a new group cannot go undescribed.
 */
export const groupDescriptions: Record<FunctionGroup, string> = {
  health: 'Whether the API and its table answer',
  docs: 'This reference: the OpenAPI document and the Swagger UI page',
  auth: 'Accounts, sign-in, token refresh, sessions, preferences and the WebSocket connect ticket',
  notifications: "The signed-in user's in-app notifications",
  events: 'Events, their summaries and their audit trail',
  budget: 'Budgets in several currencies: categories, items, payments and alerts',
  vendors: 'Vendors of an event and their linked budget items',
  documents: 'Documents with versions, uploaded and downloaded through presigned URLs',
  guests: 'Guest lists: households, plus-ones, dietary needs, CSV import and export, privacy purges',
  rsvp: 'Public answers of guests with their invitation code: the JSON API and the RSVP page',
  invitations: 'Invitation emails sent in batches, with each guest\'s delivery, open and answer',
  timeline: 'Milestones and tasks with dependencies, the critical path and progress',
  checklist: 'Checklists by category, from templates of each event type',
  team: 'The planning team: roles, permissions, invitations and ownership transfer',
  seating: 'Tables, seats, keep-together and keep-apart constraints, a proposed seating, the chart as CSV and escort cards',
  webhooks: "Signed HTTPS webhooks of an event's domain events for integrators, with delivery logs and redelivery",
};
