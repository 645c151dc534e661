import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { finishAccountDeletions } from '../../functions/accounts/handler.ts';
import { beginAccountDeletion, purgeAccount } from '../../shared/data/accounts/deletion.ts';
import { db, tableName } from '../../shared/data/client.ts';
import { accountDeletionKeys, eventKeys, notificationKeys, sessionKeys, userKeys } from '../../shared/data/keys.ts';
import { getUser } from '../../shared/data/users.ts';
import { DELETED_ACTOR } from '../../shared/domain/accounts/account-deletion.ts';
import { captureSecurityEvents } from '../../shared/security/events.ts';
import { markEmailVerified, type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { call as authCall, currentUser, freshIp, login, refresh, register, registered, storedItem } from './auth-fixtures.ts';
import { addMember, collection, createEvent } from './events-fixtures.ts';
import { addGuests } from './guests-fixtures.ts';
import { emailsFor, runSender } from './invitations-fixtures.ts';
import { call, expectStatus } from './timeline-fixtures.ts';

/**
 * DELETE /api/auth/user (issue 20, docs/accounts.md): the password, a choice for every owned event, and
 * then nothing of the account is left but its tombstone in the teams' activity.
 */
let capture: ReturnType<typeof captureSecurityEvents>;
beforeEach(() => {
  capture = captureSecurityEvents();
});
afterEach(() => capture.stop());

type Account = Awaited<ReturnType<typeof registered>> & { user: SignedInUser };

/** A registered account (real password, claims, session) whose address is verified, as a SignedInUser for the other routes. */
async function verifiedAccount(): Promise<Account> {
  const account = await registered();
  await markEmailVerified(account.userId);
  const user: SignedInUser = {
    userId: account.userId, username: account.registration.username, email: account.registration.email,
    token: account.accessToken, sessionId: account.refreshToken.split('.')[0] as string,
  };
  return { ...account, user };
}

const deleteAccount = (account: Account, body: Record<string, unknown>) =>
  authCall('DELETE', '/api/auth/user', { token: account.accessToken, body, sourceIp: freshIp() });

const partition = async (pk: string) =>
  (await db().send(new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true }))).Items ?? [];

const activityOf = async (viewer: SignedInUser, eventId: string) =>
  (await expectStatus(200, viewer, 'GET', `/api/events/${eventId}/activity`, { query: { limit: '100' } })).data as { actor_id: string; action: string }[];

const teamIdsOf = async (viewer: SignedInUser, eventId: string) =>
  ((await expectStatus(200, viewer, 'GET', `/api/events/${eventId}/team`)).data as { user_id: string | null }[]).map((row) => row.user_id);

describe('DELETE /api/auth/user', () => {
  it('refuses a wrong password with 403 wrong_password and deletes nothing', async () => {
    const owner = await verifiedAccount();
    const event = await createEvent(owner.user);

    const refused = await deleteAccount(owner, { password: 'not-the-password', owned_events: 'delete' });

    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('wrong_password');
    expect((await currentUser(owner.accessToken)).status).toBe(200);
    expect((await getUser(owner.userId))?.deleting_at).toBeUndefined();
    expect(await storedItem(eventKeys.item(event.id))).toBeDefined();
    expect(await storedItem(userKeys.usernameClaim(owner.registration.username))).toMatchObject({ user_id: owner.userId });
  });

  it('counts wrong passwords like failed sign-ins: the lock answers 429 with Retry-After', async () => {
    const owner = await verifiedAccount();
    const sourceIp = freshIp();
    const attempts = [];
    for (let attempt = 0; attempt < 7; attempt += 1) {
      attempts.push(await authCall('DELETE', '/api/auth/user', { token: owner.accessToken, body: { password: `wrong-password-${attempt}` }, sourceIp }));
    }

    expect(attempts.map((response) => response.status)).toContain(429);
    expect(attempts.find((response) => response.status === 429)?.headers['Retry-After']).toMatch(/^\d+$/);
    expect((await currentUser(owner.accessToken)).status).toBe(200);
  });

  it('refuses with 409 naming every owned event without a choice, and changes nothing', async () => {
    const owner = await verifiedAccount();
    const first = await createEvent(owner.user);
    const second = await createEvent(owner.user);

    const refused = await deleteAccount(owner, { password: owner.registration.password });

    expect(refused.status, JSON.stringify(refused.body)).toBe(409);
    expect(refused.body.code).toBe('owned_events_choice_needed');
    expect(refused.body.errors.map((problem: { path: string }) => problem.path).sort()).toEqual([`transfers.${first.id}`, `transfers.${second.id}`].sort());
    expect(refused.body.detail).toContain(first.id);
    expect((await currentUser(owner.accessToken)).status).toBe(200);
    expect(await storedItem(eventKeys.item(first.id))).toBeDefined();
  });

  it('refuses a transfer to someone who is not an active member of the team (409 invalid_transfer), and changes nothing', async () => {
    const owner = await verifiedAccount();
    const stranger = await signedInUser();
    const event = await createEvent(owner.user);

    const refused = await deleteAccount(owner, { password: owner.registration.password, transfers: { [event.id]: stranger.userId } });
    const toSelf = await deleteAccount(owner, { password: owner.registration.password, transfers: { [event.id]: owner.userId } });

    expect(refused.status, JSON.stringify(refused.body)).toBe(409);
    expect(refused.body.code).toBe('invalid_transfer');
    expect(refused.body.errors).toEqual([{ path: `transfers.${event.id}`, message: expect.stringContaining('active member') }]);
    expect(toSelf.body.code).toBe('invalid_transfer');
    expect((await storedItem(eventKeys.item(event.id)))?.organizer_id).toBe(owner.userId);
    expect((await currentUser(owner.accessToken)).status).toBe(200);
  });

  it('transfers and deletes owned events as chosen, leaves the other teams, ends every session, frees the names, keeps a tombstone and mails the owner', async () => {
    const owner = await verifiedAccount();
    const keeper = await signedInUser();
    const other = await signedInUser();
    const handedOver = await createEvent(owner.user);
    const doomed = await createEvent(owner.user);
    const theirs = await createEvent(other);
    await addMember(handedOver.id, keeper.userId, 'coordinator');
    await addMember(doomed.id, keeper.userId, 'assistant');
    await addMember(theirs.id, owner.userId, 'coordinator');
    await expectStatus(200, owner.user, 'PUT', `/api/events/${theirs.id}`, { body: { description: 'Changed by the owner before leaving' } });
    const [guest] = await addGuests(owner.user, doomed.id, [{ name: 'Grace Hopper', email: 'grace.deleted-account@example.com' }]);
    const second = (await login({ login: owner.registration.username, password: owner.registration.password }, freshIp())).body.data;
    await db().send(new PutCommand({ TableName: tableName(), Item: { ...notificationKeys.item(owner.userId, 'N1'), type: 'notification', id: 'N1', gsi1pk: notificationKeys.unreadPartition(owner.userId), gsi1sk: notificationKeys.unreadSort('N1') } }));

    const deleted = await deleteAccount(owner, { password: owner.registration.password, owned_events: 'delete', transfers: { [handedOver.id]: keeper.userId } });

    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    expect(deleted.body.data).toEqual({ id: owner.userId, deleted: true, events_transferred: 1, events_deleted: 1, teams_left: 2, completed: true });
    // Every session ends: the token used, another sign-in's tokens, and signing in again.
    expect((await currentUser(owner.accessToken)).status).toBe(401);
    expect((await call(owner.user, 'GET', `/api/events/${theirs.id}`)).status).toBe(401);
    expect((await currentUser(second.access_token)).status).toBe(401);
    expect((await refresh(owner.refreshToken)).status).toBe(401);
    expect((await refresh(second.refresh_token)).status).toBe(401);
    expect((await login({ login: owner.registration.username, password: owner.registration.password }, freshIp())).status).toBe(401);
    expect(await storedItem(sessionKeys.item(owner.user.sessionId))).toBeUndefined();
    // Transferred: the member organizes it; the account is off its team; the trail shows a tombstone.
    expect((await storedItem(eventKeys.item(handedOver.id)))?.organizer_id).toBe(keeper.userId);
    expect(await teamIdsOf(keeper, handedOver.id)).toEqual([keeper.userId]);
    const handedOverActivity = await activityOf(keeper, handedOver.id);
    expect(handedOverActivity.map((entry) => entry.action)).toEqual(expect.arrayContaining(['event.created', 'event.ownership_transferred', 'team.left']));
    expect(new Set(handedOverActivity.map((entry) => entry.actor_id))).toEqual(new Set([DELETED_ACTOR]));
    // Deleted with its guests (and their invitation-code lookups).
    expect(await collection(doomed.id)).toEqual([]);
    expect((await call(keeper, 'GET', `/api/events/${doomed.id}`)).status).toBe(404);
    expect((await call(null, 'GET', `/api/rsvp/${guest.invitation_code}`)).status).toBe(404);
    // Another's event: the membership is gone, the event and its counters as they were.
    expect(await teamIdsOf(other, theirs.id)).toEqual([other.userId]);
    const theirsActivity = await activityOf(other, theirs.id);
    expect(theirsActivity.filter((entry) => entry.action === 'event.updated' || entry.action === 'team.left').map((entry) => entry.actor_id)).toEqual([DELETED_ACTOR, DELETED_ACTOR]);
    expect(theirsActivity.find((entry) => entry.action === 'event.created')?.actor_id).toBe(other.userId);
    // The trail keeps ids only (opaque, now pointing at nothing): never the name, username or address.
    for (const personal of [owner.registration.email, owner.registration.username, owner.registration.full_name]) expect(JSON.stringify(theirsActivity)).not.toContain(personal);
    // Nothing of the account is left: partition, claims, marker, unread index.
    expect(await partition(userKeys.item(owner.userId).pk)).toEqual([]);
    expect(await storedItem(userKeys.usernameClaim(owner.registration.username))).toBeUndefined();
    expect(await storedItem(userKeys.emailClaim(owner.registration.email))).toBeUndefined();
    expect(await storedItem(accountDeletionKeys.marker(owner.userId))).toBeUndefined();
    expect(capture.events.filter((event) => event.kind === 'account.deleted')).toEqual([expect.objectContaining({ user_id: owner.userId })]);
    expect(JSON.stringify(capture.events)).not.toContain(owner.registration.email);

    // The mail reaches the address.
    await runSender();
    const mails = (await emailsFor(owner.registration.email)).filter((mail) => mail.subject === 'Your account was deleted');
    expect(mails).toHaveLength(1);
    expect(mails[0]?.body.text).toContain(owner.registration.username);

    // The username and the address can be registered again, by someone else.
    const again = await register({ username: owner.registration.username, email: owner.registration.email, password: 'brand-new-owner-2031', full_name: 'Someone Else' });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body.data.user.id).not.toBe(owner.userId);
    expect(await storedItem(userKeys.emailClaim(owner.registration.email))).toMatchObject({ user_id: again.body.data.user.id });
  });

  it('sends no mail to an address the account never verified', async () => {
    const account = await registered();

    const deleted = await authCall('DELETE', '/api/auth/user', { token: account.accessToken, body: { password: account.registration.password }, sourceIp: freshIp() });
    await runSender();

    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    expect(deleted.body.data).toMatchObject({ events_transferred: 0, events_deleted: 0, teams_left: 0, completed: true });
    expect((await emailsFor(account.registration.email)).filter((mail) => mail.subject === 'Your account was deleted')).toEqual([]);
    expect(await storedItem(userKeys.item(account.userId))).toBeUndefined();
  });
});

describe('a deletion stopped half-way', () => {
  it('is finished by the accounts job from its marker; meanwhile the account signs in nowhere and takes no event', async () => {
    const owner = await verifiedAccount();
    const member = await signedInUser();
    const event = await createEvent(owner.user);
    const othersEvent = await createEvent(member);
    await addMember(event.id, member.userId, 'coordinator');
    await addMember(othersEvent.id, owner.userId, 'coordinator');
    const user = await getUser(owner.userId);
    if (!user) throw new Error('the account was not written');

    // The request's first transaction committed, then the function stopped before finishing the purge.
    expect(await beginAccountDeletion(user, new Date().toISOString(), [])).toBe('begun');
    const stopped = await purgeAccount(owner.userId, Date.now(), owner.user.sessionId);
    const handOver = await call(member, 'POST', `/api/events/${othersEvent.id}/transfer`, { body: { user_id: owner.userId } });
    const signIn = await login({ login: owner.registration.username, password: owner.registration.password }, freshIp());
    const run = await finishAccountDeletions(Date.now() + 60_000);

    expect(stopped.completed).toBe(false);
    expect((await currentUser(owner.accessToken)).status).toBe(401);
    expect(handOver.status).toBe(409);
    expect(signIn.status).toBe(401);
    expect(run.finished).toBeGreaterThanOrEqual(1);
    expect(run.left).toBe(0);
    expect(await storedItem(userKeys.item(owner.userId))).toBeUndefined();
    expect(await collection(event.id)).toEqual([]);
    expect(await teamIdsOf(member, othersEvent.id)).toEqual([member.userId]);
    expect(await storedItem(accountDeletionKeys.marker(owner.userId))).toBeUndefined();
  });

  it('carries on when its owner sends it again while a session still works', async () => {
    const owner = await verifiedAccount();
    const event = await createEvent(owner.user);
    const user = await getUser(owner.userId);
    if (!user) throw new Error('the account was not written');
    expect(await beginAccountDeletion(user, new Date().toISOString(), [])).toBe('begun');

    const again = await deleteAccount(owner, { password: owner.registration.password });

    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.data).toMatchObject({ events_transferred: 0, events_deleted: 1, completed: true });
    expect(await collection(event.id)).toEqual([]);
    expect(await storedItem(userKeys.item(owner.userId))).toBeUndefined();
  });
});

describe('a deletion that fails at its last write', () => {
  let removeFault: (() => void) | undefined;
  afterEach(() => removeFault?.());

  /** The transaction that deletes the user item and the marker fails, as a dropped connection would. */
  function failTheLastWrite(userId: string): void {
    const name = `fail-account-deletion-${userId}`;
    db().middlewareStack.add(
      (next) => async (args) => {
        const items = (args.input as { TransactItems?: { Delete?: { Key?: { pk?: string; sk?: string } } }[] }).TransactItems ?? [];
        if (items.some((item) => item.Delete?.Key?.pk === `USER#${userId}` && item.Delete.Key.sk === 'DELETION')) {
          throw Object.assign(new Error('connection reset'), { name: 'NetworkingError' });
        }
        return next(args);
      },
      { step: 'initialize', name },
    );
    removeFault = () => db().middlewareStack.remove(name);
  }

  it('still answers that the account is deleted (completed: false), which it is for sign-in, and the accounts job finishes it', async () => {
    const owner = await verifiedAccount();
    const event = await createEvent(owner.user);
    failTheLastWrite(owner.userId);

    const failed = await deleteAccount(owner, { password: owner.registration.password, owned_events: 'delete' });
    removeFault?.();
    removeFault = undefined;
    const signIn = await login({ login: owner.registration.email, password: owner.registration.password }, freshIp());
    const run = await finishAccountDeletions(Date.now() + 60_000);

    expect(failed.status, JSON.stringify(failed.body)).toBe(200);
    expect(failed.body.data).toMatchObject({ deleted: true, completed: false });
    expect(signIn.status).toBe(401);
    expect(run.finished).toBeGreaterThanOrEqual(1);
    expect(await collection(event.id)).toEqual([]);
    expect(await partition(userKeys.item(owner.userId).pk)).toEqual([]);
  });
});

describe('two deletions of one account at once', () => {
  it('both answer 200 and together leave nothing: one begins it, the other carries on', async () => {
    const owner = await verifiedAccount();
    const member = await signedInUser();
    const handedOver = await createEvent(owner.user);
    const doomed = await createEvent(owner.user);
    await addMember(handedOver.id, member.userId, 'coordinator');
    const body = { password: owner.registration.password, owned_events: 'delete', transfers: { [handedOver.id]: member.userId } };

    const answers = await Promise.all([deleteAccount(owner, body), deleteAccount(owner, body)]);
    const run = await finishAccountDeletions(Date.now() + 60_000);

    expect(answers.map((answer) => answer.status), JSON.stringify(answers.map((answer) => answer.body))).toEqual([200, 200]);
    expect(capture.events.filter((event) => event.kind === 'account.deleted')).toHaveLength(1);
    expect(run.left).toBe(0);
    expect((await storedItem(eventKeys.item(handedOver.id)))?.organizer_id).toBe(member.userId);
    expect(await teamIdsOf(member, handedOver.id)).toEqual([member.userId]);
    expect(await collection(doomed.id)).toEqual([]);
    expect(await partition(userKeys.item(owner.userId).pk)).toEqual([]);
  });
});
