import { beforeAll, describe, expect, it } from 'vitest';
import { functionEntryExists } from '../../infra/local/function-entries.ts';
import { type Role, roles } from '../../shared/domain/permissions.ts';
import { type FunctionGroup, routeKey, routes } from '../../shared/routes.ts';
import { signedInUser, type SignedInUser } from '../support/signed-in-user.ts';
import { memberPut } from '../../shared/data/team/members.ts';
import { db, tableName } from '../../shared/data/client.ts';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { addMember, createEvent } from './events-fixtures.ts';
import { call } from './timeline-fixtures.ts';
import { pdfBytes } from '../support/file-bytes.ts';
import { SYNC_IMPORT_MAX_ROWS } from '../../shared/domain/guests/import-job.ts';
import { testEventBus } from '../support/event-bus.ts';
import { builtOnce } from '../support/built-once.ts';
import { newId } from '../../shared/data/ids.ts';
import { createDelivery } from '../../shared/data/webhooks/deliveries.ts';

/**
 * The role/route matrix, shared by the two permission-matrix files (split so they run in parallel): for
 * every event-scoped route, what each role gets, as README's role table documents. `ok` is any 2xx; 403
 * means "on the team but your role may not"; 404 means "you cannot see this event at all" (no read on the
 * area, or not on the team). The cases of a row share one event with its team: an allowed write gets
 * children of its own there (a DELETE by one role leaves the next its own child to delete), reads and
 * refusals share the row's children (a refusal writes nothing, and a wrongly allowed one fails its own case
 * anyway). A row whose write changes the event itself (`ownEvent`) gives each allowed case an event of its own.
 */
export type Outcome = 'ok' | 403 | 404;
/** An outsider is on no team; a pending coordinator was invited but has not accepted: neither sees anything. */
type Person = Role | 'outsider' | 'pending';
const strangers = ['outsider', 'pending'] as const;
/** The member each fixture party was made with, for a request that answers for it. */
export const partyMemberOf = new Map<string, string>();
/** The attending guest seated in seat 1 of each fixture `seatedTable`. */
export const seatedGuestOf = new Map<string, string>();
/** Each fixture party's invitation code (shown once, at its creation), for the party's public answer. */
export const partyCodeOf = new Map<string, string>();

export type Child = 'timeline' | 'checklist' | 'guest' | 'guestImport' | 'question' | 'budgetItem' | 'payment' | 'vendor' | 'installment' | 'document' | 'uploadedDocument' | 'scannedDocument' | 'party' | 'webhook' | 'webhookDelivery' | 'checkInCode' | 'table' | 'seatedTable' | 'attendingGuest' | 'subEvent' | 'announcement';
export type Fixture = {
  eventId: string;
  ids: Partial<Record<Child, string>>;
  extra: SignedInUser;
  newcomer: SignedInUser;
  people: Record<Person, SignedInUser>;
};
export type Row = {
  expect: Record<Role, Outcome>;
  /** Children made (by the organizer) before the request; their ids are in `fixture.ids`. */
  needs?: Child[];
  /** The allowed write changes the event or its team (deletes it, hands it over): each such case gets its own event. */
  ownEvent?: true;
  request: (fixture: Fixture) => { path: string; body?: unknown; rawBody?: string; headers?: Record<string, string> };
};

/**
 * Outcomes for organizer, coordinator, assistant, viewer and door staff; an outsider and a pending member
 * always get 404. Door staff read no area but check-in (docs/check-in.md): 404 unless a row says otherwise.
 */
export const by = (organizer: Outcome, coordinator: Outcome, assistant: Outcome, viewer: Outcome, door: Outcome = 404): Record<Role, Outcome> => ({ organizer, coordinator, assistant, viewer, door });
export const everyMember = by('ok', 'ok', 'ok', 'ok');
export const writersButViewer = by('ok', 'ok', 'ok', 403);
export const organizerOnly = by('ok', 403, 403, 403);
/** event, budget and invitations writes: organizer and coordinator. */
export const plannersOnly = by('ok', 'ok', 403, 403);

/** A child id from the fixture, failing loudly when a row forgot to say it needs it. */
export const idOf = (fixture: Fixture, child: Child): string => {
  const id = fixture.ids[child];
  if (!id) throw new Error(`The row uses a ${child} but does not list it in needs`);
  return id;
};

/**
 * The event-scoped routes of the table (protected, under `/api/<resource>/{id}`). A notification is the
 * caller's own, not an event's (another user's id is simply not found: notifications.test.ts).
 */
export const eventScoped = routes.filter((route) => route.access === 'protected' && route.group !== 'notifications' && /^\/api\/[a-z/-]+\/\{id\}/.test(route.path));

/** Which of the two files documents each group; every group with an event-scoped route is in one. */
export const planningGroups: FunctionGroup[] = ['events', 'timeline', 'checklist', 'team'];
export const otherGroups: FunctionGroup[] = ['guests', 'budget', 'vendors', 'invitations', 'documents', 'webhooks', 'seating'];

/** Not role-based: only the person invited can accept (covered in team.test.ts). */
const notRoleBased = ['POST /api/events/{id}/team/accept'];

/** A coordinator invited as POST /api/events/{id}/team invites one (functions/team/add.ts), not yet accepted. */
async function invitePending(eventId: string, userId: string, invitedBy: string): Promise<void> {
  const { Put } = memberPut({ event_id: eventId, user_id: userId, role: 'coordinator', permissions: {}, status: 'pending', invited_at: new Date().toISOString() }) as {
    Put: { Item: Record<string, unknown> };
  };
  await db().send(new PutCommand({ TableName: tableName(), Item: { ...Put.Item, invited_by: invitedBy, version: 1 } }));
}

export async function makeChild(child: Child, fixture: Fixture): Promise<string> {
  const organizer = fixture.people.organizer;
  const made = async (path: string, body: unknown) => {
    const response = await call(organizer, 'POST', path, { body });
    expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
    const data = response.body.data;
    return String(Array.isArray(data) ? data[0].id : data.id);
  };
  const events = `/api/events/${fixture.eventId}`;
  switch (child) {
    case 'timeline': return made(`${events}/timeline`, { title: 'Fixture', due_date: '2027-05-01' });
    case 'checklist': return made(`${events}/checklist`, { task: 'Fixture' });
    // Its own address: the cases of a row share an event, where a second guest with one address is skipped.
    case 'guest': return made(`${events}/guests`, { name: 'Fixture Guest', email: `fixture.guest.${newId().toLowerCase()}@example.com` });
    // Seating (docs/seating.md): an empty table, an attending guest, and a table whose seat 1 is taken.
    case 'table': return made(`${events}/tables`, { name: 'Fixture Table', seats: 8 });
    case 'attendingGuest': {
      const guest = await made(`${events}/guests`, { name: 'Fixture Attending' });
      const answered = await call(organizer, 'POST', `/api/guests/${guest}/rsvp`, { body: { status: 'yes' } });
      expect(answered.status, JSON.stringify(answered.body)).toBe(200);
      return guest;
    }
    case 'seatedTable': {
      const table = await made(`${events}/tables`, { name: 'Fixture Seated Table', seats: 8 });
      const guest = await makeChild('attendingGuest', fixture);
      const seated = await call(organizer, 'PUT', `/api/tables/${table}/seats/1`, { body: { guest_id: guest } });
      expect(seated.status, JSON.stringify(seated.body)).toBe(200);
      seatedGuestOf.set(table, guest);
      return table;
    }
    case 'party': {
      const member = await made(`${events}/guests`, { name: 'Fixture Party Member' });
      const response = await call(organizer, 'POST', `${events}/parties`, { body: { name: 'Fixture Party', member_ids: [member] } });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      const party = String(response.body.data.id);
      partyMemberOf.set(party, member);
      partyCodeOf.set(party, String(response.body.data.invitation_code));
      return party;
    }
    case 'checkInCode': {
      // An attending guest's check-in code (docs/check-in.md), as a planner issues it: what the door scans.
      const guest = await made(`${events}/guests`, { name: 'Fixture Door Guest' });
      const answered = await call(organizer, 'POST', `/api/guests/${guest}/rsvp`, { body: { status: 'yes' } });
      expect(answered.status, JSON.stringify(answered.body)).toBe(200);
      const issued = await call(organizer, 'POST', `/api/guests/${guest}/check-in-code`);
      expect(issued.status, JSON.stringify(issued.body)).toBe(200);
      return String(issued.body.data.check_in_code);
    }
    case 'guestImport': {
      // A file just over the size added in the request: a background job (202), its id for the status URL.
      // One email on every row: the job adds one guest and skips the rest, so a world stays small.
      const rows = Array.from({ length: SYNC_IMPORT_MAX_ROWS + 1 }, (_, index) => `Imported ${index},imported@example.com`);
      const response = await call(organizer, 'POST', `${events}/guests/import`, { rawBody: ['Name,Email', ...rows].join('\n'), headers: { 'content-type': 'text/csv' } });
      expect(response.status, JSON.stringify(response.body)).toBe(202);
      return String(response.body.data.id);
    }
    case 'subEvent': return made(`${events}/sub-events`, { title: 'Fixture dinner', starts_at: '2027-06-19T18:00:00Z', capacity: 20 });
    case 'question': return made(`${events}/questions`, { kind: 'single_choice', label: 'Fixture meal', options: [{ label: 'Beef' }, { label: 'Fish' }] });
    case 'budgetItem': return made(`${events}/budget/items`, { category: 'venue', description: 'Fixture', estimated_cost: 100 });
    case 'payment': return made(`/api/budget/items/${idOf(fixture, 'budgetItem')}/payments`, { amount: 10 });
    case 'vendor': return made(`${events}/vendors`, { name: 'Fixture Florist', service_type: 'Florist' });
    case 'installment': {
      // The vendor's payment plan with one installment (its id: what a payment names).
      const response = await call(organizer, 'PUT', `/api/vendors/${idOf(fixture, 'vendor')}/payment-plan`, { body: { installments: [{ kind: 'deposit', due_date: '2027-04-01', amount: 100 }] } });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return String(response.body.data.installments[0].id);
    }
    case 'document': return made(`${events}/documents`, { name: 'Fixture Menu', content_type: 'application/pdf', size: 10 });
    case 'uploadedDocument': {
      // Its 10 bytes PUT to the presigned URL as a browser would, so that confirming the upload succeeds.
      const response = await call(organizer, 'POST', `${events}/documents`, { body: { name: 'Fixture Plan', content_type: 'application/pdf', size: 10 } });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      const put = await fetch(response.body.data.upload.url, { method: 'PUT', headers: response.body.data.upload.headers, body: pdfBytes(10) });
      expect(put.status).toBe(200);
      return String(response.body.data.id);
    }
    case 'announcement': {
      // Scheduled an hour ahead, so a cancel may still win (docs/announcements.md); nobody to mail is needed.
      const response = await call(organizer, 'POST', `${events}/announcements`, { body: { subject: 'Fixture', message: 'Hello', segment: 'all', send_at: new Date(Date.now() + 3_600_000).toISOString() } });
      expect(response.status, JSON.stringify(response.body)).toBe(202);
      return String(response.body.data.id);
    }
    // A public address literal (no DNS), subscribed to a type no matrix request makes, so nothing is sent to it.
    case 'webhook': return made(`${events}/webhooks`, { url: 'https://93.184.215.14/matrix', event_types: ['document.infected'] });
    case 'webhookDelivery': {
      // A failed delivery as the sender leaves one (the matrix never sends): its id is the domain event's.
      const endpointId = idOf(fixture, 'webhook');
      const id = `${newId()}.document.infected`;
      await createDelivery({
        id, endpoint_id: endpointId, event_id: fixture.eventId, event_type: 'document.infected', status: 'failed', attempts: 1, payload: '{}', last_status_code: 500,
        last_error: 'HTTP 500', first_attempt_at: null, last_attempt_at: null, next_attempt_at: null, delivered_at: null, created_at: new Date().toISOString(),
      });
      return id;
    }
    case 'scannedDocument': {
      // Uploaded, confirmed, and cleared by the malware scan (the stub the local bus runs): it has a download.
      const id = await makeChild('uploadedDocument', fixture);
      const confirmed = await call(organizer, 'POST', `/api/documents/${id}/versions/1/confirm`);
      expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
      await testEventBus.idle();
      return id;
    }
  }
}

/**
 * Declares the coverage check of `groups` and one test per row and person. Rows of a group whose handler
 * is not in the tree yet (another engineer's, in progress) are kept but not run.
 */
export function permissionMatrix(groups: FunctionGroup[], matrix: Record<string, Row>): void {
  let people: Record<Person, SignedInUser>;
  let extra: SignedInUser;
  let newcomer: SignedInUser;

  // One event per row, and one set of its children for the row's reads and refusals.
  const rowEvent = builtOnce(() => freshEvent());
  const sharedFixture = builtOnce((key) => rowEvent(key).then((event) => withChildren(event, matrix[key]?.needs ?? [])));
  /** The row's route is in the tree (a group in progress keeps its rows, unrun). */
  const runs = (key: string) => routes.some((route) => routeKey(route) === key && functionEntryExists(route.group));

  beforeAll(async () => {
    const [organizer, coordinator, assistant, viewer, door, outsider, pending] = await Promise.all([...roles, ...strangers].map(() => signedInUser()));
    people = { organizer, coordinator, assistant, viewer, door, outsider, pending } as Record<Person, SignedInUser>;
    [extra, newcomer] = await Promise.all([signedInUser(), signedInUser()]);
    // A scanned document waits on the bus (`testEventBus.idle()`), which runs the consumers of every domain
    // event the file has written so far: the rows' shared fixtures that need one are made first, while the
    // file has written next to nothing (made later, that wait ran the consumers of the whole matrix's writes).
    for (const [key, row] of Object.entries(matrix)) if (row.needs?.includes('scannedDocument') && runs(key)) await sharedFixture(key);
  });

  async function freshEvent(): Promise<Fixture> {
    const eventId = (await createEvent(people.organizer)).id as string;
    await Promise.all([
      addMember(eventId, people.coordinator.userId, 'coordinator'),
      addMember(eventId, people.assistant.userId, 'assistant'),
      addMember(eventId, people.viewer.userId, 'viewer'),
      addMember(eventId, people.door.userId, 'door'),
      addMember(eventId, extra.userId, 'assistant'),
      invitePending(eventId, people.pending.userId, people.organizer.userId),
    ]);
    return { eventId, ids: {}, extra, newcomer, people };
  }

  /** The event with a new set of the children `needs` names, made in order (a payment needs its budget item first). */
  async function withChildren(event: Fixture, needs: Child[]): Promise<Fixture> {
    const fixture: Fixture = { ...event, ids: {} };
    for (const child of needs) fixture.ids[child] = await makeChild(child, fixture);
    return fixture;
  }

  describe('the permission matrix covers the route table', () => {
    it('has a row for every event-scoped route of its groups, and every such group is in one of the two files', () => {
      const missing = eventScoped
        .filter((route) => groups.includes(route.group))
        .map(routeKey)
        .filter((key) => !(key in matrix) && !notRoleBased.includes(key));
      const unassigned = eventScoped.filter((route) => ![...planningGroups, ...otherGroups].includes(route.group)).map(routeKey);

      expect(missing).toEqual([]);
      expect(unassigned).toEqual([]);
      expect(Object.keys(matrix).filter((key) => !eventScoped.some((route) => routeKey(route) === key))).toEqual([]);
    });
  });

  const cases = Object.entries(matrix)
    .filter(([key]) => runs(key))
    .flatMap(([key, row]) => [...roles, ...strangers].map((person) => [key, person, person === 'outsider' || person === 'pending' ? 404 : row.expect[person]] as const));

  describe('each role on each route', () => {
    it.each(cases)('%s as %s: %s', async (key, person, expected) => {
      const route = routes.find((candidate) => routeKey(candidate) === key) as (typeof routes)[number];
      const row = matrix[key] as Row;
      const needs = row.needs ?? [];
      const allowedWrite = expected === 'ok' && route.method !== 'GET';
      const fixture = !allowedWrite ? await sharedFixture(key) : await withChildren(row.ownEvent ? await freshEvent() : await rowEvent(key), needs);
      const { path, ...options } = row.request(fixture);

      const response = await call(people[person], route.method, path, options);

      if (expected === 'ok') expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
      else expect(response.status, JSON.stringify(response.body)).toBe(expected);
    });
  });
}
