import { randomBytes } from 'node:crypto';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { generateKeyPair, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/authorizer/handler.ts';
import { issueAccessToken } from '../../shared/auth/tokens.ts';
import { config } from '../../shared/config.ts';
import { captureSecurityEvents } from '../../shared/security/events.ts';
import { type MintOptions, mintToken } from '../support/test-tokens.ts';

/** The event API Gateway sends a REQUEST authorizer (payload 2.0) for a protected route. */
function authorizerEvent(authorization?: string): APIGatewayRequestAuthorizerEventV2 {
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: 'arn:aws:execute-api:us-east-1:123456789012:api-id/$default/GET/api/events',
    identitySource: authorization === undefined ? [] : [authorization],
    routeKey: 'GET /api/events',
    rawPath: '/api/events',
    rawQueryString: '',
    cookies: [],
    headers: authorization === undefined ? {} : { authorization },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api-id',
      domainName: 'api-id.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'api-id',
      http: { method: 'GET', path: '/api/events', protocol: 'HTTP/1.1', sourceIp: '198.51.100.7', userAgent: 'vitest' },
      requestId: 'request-1',
      routeKey: 'GET /api/events',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
  };
}

/** A token like the real ones, with one thing changed per bad case. */
const mint = (options: MintOptions & { sid?: string } = {}) => mintToken({ sub: 'user-1', sid: 'sid' in options ? options.sid : 'session-1', username: 'ada' }, options);

describe('authorizer', () => {
  it('authorizes a valid access token and passes the user and session on', async () => {
    const { token } = await issueAccessToken({ userId: 'user-1', sessionId: 'session-1', username: 'ada' });

    const result = await handler(authorizerEvent(`Bearer ${token}`));

    expect(result).toEqual({ isAuthorized: true, context: { userId: 'user-1', sessionId: 'session-1' } });
  });

  it('authorizes a token minted by hand with the same key and claims (the test tokens below differ in one thing)', async () => {
    const result = await handler(authorizerEvent(`Bearer ${await mint()}`));

    expect(result.isAuthorized).toBe(true);
  });

  it.each([
    ['forged (signed with another ES256 key under the current kid)', async () => mint({ key: (await generateKeyPair('ES256')).privateKey })],
    ['signed with an HMAC secret (HS256), as tokens were before ES256', () => mint({ alg: 'HS256', key: new Uint8Array(randomBytes(48)) })],
    ['expired', () => mint({ expiresAt: Math.floor(Date.now() / 1000) - 5 })],
    ['for another audience', () => mint({ audience: 'someone-else' })],
    ['from another issuer', () => mint({ issuer: 'someone-else' })],
    ['without a session claim', () => mint({ sid: undefined })],
    [
      'unsigned (alg none)',
      async () =>
        new UnsecuredJWT({ sid: 'session-1', username: 'ada' })
          .setSubject('user-1')
          .setIssuer(config().TOKEN_ISSUER)
          .setAudience(config().TOKEN_AUDIENCE)
          .setIssuedAt()
          .setExpirationTime('5m')
          .encode(),
    ],
  ])('refuses a token %s', async (_case, makeToken) => {
    const result = await handler(authorizerEvent(`Bearer ${await makeToken()}`));

    expect(result).toEqual({ isAuthorized: false });
  });

  it.each([
    ['no Authorization header', undefined],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['a malformed token', 'Bearer not a token'],
    ['an empty bearer', 'Bearer '],
  ])('refuses %s', async (_case, authorization) => {
    const result = await handler(authorizerEvent(authorization));

    expect(result).toEqual({ isAuthorized: false });
  });
});

describe('the authorizer\'s refusals as security events', () => {
  it('records each refused token with the route and source, never the token, and nothing for an accepted one', async () => {
    const capture = captureSecurityEvents();
    try {
      const forged = await mint({ alg: 'HS256', key: randomBytes(32) });
      const good = (await issueAccessToken({ userId: 'user-1', sessionId: 'session-1', username: 'ada' })).token;

      await handler(authorizerEvent(`Bearer ${forged}`));
      await handler(authorizerEvent(`Bearer ${good}`));

      expect(capture.events).toEqual([expect.objectContaining({ kind: 'access.refused', route: 'GET /api/events', status: 403, code: 'invalid_token', source_ip: '198.51.100.7', request_id: 'request-1' })]);
      expect(JSON.stringify(capture.events)).not.toContain(forged.split('.')[2]);
    } finally {
      capture.stop();
    }
  });
});
