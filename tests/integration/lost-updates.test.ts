import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contractOf } from '../../shared/api-contract/openapi-document.ts';
import { db } from '../../shared/data/client.ts';
import { type RouteDefinition, routeKey, routes } from '../../shared/routes.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { send } from './contract-fixtures.ts';
import { createEvent } from './events-fixtures.ts';
import { markSecondFactorOn } from './mfa-fixtures.ts';
import { expectStatus } from './timeline-fixtures.ts';

/**
 * Lost updates: for every versioned resource (each PUT whose contract honours If-Match), two changes
 * made from the same version at once must not both be saved. Both requests are held just before their
 * version-conditioned write until both have read the resource, so the handlers' own version check passes
 * for both and only the write's condition (`version = :expected`) can tell them apart: exactly one wins,
 * the other answers 409 version_conflict.
 */
const versionedUpdates = routes.filter((route) => route.method === 'PUT' && contractOf(route).ifMatch);

type Target = { path: string; version: number; changes: [unknown, unknown] };

const made = async (owner: SignedInUser, path: string, body: unknown) => {
  const data = (await expectStatus(201, owner, 'POST', path, { body })).data;
  return Array.isArray(data) ? data[0] : data;
};
const eventOf = async (owner: SignedInUser) => `/api/events/${(await createEvent(owner)).id}`;
const notes: [unknown, unknown] = [{ notes: 'first change' }, { notes: 'second change' }];
const child = async (owner: SignedInUser, path: (created: { id: string }) => string, collection: string, body: unknown): Promise<Target> => {
  const created = await made(owner, `${await eventOf(owner)}/${collection}`, body);
  return { path: path(created), version: created.version, changes: notes };
};

/** A fresh resource of each versioned PUT route, its version, and two different changes to it. */
const targets: Record<string, (owner: SignedInUser) => Promise<Target>> = {
  'PUT /api/events/{id}': async (owner) => {
    const event = await createEvent(owner);
    return { path: `/api/events/${event.id}`, version: event.version, changes: [{ description: 'first change' }, { description: 'second change' }] };
  },
  'PUT /api/events/{id}/budget': async (owner) => {
    const event = await createEvent(owner);
    return { path: `/api/events/${event.id}/budget`, version: event.version, changes: [{ warning_threshold_percent: 70 }, { warning_threshold_percent: 90 }] };
  },
  'PUT /api/budget/items/{id}': (owner) => child(owner, ({ id }) => `/api/budget/items/${id}`, 'budget/items', { category: 'venue', description: 'Hall', estimated_cost: 100 }),
  'PUT /api/vendors/{id}': (owner) => child(owner, ({ id }) => `/api/vendors/${id}`, 'vendors', { name: 'Fleurs', service_type: 'Florist' }),
  'PUT /api/vendors/{id}/payment-plan': async (owner) => {
    const vendor = await made(owner, `${await eventOf(owner)}/vendors`, { name: 'Fleurs', service_type: 'Florist' });
    const plan = (await expectStatus(200, owner, 'PUT', `/api/vendors/${vendor.id}/payment-plan`, { body: { contract_status: 'sent' } })).data;
    return { path: `/api/vendors/${vendor.id}/payment-plan`, version: plan.version, changes: [{ contract_status: 'signed' }, { contract_status: 'none' }] };
  },
  'PUT /api/guests/{id}': (owner) => child(owner, ({ id }) => `/api/guests/${id}`, 'guests', { name: 'Mary Somerville', email: 'mary@example.com' }),
  'PUT /api/questions/{id}': async (owner) => {
    const question = await made(owner, `${await eventOf(owner)}/questions`, { kind: 'text', label: 'Song request' });
    return { path: `/api/questions/${question.id}`, version: question.version, changes: [{ label: 'First song' }, { label: 'Second song' }] };
  },
  'PUT /api/sub-events/{id}': async (owner) => {
    const subEvent = await made(owner, `${await eventOf(owner)}/sub-events`, { title: 'Rehearsal dinner', starts_at: '2027-06-19T18:00:00Z' });
    return { path: `/api/sub-events/${subEvent.id}`, version: subEvent.version, changes: [{ title: 'First title' }, { title: 'Second title' }] };
  },
  'PUT /api/parties/{id}': async (owner) => {
    const events = await eventOf(owner);
    const member = await made(owner, `${events}/guests`, { name: 'Mary Somerville', email: 'mary@example.com' });
    const party = await made(owner, `${events}/parties`, { name: 'The Somervilles', member_ids: [member.id] });
    return { path: `/api/parties/${party.id}`, version: party.version, changes: [{ name: 'First name' }, { name: 'Second name' }] };
  },
  'PUT /api/tables/{id}': async (owner) => {
    const table = await made(owner, `${await eventOf(owner)}/tables`, { name: 'Table 1', seats: 8 });
    return { path: `/api/tables/${table.id}`, version: table.version, changes: [{ name: 'First name' }, { name: 'Second name' }] };
  },
  'PUT /api/events/{id}/seating/constraints': async (owner) => {
    const events = await eventOf(owner);
    const saved = (await expectStatus(200, owner, 'PUT', `${events}/seating/constraints`, { body: { constraints: [] } })).data;
    const [a, b] = [await made(owner, `${events}/guests`, { name: 'A' }), await made(owner, `${events}/guests`, { name: 'B' })];
    return { path: `${events}/seating/constraints`, version: saved.version, changes: [{ constraints: [{ kind: 'apart', guest_ids: [a.id, b.id] }] }, { constraints: [{ kind: 'together', guest_ids: [a.id, b.id] }] }] };
  },
  'PUT /api/events/{id}/announcements/{announcementId}': async (owner) => {
    // A scheduled one (only those are editable); nobody to mail is needed.
    const events = await eventOf(owner);
    const scheduled = (await expectStatus(202, owner, 'POST', `${events}/announcements`, { body: { subject: 'Shuttle', message: 'At 15:00', segment: 'all', send_at: new Date(Date.now() + 3_600_000).toISOString() } })).data;
    return { path: `${events}/announcements/${scheduled.id}`, version: scheduled.version, changes: [{ subject: 'First subject' }, { subject: 'Second subject' }] };
  },
  'PUT /api/timeline/{id}': (owner) => child(owner, ({ id }) => `/api/timeline/${id}`, 'timeline', { title: 'Book', due_date: '2027-05-01' }),
  'PUT /api/checklist/{id}': (owner) => child(owner, ({ id }) => `/api/checklist/${id}`, 'checklist', { task: 'Book the band' }),
  'PUT /api/team/{id}': async (owner) => {
    const member = await made(owner, `${await eventOf(owner)}/team`, { user_id: (await signedInUser()).userId, role: 'assistant' });
    // The same role, other permissions: nothing but the version tells the two changes apart.
    return { path: `/api/team/${member.id}`, version: member.version, changes: [{ permissions: { vendors: 'read' } }, { permissions: { guests: 'read' } }] };
  },
  'PUT /api/events/{id}/team/mfa-requirement': async (owner) => {
    const event = await createEvent(owner);
    // Only an owner with a second factor may require it of the team. A flag has two values, and asking for
    // the one it has writes nothing: both changes turn it on, so both reach the versioned write.
    await markSecondFactorOn(owner.userId);
    return { path: `/api/events/${event.id}/team/mfa-requirement`, version: event.version, changes: [{ team_mfa_required: true }, { team_mfa_required: true }] };
  },
};

/** Whether a DynamoDB command's input writes under a version condition (alone or in a transaction). */
function isVersionedWrite(input: unknown): boolean {
  const conditionOf = (entry: unknown) => String((entry as { ConditionExpression?: string } | undefined)?.ConditionExpression ?? '');
  const transactItems = (input as { TransactItems?: Record<string, unknown>[] }).TransactItems ?? [];
  const conditions = [conditionOf(input), ...transactItems.flatMap((item) => Object.values(item).map(conditionOf))];
  return conditions.some((condition) => /version/.test(condition));
}

/**
 * Holds the first `count` version-conditioned writes until all `count` have arrived (or a generous
 * deadline passed, should one request fail before its write), then lets them go together.
 */
function holdVersionedWrites(count: number): () => void {
  const name = `lost-update-barrier-${randomUUID()}`;
  let arrived = 0;
  let release = () => {};
  const together = new Promise<void>((resolve) => (release = resolve));
  const deadline = setTimeout(release, 20_000);
  db().middlewareStack.add((next) => async (args) => {
    if (arrived < count && isVersionedWrite(args.input)) {
      arrived += 1;
      if (arrived === count) release();
      await together;
    }
    return next(args);
  }, { step: 'initialize', name });
  return () => {
    clearTimeout(deadline);
    db().middlewareStack.remove(name);
  };
}

describe('lost-update coverage of the route table', () => {
  it('has a target for every versioned PUT route, and none for a route that is gone', () => {
    expect(versionedUpdates.map(routeKey).filter((key) => !(key in targets))).toEqual([]);
    expect(Object.keys(targets).filter((key) => !versionedUpdates.some((route) => routeKey(route) === key))).toEqual([]);
  });
});

describe.each(versionedUpdates.map((route) => [routeKey(route), route] as const))('%s: two changes from the same version at once', (key, route: RouteDefinition) => {
  it('saves exactly one; the other answers 409 version_conflict', async () => {
    const owner = await signedInUser();
    const target = await (targets[key] as (owner: SignedInUser) => Promise<Target>)(owner);
    const stopHolding = holdVersionedWrites(2);

    const answers = await Promise.all(target.changes.map((body) =>
      send(route, { user: owner, path: target.path, body, headers: { 'if-match': String(target.version) } }))).finally(stopHolding);

    expect(answers.map((answer) => answer.status).sort(), JSON.stringify(answers.map((answer) => answer.body))).toEqual([200, 409]);
    expect(answers.find((answer) => answer.status === 409)?.body.code).toBe('version_conflict');
  });
});
