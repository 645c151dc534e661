import { describe, expect, it } from 'vitest';
import { runUnverifiedAccountExpiry } from '../../functions/accounts/handler.ts';
import { newId } from '../../shared/data/ids.ts';
import { userKeys } from '../../shared/data/keys.ts';
import { call, freshIp, login, mailedVerificationToken, newRegistration, register, registered, storedItem } from './auth-fixtures.ts';
import { emailsFor, runSender } from './invitations-fixtures.ts';

/**
 * Registering an address another account holds (issue 14: registration must not tell whether an address
 * has an account). The answer is the one a free address gets; the account is made without the address's
 * claim; the owner of a verified address is told by mail, and the newcomer never gets a link for it; an
 * address held by an account that never proved it is taken over by the one that does.
 */
const verify = (token: string) => call('POST', '/api/auth/email/verify', { body: { token } });
const freshAddress = (label: string) => `${label}.${newId().toLowerCase()}@example.org`;

/** An answer with what differs between any two registrations (ids, names, tokens, times) masked. */
function shapeOf(response: Awaited<ReturnType<typeof register>>) {
  const { user, ...tokens } = response.body.data as { user: Record<string, unknown> } & Record<string, unknown>;
  const headers = Object.keys(response.headers).filter((name) => !/request-id/i.test(name)).sort();
  return {
    status: response.status,
    headers,
    location: response.headers.Location,
    user: Object.fromEntries(Object.entries(user).map(([field, value]) => [field, typeof value === 'boolean' ? value : typeof value])),
    tokens: Object.fromEntries(Object.entries(tokens).map(([field, value]) => [field, field.endsWith('expires_in') ? value : typeof value])),
  };
}

describe('registering an address another account holds', () => {
  it('answers exactly as for a free address, for a verified holder and an unverified one', async () => {
    const verifiedOwner = await registered({ email: freshAddress('owner') });
    expect((await verify(await mailedVerificationToken(verifiedOwner.registration.email))).status).toBe(200);
    const unverifiedHolder = await registered({ email: freshAddress('holder') });

    const free = await register(newRegistration({ email: freshAddress('free') }));
    const ofVerified = await register(newRegistration({ email: verifiedOwner.registration.email.toUpperCase() }));
    const ofUnverified = await register(newRegistration({ email: unverifiedHolder.registration.email }));

    expect(free.status).toBe(201);
    expect(shapeOf(ofVerified)).toEqual(shapeOf(free));
    expect(shapeOf(ofUnverified)).toEqual(shapeOf(free));
    expect(ofVerified.body.data.user.email_verified).toBe(false);
  });

  it('keeps the verified owner signing in by email and tells them by mail, with no link and no name of the newcomer', async () => {
    const owner = await registered({ email: freshAddress('owner') });
    expect((await verify(await mailedVerificationToken(owner.registration.email))).status).toBe(200);
    const newcomer = newRegistration({ email: owner.registration.email, full_name: 'Click Here Now' });

    const answer = await register(newcomer);
    await runSender();
    const mails = (await emailsFor(owner.registration.email)).filter((mail) => mail.subject !== 'Confirm your email address');

    expect(answer.status).toBe(201);
    expect(await storedItem(userKeys.emailClaim(owner.registration.email))).toMatchObject({ user_id: owner.userId });
    expect(mails.map((mail) => mail.subject)).toEqual(['You already have an account']);
    expect(mails[0]?.body.text).not.toMatch(/verify-email|Click Here Now/);
    expect(mails[0]?.destination.to.join()).not.toContain('Click Here Now');
    expect((await login({ login: owner.registration.email, password: owner.registration.password }, freshIp())).status).toBe(200);
    expect((await login({ login: owner.registration.email, password: newcomer.password }, freshIp())).status).toBe(401);
    expect((await login({ login: newcomer.username, password: newcomer.password }, freshIp())).status).toBe(200);
  });

  it('lets the real owner take an address from a squatter that never proved it, and refuses the squatter afterwards', async () => {
    const address = freshAddress('squatted');
    const squatter = await registered({ email: address });
    const squatterToken = await mailedVerificationToken(address);
    const owner = await registered({ email: address });
    const ownerToken = await mailedVerificationToken(address);

    const before = await storedItem(userKeys.emailClaim(address));
    const verified = await verify(ownerToken);
    const late = await verify(squatterToken);

    expect(before).toMatchObject({ user_id: squatter.userId, unverified: true });
    expect(ownerToken.startsWith(`${owner.userId}.`)).toBe(true);
    expect(verified.status).toBe(200);
    expect(await storedItem(userKeys.emailClaim(address))).toEqual(expect.not.objectContaining({ unverified: true }));
    expect(await storedItem(userKeys.emailClaim(address))).toMatchObject({ user_id: owner.userId });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('email_taken');
    expect(await storedItem(userKeys.item(squatter.userId))).toEqual(expect.not.objectContaining({ email_verified_at: expect.anything() }));
    expect((await login({ login: address, password: owner.registration.password }, freshIp())).status).toBe(200);
  });

  it('expires an account that never held its address without touching the holder', async () => {
    const owner = await registered({ email: freshAddress('owner') });
    expect((await verify(await mailedVerificationToken(owner.registration.email))).status).toBe(200);
    const newcomer = await registered({ email: owner.registration.email });

    const run = await runUnverifiedAccountExpiry(new Date(Date.now() + 8 * 24 * 3600 * 1000), Date.now() + 60_000);

    expect(run.deleted).toBeGreaterThanOrEqual(1);
    expect(await storedItem(userKeys.item(newcomer.userId))).toBeUndefined();
    expect(await storedItem(userKeys.usernameClaim(newcomer.registration.username))).toBeUndefined();
    expect(await storedItem(userKeys.item(owner.userId))).toMatchObject({ email_verified_at: expect.any(String) });
    expect(await storedItem(userKeys.emailClaim(owner.registration.email))).toMatchObject({ user_id: owner.userId });
  });
});
