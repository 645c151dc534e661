import { by, everyMember, idOf, organizerOnly, permissionMatrix, planningGroups, type Row, writersButViewer } from './permission-matrix-fixtures.ts';

/**
 * The role/route matrix for the planning groups (events, timeline, checklist, team);
 * permission-matrix-groups.test.ts holds the guests, budget, vendors and invitations rows.
 */
const matrix: Record<string, Row> = {
  'GET /api/events/{id}': { expect: everyMember, request: (f) => ({ path: `/api/events/${f.eventId}` }) },
  'PUT /api/events/{id}': { expect: by('ok', 'ok', 403, 403), request: (f) => ({ path: `/api/events/${f.eventId}`, body: { description: 'matrix' } }) },
  'DELETE /api/events/{id}': { expect: organizerOnly, ownEvent: true, request: (f) => ({ path: `/api/events/${f.eventId}` }) },
  'GET /api/events/{id}/activity': { expect: everyMember, request: (f) => ({ path: `/api/events/${f.eventId}/activity` }) },

  'GET /api/events/{id}/timeline': { expect: everyMember, request: (f) => ({ path: `/api/events/${f.eventId}/timeline` }) },
  'POST /api/events/{id}/timeline': { expect: writersButViewer, request: (f) => ({ path: `/api/events/${f.eventId}/timeline`, body: { title: 'Matrix', due_date: '2027-05-01' } }) },
  'PUT /api/timeline/{id}': { expect: writersButViewer, needs: ['timeline'], request: (f) => ({ path: `/api/timeline/${idOf(f, 'timeline')}`, body: { status: 'in_progress' } }) },
  'DELETE /api/timeline/{id}': { expect: writersButViewer, needs: ['timeline'], request: (f) => ({ path: `/api/timeline/${idOf(f, 'timeline')}` }) },
  // A member's own calendar feed: every member who may read the event, whatever their role.
  'GET /api/events/{id}/calendar-feed': { expect: everyMember, request: (f) => ({ path: `/api/events/${f.eventId}/calendar-feed` }) },
  'POST /api/events/{id}/calendar-feed': { expect: everyMember, request: (f) => ({ path: `/api/events/${f.eventId}/calendar-feed` }) },
  'DELETE /api/events/{id}/calendar-feed': { expect: everyMember, request: (f) => ({ path: `/api/events/${f.eventId}/calendar-feed` }) },

  'GET /api/events/{id}/checklist': { expect: everyMember, request: (f) => ({ path: `/api/events/${f.eventId}/checklist` }) },
  'POST /api/events/{id}/checklist': { expect: writersButViewer, request: (f) => ({ path: `/api/events/${f.eventId}/checklist`, body: { task: 'Matrix' } }) },
  'PUT /api/checklist/{id}': { expect: writersButViewer, needs: ['checklist'], request: (f) => ({ path: `/api/checklist/${idOf(f, 'checklist')}`, body: { completed: true } }) },
  'DELETE /api/checklist/{id}': { expect: writersButViewer, needs: ['checklist'], request: (f) => ({ path: `/api/checklist/${idOf(f, 'checklist')}` }) },

  'GET /api/events/{id}/team': { expect: everyMember, request: (f) => ({ path: `/api/events/${f.eventId}/team` }) },
  'POST /api/events/{id}/team': { expect: organizerOnly, request: (f) => ({ path: `/api/events/${f.eventId}/team`, body: { user_id: f.newcomer.userId, role: 'viewer' } }) },
  'PUT /api/team/{id}': { expect: organizerOnly, request: (f) => ({ path: `/api/team/${f.eventId}${f.extra.userId}`, body: { role: 'viewer' } }) },
  'DELETE /api/team/{id}': { expect: organizerOnly, request: (f) => ({ path: `/api/team/${f.eventId}${f.extra.userId}` }) },
  'POST /api/events/{id}/transfer': { expect: organizerOnly, ownEvent: true, request: (f) => ({ path: `/api/events/${f.eventId}/transfer`, body: { user_id: f.people.coordinator.userId } }) },
  'PUT /api/events/{id}/team/mfa-requirement': { expect: organizerOnly, request: (f) => ({ path: `/api/events/${f.eventId}/team/mfa-requirement`, body: { team_mfa_required: false } }) },
};

permissionMatrix(planningGroups, matrix);
