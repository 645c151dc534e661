import { beforeAll, describe, expect, it } from 'vitest';
import { functionEntryExists } from '../../infra/local/function-entries.ts';
import { type Role, roles } from '../../shared/domain/permissions.ts';
import { routeKey, routes } from '../../shared/routes.ts';
import { signedInUser, type SignedInUser } from '../support/signed-in-user.ts';
import { addMember, createEvent } from './events-fixtures.ts';
import { call } from './timeline-fixtures.ts';

/**
 * The role/route matrix: for every event-scoped route, what each role gets, as documented here (and in
 * docs/data-model.md's role table). `ok` is any 2xx; 403 means "on the team but your role may not";
 * 404 means "you cannot see this event at all" (no read on the area, or not on the team). Each case runs
 * on a fresh event, so a destructive request of one case cannot change another's outcome.
 */
type Outcome = 'ok' | 403 | 404;
type Person = Role | 'outsider';
type Fixture = { eventId: string; timelineId: string; checklistId: string; extra: SignedInUser; newcomer: SignedInUser; people: Record<Person, SignedInUser> };
type Row = { expect: Record<Role, Outcome>; request: (fixture: Fixture) => { path: string; body?: unknown } };

/** Outcomes for organizer, coordinator, assistant, viewer; an outsider always gets 404. */
const by = (organizer: Outcome, coordinator: Outcome, assistant: Outcome, viewer: Outcome): Record<Role, Outcome> => ({ organizer, coordinator, assistant, viewer });
const everyMember = by('ok', 'ok', 'ok', 'ok');
const writersButViewer = by('ok', 'ok', 'ok', 403);
const organizerOnly = by('ok', 403, 403, 403);

const matrix: Record<string, Row> = {
  'GET /api/events/{id}': { expect: everyMember, request: (f) => ({ path: `/api/events/${f.eventId}` }) },
  'PUT /api/events/{id}': { expect: by('ok', 'ok', 403, 403), request: (f) => ({ path: `/api/events/${f.eventId}`, body: { description: 'matrix' } }) },
  'DELETE /api/events/{id}': { expect: organizerOnly, request: (f) => ({ path: `/api/events/${f.eventId}` }) },
  'GET /api/events/{id}/activity': { expect: everyMember, request: (f) => ({ path: `/api/events/${f.eventId}/activity` }) },

  'GET /api/events/{id}/timeline': { expect: everyMember, request: (f) => ({ path: `/api/events/${f.eventId}/timeline` }) },
  'POST /api/events/{id}/timeline': { expect: writersButViewer, request: (f) => ({ path: `/api/events/${f.eventId}/timeline`, body: { title: 'Matrix', due_date: '2027-05-01' } }) },
  'PUT /api/timeline/{id}': { expect: writersButViewer, request: (f) => ({ path: `/api/timeline/${f.timelineId}`, body: { status: 'in_progress' } }) },
  'DELETE /api/timeline/{id}': { expect: writersButViewer, request: (f) => ({ path: `/api/timeline/${f.timelineId}` }) },

  'GET /api/events/{id}/checklist': { expect: everyMember, request: (f) => ({ path: `/api/events/${f.eventId}/checklist` }) },
  'POST /api/events/{id}/checklist': { expect: writersButViewer, request: (f) => ({ path: `/api/events/${f.eventId}/checklist`, body: { task: 'Matrix' } }) },
  'PUT /api/checklist/{id}': { expect: writersButViewer, request: (f) => ({ path: `/api/checklist/${f.checklistId}`, body: { completed: true } }) },
  'DELETE /api/checklist/{id}': { expect: writersButViewer, request: (f) => ({ path: `/api/checklist/${f.checklistId}` }) },

  'GET /api/events/{id}/team': { expect: everyMember, request: (f) => ({ path: `/api/events/${f.eventId}/team` }) },
  'POST /api/events/{id}/team': { expect: organizerOnly, request: (f) => ({ path: `/api/events/${f.eventId}/team`, body: { user_id: f.newcomer.userId, role: 'viewer' } }) },
  'PUT /api/team/{id}': { expect: organizerOnly, request: (f) => ({ path: `/api/team/${f.eventId}${f.extra.userId}`, body: { role: 'viewer' } }) },
  'DELETE /api/team/{id}': { expect: organizerOnly, request: (f) => ({ path: `/api/team/${f.eventId}${f.extra.userId}` }) },
  'POST /api/events/{id}/transfer': { expect: organizerOnly, request: (f) => ({ path: `/api/events/${f.eventId}/transfer`, body: { user_id: f.people.coordinator.userId } }) },

  // Other groups' reads (their writes need their own bodies; their owners add those rows).
  'GET /api/events/{id}/guests': { expect: everyMember, request: (f) => ({ path: `/api/events/${f.eventId}/guests` }) },
  'GET /api/events/{id}/guests/export': { expect: everyMember, request: (f) => ({ path: `/api/events/${f.eventId}/guests/export` }) },
  'GET /api/events/{id}/budget': { expect: by('ok', 'ok', 'ok', 404), request: (f) => ({ path: `/api/events/${f.eventId}/budget` }) },
  'GET /api/events/{id}/vendors': { expect: everyMember, request: (f) => ({ path: `/api/events/${f.eventId}/vendors` }) },
};

/** Not role-based: only the person invited can accept (covered in team.test.ts). */
const notRoleBased = ['POST /api/events/{id}/team/accept'];

/** Groups whose every event-scoped route must have a row here; other groups' missing rows show as todos. */
const fullyDocumentedGroups = ['events', 'timeline', 'checklist', 'team'];

const eventScoped = routes.filter((route) => route.access === 'protected' && /^\/api\/[a-z/]+\/\{id\}/.test(route.path));

let people: Record<Person, SignedInUser>;
let extra: SignedInUser;
let newcomer: SignedInUser;

beforeAll(async () => {
  const [organizer, coordinator, assistant, viewer, outsider] = await Promise.all([...roles, 'outsider'].map(() => signedInUser()));
  people = { organizer, coordinator, assistant, viewer, outsider } as Record<Person, SignedInUser>;
  [extra, newcomer] = await Promise.all([signedInUser(), signedInUser()]);
});

async function freshFixture(): Promise<Fixture> {
  const eventId = (await createEvent(people.organizer)).id as string;
  await Promise.all([
    addMember(eventId, people.coordinator.userId, 'coordinator'),
    addMember(eventId, people.assistant.userId, 'assistant'),
    addMember(eventId, people.viewer.userId, 'viewer'),
    addMember(eventId, extra.userId, 'assistant'),
  ]);
  const timeline = await call(people.organizer, 'POST', `/api/events/${eventId}/timeline`, { body: { title: 'Fixture', due_date: '2027-05-01' } });
  const checklist = await call(people.organizer, 'POST', `/api/events/${eventId}/checklist`, { body: { task: 'Fixture' } });
  return { eventId, timelineId: timeline.body.data.id, checklistId: checklist.body.data.id, extra, newcomer, people };
}

describe('the permission matrix covers the route table', () => {
  it('has a row for every event-scoped route of the documented groups', () => {
    const missing = eventScoped
      .filter((route) => fullyDocumentedGroups.includes(route.group))
      .map(routeKey)
      .filter((key) => !(key in matrix) && !notRoleBased.includes(key));

    expect(missing).toEqual([]);
  });

  for (const route of eventScoped.filter((candidate) => !fullyDocumentedGroups.includes(candidate.group))) {
    if (!(routeKey(route) in matrix)) it.todo(`document the access of ${routeKey(route)} here`);
  }
});

/** Rows of routes in the table whose group's handler exists (another group's may be in progress). */
const cases = Object.entries(matrix)
  .filter(([key]) => routes.some((route) => routeKey(route) === key && functionEntryExists(route.group)))
  .flatMap(([key, row]) => [...roles, 'outsider' as const].map((person) => [key, person, person === 'outsider' ? 404 : row.expect[person]] as const));

describe('each role on each route', () => {
  it.each(cases)('%s as %s: %s', async (key, person, expected) => {
    const route = routes.find((candidate) => routeKey(candidate) === key) as (typeof routes)[number];
    const fixture = await freshFixture();
    const { path, body } = (matrix[key] as Row).request(fixture);

    const response = await call(people[person], route.method, path, { body });

    if (expected === 'ok') expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
    else expect(response.status, JSON.stringify(response.body)).toBe(expected);
  });
});
