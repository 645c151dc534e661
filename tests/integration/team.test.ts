import { beforeEach, describe, expect, it } from 'vitest';
import { listEventNotices } from '../../shared/data/notices.ts';
import { eventKeys, userKeys } from '../../shared/data/keys.ts';
import { transact } from '../../shared/data/transact.ts';
import { signedInUser, type SignedInUser } from '../support/signed-in-user.ts';
import { addMember, createEvent, getItem } from './events-fixtures.ts';
import { call, expectStatus } from './timeline-fixtures.ts';

let organizer: SignedInUser;
let eventId: string;

const teamOf = async (user = organizer) => (await expectStatus(200, user, 'GET', `/api/events/${eventId}/team`)).data;

/** The email claim signedInUser does not write, so the user can be found by email. */
const claimEmail = (user: SignedInUser) =>
  transact([{ Put: { Item: { ...userKeys.emailClaim(user.email), type: 'email_claim', user_id: user.userId } } }]);

beforeEach(async () => {
  organizer = await signedInUser();
  eventId = (await createEvent(organizer)).id;
});

describe('adding and accepting', () => {
  it('adds a registered user as pending, emails them through the outbox, and activates them on accept', async () => {
    const helper = await signedInUser();

    const added = await expectStatus(201, organizer, 'POST', `/api/events/${eventId}/team`, { body: { user_id: helper.userId, role: 'assistant' } });
    const beforeAccept = await call(helper, 'GET', `/api/events/${eventId}/timeline`);
    const accepted = await expectStatus(200, helper, 'POST', `/api/events/${eventId}/team/accept`);
    const afterAccept = await call(helper, 'GET', `/api/events/${eventId}/timeline`);

    expect(added.data).toMatchObject({ id: `${eventId}${helper.userId}`, status: 'pending', role: 'assistant', joined_at: null });
    expect(beforeAccept.status).toBe(404);
    expect(accepted.data).toMatchObject({ status: 'active', role: 'assistant' });
    expect(afterAccept.status).toBe(200);
    const notices = await listEventNotices(eventId);
    expect(notices.filter((notice) => notice.kind === 'team_invitation').map((notice) => notice.recipient_user_ids)).toEqual([[helper.userId]]);
  });

  it('invites an unknown email, which the person accepts after registering with it', async () => {
    const later = await signedInUser();

    const invited = await expectStatus(201, organizer, 'POST', `/api/events/${eventId}/team`, { body: { email: later.email.toUpperCase(), role: 'viewer' } });
    const again = await expectStatus(409, organizer, 'POST', `/api/events/${eventId}/team`, { body: { email: later.email, role: 'viewer' } });
    const notices = await listEventNotices(eventId);
    await expectStatus(200, later, 'POST', `/api/events/${eventId}/team/accept`);
    const team = await teamOf();

    expect(invited.data).toMatchObject({ status: 'invited', email: later.email, user_id: null });
    expect(again.code).toBe('already_on_team');
    expect(notices.find((notice) => notice.kind === 'team_invitation')).toMatchObject({ audience: 'one_email', recipient_email: later.email });
    expect(team.map((row: { user_id: string | null; status: string }) => [row.user_id, row.status])).toEqual([
      [organizer.userId, 'active'],
      [later.userId, 'active'],
    ]);
  });

  it('invites a registered user\'s email as an email invitation, never looking the account up', async () => {
    const known = await signedInUser();
    await claimEmail(known);

    const added = await expectStatus(201, organizer, 'POST', `/api/events/${eventId}/team`, { body: { email: known.email, role: 'viewer' } });
    const accepted = await expectStatus(200, known, 'POST', `/api/events/${eventId}/team/accept`);

    expect(added.data).toMatchObject({ user_id: null, username: null, full_name: null, status: 'invited', email: known.email });
    expect(accepted.data).toMatchObject({ user_id: known.userId, status: 'active' });
  });

  it('answers 404 to accept when there is no invitation', async () => {
    const stranger = await signedInUser();

    expect((await call(stranger, 'POST', `/api/events/${eventId}/team/accept`)).status).toBe(404);
  });
});

describe('granting', () => {
  it('lets only the organizer make coordinators, and nobody grant beyond what they hold', async () => {
    const coordinator = await signedInUser();
    const target = await signedInUser();
    await addMember(eventId, coordinator.userId, 'coordinator', { team: 'write' });

    const makeCoordinator = await expectStatus(403, coordinator, 'POST', `/api/events/${eventId}/team`, { body: { user_id: target.userId, role: 'coordinator' } });
    const narrowed = await expectStatus(201, coordinator, 'POST', `/api/events/${eventId}/team`, {
      body: { user_id: target.userId, role: 'viewer', permissions: { budget: 'read', guests: 'write' } },
    });

    expect(makeCoordinator.detail).toMatch(/organizer/);
    expect(narrowed.data.permissions).toMatchObject({ budget: 'read', guests: 'write', team: 'read' });
    const stored = await getItem(eventKeys.member(eventId, target.userId));
    expect(stored?.permissions).toEqual({ budget: 'read', guests: 'write' });
  });

  it('refuses a grant above the granter', async () => {
    const limited = await signedInUser();
    const target = await signedInUser();
    await addMember(eventId, limited.userId, 'assistant', { team: 'write' });

    const body = await expectStatus(403, limited, 'POST', `/api/events/${eventId}/team`, { body: { user_id: target.userId, role: 'viewer', permissions: { budget: 'write' } } });

    expect(body.detail).toContain('budget');
  });
});

describe('changing, removing, leaving, transferring', () => {
  it('changes a role, and the new permissions are what the routes enforce', async () => {
    const helper = await signedInUser();
    await addMember(eventId, helper.userId, 'viewer');
    const createBefore = await call(helper, 'POST', `/api/events/${eventId}/checklist`, { body: { task: 'x' } });

    const changed = await expectStatus(200, organizer, 'PUT', `/api/team/${eventId}${helper.userId}`, { body: { role: 'assistant' } });
    const createAfter = await call(helper, 'POST', `/api/events/${eventId}/checklist`, { body: { task: 'x' } });

    expect(createBefore.status).toBe(403);
    expect(changed.data).toMatchObject({ role: 'assistant', version: 2 });
    expect(createAfter.status).toBe(201);
  });

  it('never removes or demotes the organizer, but lets a member leave', async () => {
    const helper = await signedInUser();
    await addMember(eventId, helper.userId, 'assistant');

    const demote = await expectStatus(403, organizer, 'PUT', `/api/team/${eventId}${organizer.userId}`, { body: { role: 'viewer' } });
    const remove = await expectStatus(403, organizer, 'DELETE', `/api/team/${eventId}${organizer.userId}`);
    await expectStatus(200, helper, 'DELETE', `/api/team/${eventId}${helper.userId}`);

    expect(demote.detail).toMatch(/transfer/);
    expect(remove.detail).toMatch(/transfer/);
    expect(await getItem(eventKeys.member(eventId, helper.userId))).toBeNull();
    expect((await call(helper, 'GET', `/api/events/${eventId}`)).status).toBe(404);
  });

  it('transfers ownership to an active member; the old organizer becomes coordinator', async () => {
    const heir = await signedInUser();
    await addMember(eventId, heir.userId, 'assistant');

    const transfer = await expectStatus(200, organizer, 'POST', `/api/events/${eventId}/transfer`, { body: { user_id: heir.userId } });
    const event = await expectStatus(200, heir, 'GET', `/api/events/${eventId}`);
    const oldOrganizerDelete = await call(organizer, 'DELETE', `/api/events/${eventId}`);

    expect(transfer.data).toMatchObject({ organizer_id: heir.userId, previous_organizer_role: 'coordinator' });
    expect(event.data).toMatchObject({ organizer_id: heir.userId, role: 'organizer' });
    expect(oldOrganizerDelete.status).toBe(403);
    expect((await getItem(eventKeys.member(eventId, organizer.userId)))?.role).toBe('coordinator');
  });

  it('refuses a transfer to someone not active on the team', async () => {
    const outsider = await signedInUser();

    const body = await expectStatus(409, organizer, 'POST', `/api/events/${eventId}/transfer`, { body: { user_id: outsider.userId } });

    expect(body.code).toBe('not_an_active_member');
    expect((await getItem(eventKeys.item(eventId)))?.organizer_id).toBe(organizer.userId);
  });
});

describe('paging the team (issue 15)', () => {
  type Row = { id: string; user_id: string | null; email: string | null; status: string };
  const page = (query: Record<string, string>) => call(organizer, 'GET', `/api/events/${eventId}/team`, { query });
  const forged = (key: Record<string, string>) => Buffer.from(JSON.stringify(key)).toString('base64url');

  it('walks members (by user id) then invitations (in creation order) with one cursor, each once, with contacts on every page', async () => {
    const members = await Promise.all([1, 2, 3].map(() => signedInUser()));
    for (const member of members) await addMember(eventId, member.userId, 'viewer');
    const inviteIds: string[] = [];
    for (const index of [1, 2, 3]) {
      inviteIds.push((await expectStatus(201, organizer, 'POST', `/api/events/${eventId}/team`, { body: { email: `invitee.${index}.${eventId.toLowerCase()}@example.com`, role: 'viewer' } })).data.id);
    }
    const people = [organizer, ...members];

    const pages: { data: Row[]; meta: { count: number; next_cursor: string | null } }[] = [];
    let cursor: string | null = null;
    do {
      const response = await page({ limit: '3', ...(cursor ? { cursor } : {}) });
      expect(response.status).toBe(200);
      pages.push(response.body);
      cursor = response.body.meta.next_cursor;
    } while (cursor && pages.length < 10);
    const whole = await expectStatus(200, organizer, 'GET', `/api/events/${eventId}/team`);

    const rows = pages.flatMap((each) => each.data);
    expect(pages.map((each) => each.data.length)).toEqual([3, 3, 1]);
    expect(pages.map((each) => each.meta.count)).toEqual([3, 3, 1]);
    expect(pages.at(-1)?.meta.next_cursor).toBeNull();
    expect(rows.map((row) => row.user_id ?? row.id)).toEqual([...people.map((user) => user.userId).sort(), ...[...inviteIds].sort()]);
    expect(rows.filter((row) => row.user_id !== null).map((row) => [row.user_id, row.email])).toEqual(
      people.map((user) => [user.userId, user.email] as const).sort(([a], [b]) => a.localeCompare(b)),
    );
    expect(rows.slice(4).every((row) => row.status === 'invited')).toBe(true);
    expect(whole.data).toEqual(rows);
    expect(whole.meta.next_cursor).toBeNull();
  });

  it('answers a page exactly as long as the members with a cursor to the invitations that follow', async () => {
    const member = await signedInUser();
    await addMember(eventId, member.userId, 'viewer');
    const invited = await expectStatus(201, organizer, 'POST', `/api/events/${eventId}/team`, { body: { email: `only.${eventId.toLowerCase()}@example.com`, role: 'viewer' } });

    const first = await page({ limit: '2' });
    const second = await page({ limit: '2', cursor: first.body.meta.next_cursor });

    expect(first.body.data.map((row: Row) => row.user_id)).toEqual([organizer.userId, member.userId].sort());
    expect(first.body.meta.next_cursor).toEqual(expect.any(String));
    expect(second.body.data.map((row: Row) => row.id)).toEqual([invited.data.id]);
    expect(second.body.meta.next_cursor).toBeNull();
  });

  it('refuses a bad cursor and a bad limit with 400', async () => {
    const pk = eventKeys.partition(eventId);
    const other = eventKeys.partition((await createEvent(organizer)).id);

    const refusals = await Promise.all([
      page({ cursor: 'not-a-cursor' }),
      page({ cursor: forged({ pk: other, sk: 'MEMBER#x' }) }),
      page({ cursor: forged({ pk, sk: 'GUEST#x' }) }),
      page({ cursor: forged({ pk, sk: 'MEMBER#x', extra: 'y' }) }),
      page({ limit: '0' }),
      page({ limit: '101' }),
      page({ limit: 'ten' }),
    ]);

    expect(refusals.map((response) => response.status)).toEqual([400, 400, 400, 400, 400, 400, 400]);
    expect(refusals.slice(0, 4).map((response) => response.body.code)).toEqual(Array(4).fill('invalid_cursor'));
    expect(refusals.slice(4).map((response) => response.body.code)).toEqual(Array(3).fill('validation_error'));
  });
});
