import { beforeEach, describe, expect, it } from 'vitest';
import { eventKeys, teamKeys, userKeys } from '../../shared/data/keys.ts';
import { listEventNotices } from '../../shared/data/notices.ts';
import { transact } from '../../shared/data/transact.ts';
import { hashInvitationToken } from '../../shared/domain/team/invitation-token.ts';
import { signedInUser, type SignedInUser } from '../support/signed-in-user.ts';
import { addMember, collection, createEvent, getItem } from './events-fixtures.ts';
import { uniqueTag } from './invitations-fixtures.ts';
import { expire, invite, openTeamInvitationPage, tokenMailedTo } from './team-invitations-fixtures.ts';
import { call, expectStatus } from './timeline-fixtures.ts';

/**
 * Issue 14: a team invitation is accepted only by the person it was sent to: with the single-use token
 * of its email, as the account it was addressed to, or with a VERIFIED email equal to the invited one.
 * Every way of taking over someone else's invitation is refused, and adding an email reveals nothing
 * about accounts.
 */
let organizer: SignedInUser;
let eventId: string;

const accept = (user: SignedInUser, body?: { token: string }, event = eventId) =>
  call(user, 'POST', `/api/events/${event}/team/accept`, body ? { body } : {});
const membershipOf = (user: SignedInUser) => getItem(eventKeys.member(eventId, user.userId));
/** A person who will register as `name@example.com` (signedInUser's address), not registered yet. */
const futureAddress = (name: string) => `${name}@example.com`;

beforeEach(async () => {
  organizer = await signedInUser(`organizer_${uniqueTag()}`);
  eventId = (await createEvent(organizer)).id;
});

describe('taking over an invitation is refused', () => {
  it('refuses a team member who registers the invited (unverified) address and accepts without the token', async () => {
    const dana = `dana_${uniqueTag()}`;
    const member = await signedInUser();
    await addMember(eventId, member.userId, 'assistant');
    await invite(organizer, eventId, { email: futureAddress(dana), role: 'coordinator' });
    const team = await expectStatus(200, member, 'GET', `/api/events/${eventId}/team`);
    const impostor = await signedInUser(dana, { verified: false });

    const refused = await accept(impostor);

    expect(team.data.find((row: { status: string }) => row.status === 'invited')).toMatchObject({ email: futureAddress(dana), user_id: null });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('email_not_verified');
    expect(await membershipOf(impostor)).toBeNull();
  });

  it('answers 404 to a verified account whose email is not the invited one', async () => {
    await invite(organizer, eventId, { email: futureAddress(`dana_${uniqueTag()}`), role: 'coordinator' });
    const other = await signedInUser();

    const refused = await accept(other);

    expect(refused.status).toBe(404);
    expect(await membershipOf(other)).toBeNull();
  });

  it('never lets the token of an invitation addressed to one account be used by another', async () => {
    const invitee = await signedInUser(`invitee_${uniqueTag()}`);
    await invite(organizer, eventId, { user_id: invitee.userId, role: 'viewer' });
    const token = await tokenMailedTo(invitee.email);
    const thief = await signedInUser();

    const refused = await accept(thief, { token });
    const rightful = await accept(invitee, { token });

    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('invitation_for_another_account');
    expect(await membershipOf(thief)).toBeNull();
    expect(rightful.status).toBe(200);
  });

  it('refuses a token used once already (409 invitation_taken), for anyone', async () => {
    const address = futureAddress(`dana_${uniqueTag()}`);
    await invite(organizer, eventId, { email: address, role: 'viewer' });
    const token = await tokenMailedTo(address);
    const owner = await signedInUser();
    const second = await signedInUser();
    await expectStatus(200, owner, 'POST', `/api/events/${eventId}/team/accept`, { body: { token } });

    const reused = await accept(second, { token });
    const again = await accept(owner, { token });

    expect(reused.status).toBe(409);
    expect(reused.body.code).toBe('invitation_taken');
    expect(again.status).toBe(409);
    expect(await membershipOf(second)).toBeNull();
  });

  it('lets exactly one of two concurrent accepts with the same token win', async () => {
    const address = futureAddress(`dana_${uniqueTag()}`);
    await invite(organizer, eventId, { email: address, role: 'viewer' });
    const token = await tokenMailedTo(address);
    const [first, second] = await Promise.all([signedInUser(), signedInUser()]);

    const answers = await Promise.all([accept(first, { token }), accept(second, { token })]);

    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const members = (await collection(eventId)).filter((item) => String(item.sk).startsWith('MEMBER#') && item.role === 'viewer');
    expect(members).toHaveLength(1);
  });

  it('refuses an expired invitation (403 invitation_expired), by token and by verified email', async () => {
    const name = `dana_${uniqueTag()}`;
    const invited = await invite(organizer, eventId, { email: futureAddress(name), role: 'viewer' });
    const token = await tokenMailedTo(futureAddress(name));
    await expire(teamKeys.invite(eventId, invited.id));
    const owner = await signedInUser(name);

    const byToken = await accept(owner, { token });
    const byEmail = await accept(owner);
    const page = await openTeamInvitationPage(token);

    expect([byToken.status, byToken.body.code]).toEqual([403, 'invitation_expired']);
    expect([byEmail.status, byEmail.body.code]).toEqual([403, 'invitation_expired']);
    expect(page.status).toBe(403);
    expect(await membershipOf(owner)).toBeNull();
  });

  it('answers 404 to an unknown token, a token of another event and a withdrawn invitation', async () => {
    const address = futureAddress(`dana_${uniqueTag()}`);
    const invited = await invite(organizer, eventId, { email: address, role: 'viewer' });
    const token = await tokenMailedTo(address);
    const otherEvent = (await createEvent(organizer)).id;
    const someone = await signedInUser();

    const unknown = await accept(someone, { token: 'A'.repeat(43) });
    const elsewhere = await accept(someone, { token }, otherEvent);
    await expectStatus(200, organizer, 'DELETE', `/api/team/${invited.id}`);
    const withdrawn = await accept(someone, { token });
    const page = await openTeamInvitationPage(token);

    expect([unknown.status, elsewhere.status, withdrawn.status, page.status]).toEqual([404, 404, 404, 404]);
    expect(await getItem(teamKeys.token(hashInvitationToken(token)))).toBeNull();
  });
});

describe('the rightful owner accepts', () => {
  it('by the emailed token, from an account with another address, which then joins with its own profile', async () => {
    const address = futureAddress(`dana_${uniqueTag()}`);
    await invite(organizer, eventId, { email: address, role: 'coordinator' });
    const token = await tokenMailedTo(address);
    const owner = await signedInUser(`dana_work_${uniqueTag()}`, { verified: false });

    const accepted = await expectStatus(200, owner, 'POST', `/api/events/${eventId}/team/accept`, { body: { token } });
    const team = await expectStatus(200, organizer, 'GET', `/api/events/${eventId}/team`);

    expect(accepted.data).toMatchObject({ user_id: owner.userId, role: 'coordinator', status: 'active', email: owner.email, username: owner.username });
    expect(team.data.map((row: { user_id: string | null; status: string }) => [row.user_id, row.status])).toEqual([[organizer.userId, 'active'], [owner.userId, 'active']]);
    expect((await getItem(teamKeys.token(hashInvitationToken(token))))?.used_by).toBe(owner.userId);
  });

  it('by a verified email equal to the invited one, which uses up the emailed token too', async () => {
    const name = `dana_${uniqueTag()}`;
    await invite(organizer, eventId, { email: futureAddress(name).toUpperCase(), role: 'viewer' });
    const token = await tokenMailedTo(futureAddress(name));
    const owner = await signedInUser(name);

    const accepted = await expectStatus(200, owner, 'POST', `/api/events/${eventId}/team/accept`);
    const tokenAfter = await accept(await signedInUser(), { token });

    expect(accepted.data).toMatchObject({ user_id: owner.userId, status: 'active' });
    expect(tokenAfter.status).toBe(409);
  });

  it('as the account an invitation by user_id was addressed to, without a token; accepting again is a no-op', async () => {
    const invitee = await signedInUser();
    await invite(organizer, eventId, { user_id: invitee.userId, role: 'assistant' });

    const accepted = await expectStatus(200, invitee, 'POST', `/api/events/${eventId}/team/accept`);
    const again = await expectStatus(200, invitee, 'POST', `/api/events/${eventId}/team/accept`);

    expect(accepted.data).toMatchObject({ status: 'active', role: 'assistant' });
    expect(again.data).toMatchObject({ status: 'active' });
  });
});

describe('adding someone reveals nothing about accounts', () => {
  it('answers the same shape and values for a registered and an unregistered email', async () => {
    const registered = await signedInUser(`known_${uniqueTag()}`);
    await transact([{ Put: { Item: { ...userKeys.emailClaim(registered.email), type: 'email_claim', user_id: registered.userId } } }]);
    const unknownAddress = futureAddress(`nobody_${uniqueTag()}`);

    const known = await call(organizer, 'POST', `/api/events/${eventId}/team`, { body: { email: registered.email, role: 'viewer' } });
    const unknown = await call(organizer, 'POST', `/api/events/${eventId}/team`, { body: { email: unknownAddress, role: 'viewer' } });
    const knownAgain = await call(organizer, 'POST', `/api/events/${eventId}/team`, { body: { email: registered.email, role: 'viewer' } });
    const unknownAgain = await call(organizer, 'POST', `/api/events/${eventId}/team`, { body: { email: unknownAddress, role: 'viewer' } });

    const varying = ['id', 'email', 'invited_at'];
    const constant = (body: { data: Record<string, unknown> }) => Object.fromEntries(Object.entries(body.data).filter(([field]) => !varying.includes(field)));
    expect([known.status, unknown.status]).toEqual([201, 201]);
    expect(Object.keys(known.body.data).sort()).toEqual(Object.keys(unknown.body.data).sort());
    expect(constant(known.body)).toEqual(constant(unknown.body));
    expect(known.body.data).toMatchObject({ user_id: null, username: null, full_name: null, phone: null, status: 'invited', email: registered.email });
    expect([knownAgain.status, knownAgain.body.code]).toEqual([unknownAgain.status, unknownAgain.body.code]);
    const notices = (await listEventNotices(eventId)).filter((notice) => notice.kind === 'team_invitation');
    expect(notices.map((notice) => notice.audience)).toEqual(['one_email', 'one_email']);
  });

  it("shows a pending member without their profile until they accept", async () => {
    const invitee = await signedInUser();
    const added = await invite(organizer, eventId, { user_id: invitee.userId, role: 'viewer' });
    const before = await expectStatus(200, organizer, 'GET', `/api/events/${eventId}/team`);
    await expectStatus(200, invitee, 'POST', `/api/events/${eventId}/team/accept`);
    const after = await expectStatus(200, organizer, 'GET', `/api/events/${eventId}/team`);

    const profile = { username: null, full_name: null, email: null, phone: null };
    expect(added).toMatchObject({ user_id: invitee.userId, status: 'pending', ...profile });
    expect(before.data.find((row: { user_id: string }) => row.user_id === invitee.userId)).toMatchObject({ status: 'pending', ...profile });
    expect(after.data.find((row: { user_id: string }) => row.user_id === invitee.userId)).toMatchObject({ status: 'active', username: invitee.username, email: invitee.email });
  });
});

describe('the token in the table', () => {
  it('is kept only as its hash, and sealed in the notice', async () => {
    const address = futureAddress(`dana_${uniqueTag()}`);
    const invited = await invite(organizer, eventId, { email: address, role: 'viewer' });
    const token = await tokenMailedTo(address);

    const [notice] = (await listEventNotices(eventId)).filter((entry) => entry.kind === 'team_invitation');
    const inviteItem = await getItem(teamKeys.invite(eventId, invited.id));
    const tokenRow = await getItem(teamKeys.token(hashInvitationToken(token)));

    expect(JSON.stringify([inviteItem, tokenRow, notice])).not.toContain(token);
    expect(inviteItem?.token_hash).toBe(hashInvitationToken(token));
    expect(tokenRow).toMatchObject({ event_id: eventId, invite_id: invited.id });
    expect(notice?.details?.token_sealed).toMatch(/^v1\./);
  });
});

describe('the invitation page', () => {
  it('shows the event, role and inviter and links to the app with the token in the fragment; reading it accepts nothing', async () => {
    const address = futureAddress(`dana_${uniqueTag()}`);
    await invite(organizer, eventId, { email: address, role: 'coordinator' });
    const token = await tokenMailedTo(address);

    const page = await openTeamInvitationPage(token);

    expect(page.status).toBe(200);
    expect(page.headers['Content-Type']).toMatch(/text\/html/);
    expect(page.headers['Referrer-Policy']).toBe('no-referrer');
    expect(page.headers['Content-Security-Policy']).toContain("default-src 'none'");
    expect(page.body).toContain('coordinator');
    expect(page.body).toContain(`Test ${organizer.username}`);
    expect(page.body).toContain(`/accept-invitation?event_id=${eventId}#token=${token}`);
    expect(page.body).not.toContain('<script');
    expect((await getItem(teamKeys.token(hashInvitationToken(token))))?.used_at).toBeUndefined();
  });

  it('says so once the invitation is accepted (409) and answers 404 for an unknown token', async () => {
    const address = futureAddress(`dana_${uniqueTag()}`);
    await invite(organizer, eventId, { email: address, role: 'viewer' });
    const token = await tokenMailedTo(address);
    await expectStatus(200, await signedInUser(), 'POST', `/api/events/${eventId}/team/accept`, { body: { token } });

    const used = await openTeamInvitationPage(token);
    const unknown = await openTeamInvitationPage('x'.repeat(43));

    expect(used.status).toBe(409);
    expect(used.body).toContain('already accepted');
    expect(unknown.status).toBe(404);
  });
});
