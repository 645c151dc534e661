import { readFile } from 'node:fs/promises';
import { generateKeyPair, UnsecuredJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as authorizer } from '../../functions/authorizer/handler.ts';
import { sealingKeySet } from '../../shared/auth/sealing-secret.ts';
import { config } from '../../shared/config.ts';
import { routeKey, routes } from '../../shared/routes.ts';
import { makeHttpEvent } from '../support/http-event.ts';
import { mintToken } from '../support/test-tokens.ts';
import { signedInUser, type SignedInUser } from '../support/signed-in-user.ts';
import { buildAuthorizerEvent } from '../../infra/local/api-gateway-event.ts';
import { send, validRequest } from './security-fixtures.ts';
import { call } from './timeline-fixtures.ts';
import { seedWorld, type World } from './world-fixtures.ts';

/**
 * OWASP API2:2023 Broken Authentication. Every protected route of the table, with a request that would
 * succeed for the owner, is sent with each kind of bad credential and answers 401 (problem document,
 * `WWW-Authenticate: Bearer`). The API Gateway authorizer refuses the same tokens; a logged-out
 * session's token is still well signed, so the authorizer passes it and the handler refuses it.
 */
let world: World;
let newcomer: SignedInUser;
let badTokens: Record<string, string>;
let revokedToken: string;

type Claims = { sub: string; sid: string; username: string };

beforeAll(async () => {
  [world, newcomer] = await Promise.all([seedWorld(), signedInUser()]);
  const owner = world.owner;
  const claims: Claims = { sub: owner.userId, sid: owner.sessionId, username: owner.username };
  const { TOKEN_ISSUER, TOKEN_AUDIENCE } = config();
  const now = Math.floor(Date.now() / 1000);
  const [header, , signature] = owner.token.split('.');
  const otherPayload = Buffer.from(JSON.stringify({ sid: newcomer.sessionId, username: newcomer.username, sub: newcomer.userId, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, iat: now, exp: now + 300 })).toString('base64url');
  badTokens = {
    'a forged payload under a real signature': `${header}.${otherPayload}.${signature}`,
    'an expired token': await mintToken(claims, { issuedAt: now - 3600, expiresAt: now - 60 }),
    'alg none': new UnsecuredJWT({ sid: claims.sid, username: claims.username }).setSubject(claims.sub).setIssuer(TOKEN_ISSUER).setAudience(TOKEN_AUDIENCE).setIssuedAt().setExpirationTime('5m').encode(),
    'a token signed with another ES256 key under the current kid': await mintToken(claims, { key: (await generateKeyPair('ES256')).privateKey }),
    'an HMAC token (HS256, as before ES256) signed with the sealing secret': await mintToken(claims, { alg: 'HS256', key: new TextEncoder().encode((await sealingKeySet()).keys[0]?.secret) }),
    'HS256 keyed with the published public key (algorithm confusion)': await mintToken(claims, { alg: 'HS256', key: await readFile(process.env.TOKEN_VERIFICATION_KEYS_FILE as string) }),
    'a kid that was never published': await mintToken(claims, { kid: 'never-published' }),
    'another issuer': await mintToken(claims, { issuer: 'https://evil.example.com' }),
    'another audience': await mintToken(claims, { audience: 'someone-else' }),
    'no subject': await mintToken(claims, { subject: null }),
  };
  // A session that logged out: its token is still well signed and unexpired.
  const leaving = await signedInUser();
  const logout = await call(leaving, 'POST', '/api/auth/logout');
  expect(logout.status, JSON.stringify(logout.body)).toBe(200);
  revokedToken = leaving.token;
}, 120_000);

const protectedRoutes = routes.filter((route) => route.access === 'protected');

const headerCases = (): Record<string, string | undefined> => ({
  ...Object.fromEntries(Object.entries(badTokens).map(([name, token]) => [name, `Bearer ${token}`])),
  "a logged-out session's token": `Bearer ${revokedToken}`,
  'no Authorization header': undefined,
  'the token without Bearer': world.owner.token,
  'Basic credentials': `Basic ${Buffer.from('owner:password').toString('base64')}`,
  'Bearer and nothing': 'Bearer ',
  'a token with trailing junk': `Bearer ${world.owner.token} extra`,
  'two tokens': `Bearer ${world.owner.token}, Bearer ${world.owner.token}`,
  'a truncated token': `Bearer ${world.owner.token.slice(0, -5)}`,
  'garbage': 'Bearer !!!.???.***',
});

describe('broken authentication (API2)', () => {
  it.each(protectedRoutes.map((route) => [routeKey(route), route] as const))('%s refuses every bad credential with 401', async (_key, route) => {
    const request = validRequest(world, route, newcomer);
    const cases = Object.entries(headerCases());

    const answers = await Promise.all(cases.map(([, authorization]) => send(null, route, request, { headers: authorization === undefined ? {} : { authorization } })));

    const outcome = Object.fromEntries(answers.map((answer, index) => [cases[index]?.[0], `${answer.status} ${answer.body?.code} ${answer.headers['WWW-Authenticate']} ${answer.headers['Content-Type']}`]));
    const expected = Object.fromEntries(cases.map(([name]) => [name, '401 unauthorized Bearer application/problem+json']));
    expect(outcome).toEqual(expected);
  });

  it('the API Gateway authorizer refuses every bad token (a logged-out one is left to the handlers, which check the session)', async () => {
    const route = routes.find((candidate) => candidate.operation === 'currentUser') ?? (protectedRoutes[0] as (typeof routes)[number]);
    const decide = async (authorization: string | undefined) => {
      const event = makeHttpEvent({ method: route.method, path: route.path, ...(authorization === undefined ? {} : { headers: { authorization } }) });
      return (await authorizer(buildAuthorizerEvent(event, authorization === undefined ? [] : [authorization]))).isAuthorized;
    };
    const cases = Object.entries(headerCases());

    const decisions = Object.fromEntries(await Promise.all(cases.map(async ([name, authorization]) => [name, await decide(authorization)] as const)));
    const valid = await decide(`Bearer ${world.owner.token}`);

    expect(valid).toBe(true);
    expect(decisions).toEqual(Object.fromEntries(cases.map(([name]) => [name, name === "a logged-out session's token"])));
  });

  it('a token stays refused after logout even though it has not expired, and a new sign-in gets a new one', async () => {
    const user = await signedInUser();
    const before = await call(user, 'GET', '/api/events');

    await call(user, 'POST', '/api/auth/logout');
    const after = await call(user, 'GET', '/api/events');
    const again = await call(user, 'POST', '/api/auth/logout');

    expect(before.status).toBe(200);
    expect(after.status).toBe(401);
    expect(again.status).toBe(401);
  });
});
