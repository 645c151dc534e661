import { beforeAll, describe, expect, it } from 'vitest';
import { routeKey } from '../../shared/routes.ts';
import { signedInUser, type SignedInUser } from '../support/signed-in-user.ts';
import { protectedRoutesWithId, send, validRequest, writeRoutesWithoutBody } from './security-fixtures.ts';
import { call } from './timeline-fixtures.ts';
import { recordCalls, writtenKeys } from '../support/dynamo-calls.ts';
import { seedWorld, snapshotDifference, tableSnapshot, type World } from './world-fixtures.ts';

/**
 * OWASP API1:2023 Broken Object Level Authorization. Another organizer (with an event of their own) sends
 * every protected route that takes an id a request that would succeed for the owner — the owner's real
 * ids, a valid body — and gets 404 (never 403: the event's existence is not revealed), with nothing
 * written. Ids of the owner's things inside the attacker's own bodies are refused as well.
 */
let owner: World;
let attacker: World;
let newcomer: SignedInUser;

beforeAll(async () => {
  [owner, attacker, newcomer] = await Promise.all([seedWorld(), seedWorld(), signedInUser()]);
}, 120_000);

describe('broken object-level authorization (API1)', () => {
  it('has a valid request for every route that takes a body, so every route is covered', () => {
    expect(writeRoutesWithoutBody()).toEqual([]);
  });

  it.each(protectedRoutesWithId().map((route) => [routeKey(route), route] as const))(
    "%s with another organizer's ids answers 404 and writes nothing",
    async (_key, route) => {
      const request = validRequest(owner, route, newcomer);

      // What it wrote is read from the DynamoDB calls it made (tests/support/dynamo-calls.ts), not from two whole-table scans.
      const { result: response, calls } = await recordCalls(() => send(attacker.owner, route, request));

      expect(response.status, JSON.stringify(response.body)).toBe(404);
      expect(response.headers['Content-Type']).toBe('application/problem+json');
      expect(response.body.code).toBe('not_found');
      expect(JSON.stringify(response.body)).not.toContain(owner.eventId);
      expect(writtenKeys(calls)).toEqual([]);
    },
  );

  it.each(protectedRoutesWithId().filter((route) => route.method === 'GET').map((route) => [routeKey(route), route] as const))(
    '%s answers the owner with the same ids (the ids are real)',
    async (_key, route) => {
      const response = await send(owner.owner, route, validRequest(owner, route, newcomer));

      expect(response.status, JSON.stringify(response.body)).toBe(200);
    },
  );

  it("refuses the owner's child ids inside the attacker's own event (vendor, dependency, document, guest links)", async () => {
    const events = `/api/events/${attacker.eventId}`;
    const before = await tableSnapshot();

    const answers = await Promise.all([
      call(attacker.owner, 'POST', `${events}/budget/items`, { body: { category: 'venue', description: 'Linked', estimated_cost: 10, vendor_id: owner.ids.vendor } }),
      call(attacker.owner, 'POST', `${events}/timeline`, { body: { title: 'Linked', due_date: '2027-05-01', depends_on: [owner.ids.timeline] } }),
      call(attacker.owner, 'POST', `${events}/documents`, { body: { name: 'Linked', content_type: 'application/pdf', size: 10, vendor_id: owner.ids.vendor } }),
      call(attacker.owner, 'POST', `${events}/checklist`, { body: { task: 'Linked', document_ids: [owner.ids.document] } }),
      call(attacker.owner, 'PUT', `/api/timeline/${attacker.ids.timeline}`, { body: { document_ids: [owner.ids.document] } }),
      call(attacker.owner, 'PUT', `/api/budget/items/${attacker.ids.budgetItem}`, { body: { vendor_id: owner.ids.vendor } }),
    ]);
    const invitations = await call(attacker.owner, 'POST', `${events}/invitations`, { body: { guest_ids: [owner.ids.guest], invitation_template: 'formal' } });

    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => expect.toSatisfy((status: number) => status === 400 || status === 404)));
    // A batch naming only foreign guests is refused, or queues no one of them.
    if (invitations.status === 202) expect(invitations.body.data.queued).toBe(0);
    else expect([400, 404]).toContain(invitations.status);
    expect(snapshotDifference(before, await tableSnapshot()).filter((change) => change.includes(owner.eventId))).toEqual([]);
  });

  it("cannot reach a team member of the owner's event through a member id built from the attacker's event", async () => {
    const crossed = await call(attacker.owner, 'PUT', `/api/team/${attacker.eventId}${owner.member.userId}`, { body: { role: 'viewer' } });
    const foreignPair = await call(attacker.owner, 'DELETE', `/api/team/${owner.eventId}${attacker.owner.userId}`);

    expect(crossed.status).toBe(404);
    expect(foreignPair.status).toBe(404);
  });
});
