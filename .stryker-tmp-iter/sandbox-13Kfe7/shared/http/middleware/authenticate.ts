// @ts-nocheck
import type middy from '@middy/core';
import { bearerToken, verifyAccessToken } from '../../auth/tokens.ts';
import { getSession, isLive } from '../../data/sessions.ts';
import { UnauthorizedError } from '../errors.ts';
import type { HttpEvent, HttpRequestContext, HttpResult } from '../types.ts';

/**
 * Protected routes: a valid access token (signature, algorithm, issuer, audience, expiry) naming a live
 * session. API Gateway's authorizer checks the token too; this check is what makes logout immediate.
 * Operations that read their event batch the session check into that read instead (one call).
 */
export function authenticate(): middy.MiddlewareObj<HttpEvent, HttpResult, Error, HttpRequestContext> {
  return {
    before: async (request) => {
      const { context } = request;
      if (context.access !== 'protected') return;
      const token = bearerToken(request.event.headers.authorization);
      const caller = token ? await verifyAccessToken(token) : null;
      if (!caller) throw new UnauthorizedError();
      context.caller = caller;
      if (context.operation?.session === 'with-first-read') return;
      if (!isLive(await getSession(caller.sessionId))) throw new UnauthorizedError('The session has ended; sign in again.');
    },
  };
}
