import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { db, tableName } from '../../shared/data/client.ts';
import { bringCopiesForward, listedAttribute } from '../../shared/data/events/listed-copies.ts';
import { eventListedMigration } from '../../shared/data/migrations/0002-event-listed.ts';
import { runMigrations } from '../../shared/data/migrations/runner.ts';
import type { ListedEvent } from '../../shared/domain/events/list.ts';
import { eventKeys } from '../../shared/data/keys.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { addMember, createEvent, getItem } from './events-fixtures.ts';
import { call, expectStatus } from './timeline-fixtures.ts';

/**
 * Issue 15: every membership carries a copy of its event's listed fields, which GET /api/events filters
 * and sorts by; these follow the copies through the writes that must keep them in step.
 */
let organizer: SignedInUser;
let eventId: string;

const copyOf = async (userId: string) => (await getItem(eventKeys.member(eventId, userId)))?.[listedAttribute] as Record<string, unknown> | undefined;
const listedIds = async (user: SignedInUser, query: Record<string, string>) =>
  (await expectStatus(200, user, 'GET', '/api/events', { query })).data.map((row: { id: string }) => row.id);

beforeEach(async () => {
  organizer = await signedInUser();
  eventId = (await createEvent(organizer, { name: 'Spring fair', event_date: '2027-04-10T10:00:00Z', type: 'party' })).id;
});

describe('memberships copies of the listed fields', () => {
  it('are written with the event, with a membership added and accepted, and by every change of a listed field', async () => {
    const helper = await signedInUser();
    await expectStatus(201, organizer, 'POST', `/api/events/${eventId}/team`, { body: { user_id: helper.userId, role: 'assistant' } });
    await expectStatus(200, helper, 'POST', `/api/events/${eventId}/team/accept`);
    const atStart = await copyOf(helper.userId);

    const changed = await expectStatus(200, organizer, 'PUT', `/api/events/${eventId}`, { body: { name: 'Autumn fair', status: 'confirmed', event_date: '2027-10-10T10:00:00Z' } });

    expect(await copyOf(organizer.userId)).toMatchObject({ name: 'Autumn fair', status: 'confirmed', event_date: changed.data.event_date, version: changed.data.version });
    expect(await copyOf(helper.userId)).toMatchObject({ name: 'Autumn fair', status: 'confirmed', version: changed.data.version });
    expect(atStart).toMatchObject({ name: 'Spring fair', status: 'planning', event_type: 'party', organizer_id: organizer.userId });
    expect(await listedIds(helper, { q: 'autumn', status: 'confirmed', from: '2027-10-01' })).toEqual([eventId]);
    expect(await listedIds(helper, { q: 'spring' })).toEqual([]);
  });

  it('are left alone by a change of fields the list does not show', async () => {
    const before = await copyOf(organizer.userId);

    await expectStatus(200, organizer, 'PUT', `/api/events/${eventId}`, { body: { description: 'Stalls and music', capacity: 80 } });

    expect(await copyOf(organizer.userId)).toEqual(before);
  });

  it('name the new organizer after a transfer, on every membership', async () => {
    const heir = await signedInUser();
    const bystander = await signedInUser();
    await addMember(eventId, heir.userId, 'assistant');
    await addMember(eventId, bystander.userId, 'viewer');

    await expectStatus(200, organizer, 'POST', `/api/events/${eventId}/transfer`, { body: { user_id: heir.userId } });

    for (const userId of [organizer.userId, heir.userId, bystander.userId]) expect((await copyOf(userId))?.organizer_id).toBe(heir.userId);
    expect(await listedIds(bystander, { organizer: heir.userId })).toEqual([eventId]);
    expect(await listedIds(bystander, { organizer: organizer.userId })).toEqual([]);
  });

  it('list a membership without a copy from its event, and the next change writes its copy', async () => {
    const helper = await signedInUser();
    await addMember(eventId, helper.userId, 'viewer');
    const uncopied = await copyOf(helper.userId);

    const listed = await listedIds(helper, { q: 'spring' });
    await expectStatus(200, organizer, 'PUT', `/api/events/${eventId}`, { body: { event_type: 'conference' } });

    expect(uncopied).toBeUndefined();
    expect(listed).toEqual([eventId]);
    expect(await copyOf(helper.userId)).toMatchObject({ event_type: 'conference', name: 'Spring fair' });
  });

  it('never move backwards, and never create a membership that is gone', async () => {
    const current = (await copyOf(organizer.userId)) as ListedEvent;
    const newer = { ...current, name: 'Newer', version: current.version + 5 };
    await db().send(new UpdateCommand({
      TableName: tableName(), Key: eventKeys.member(eventId, organizer.userId),
      UpdateExpression: 'SET #listed = :listed', ExpressionAttributeNames: { '#listed': listedAttribute }, ExpressionAttributeValues: { ':listed': newer },
    }));

    await bringCopiesForward({ ...current, name: 'Older', version: current.version + 1 });
    const afterOlder = await copyOf(organizer.userId);
    const removed = await signedInUser();
    await addMember(eventId, removed.userId, 'viewer');
    await expectStatus(200, organizer, 'DELETE', `/api/team/${eventId}${removed.userId}`);
    await bringCopiesForward({ ...current, version: current.version + 6 });

    expect(afterOlder).toMatchObject({ name: 'Newer', version: current.version + 5 });
    expect((await copyOf(organizer.userId))?.version).toBe(current.version + 6);
    expect(await getItem(eventKeys.member(eventId, removed.userId))).toBeNull();
  });

  it('are given to memberships written before them by their migration (npm run migrate), and a rerun changes nothing', async () => {
    const helper = await signedInUser();
    await addMember(eventId, helper.userId, 'viewer');
    const before = await copyOf(helper.userId);

    const first = (await runMigrations({ owner: 'copies', restart: true, migrations: [eventListedMigration] })).migrations[0];
    const second = (await runMigrations({ owner: 'copies', restart: true, migrations: [eventListedMigration] })).migrations[0];

    expect(before).toBeUndefined();
    expect(await copyOf(helper.userId)).toMatchObject({ id: eventId, name: 'Spring fair', organizer_id: organizer.userId });
    expect(first?.rewritten).toBeGreaterThanOrEqual(1);
    expect(second?.rewritten).toBe(0);
  });

  it('answers nothing to a session that has ended, though it checks the session beside its first read', async () => {
    const before = await call(organizer, 'GET', '/api/events');
    await expectStatus(200, organizer, 'POST', '/api/auth/logout');

    const after = await call(organizer, 'GET', '/api/events');

    expect(before.status).toBe(200);
    expect(after.status).toBe(401);
    expect(after.body.data).toBeUndefined();
  });

  it('refuses sort=guest_count (not a listed field) with 400', async () => {
    const response = await call(organizer, 'GET', '/api/events', { query: { sort: 'guest_count' } });

    expect(response.status).toBe(400);
    expect(response.body.errors.map((problem: { path: string }) => problem.path)).toEqual(['query.sort']);
  });
});
