import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerResult,
  APIGatewaySimpleAuthorizerWithContextResult,
} from 'aws-lambda';
import { bearerToken, verifyAccessToken } from '#shared/auth/tokens.ts';
import { securityEvent } from '#shared/security/events.ts';
import { observedHandler } from '#shared/observability/middlewares.ts';

/** What API Gateway passes on to the integrations as `requestContext.authorizer.lambda`. */
export type AuthorizerContext = { userId: string; sessionId: string };

export type AuthorizerResult = APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext> | APIGatewaySimpleAuthorizerResult;

/**
 * The HTTP API's Lambda authorizer (simple responses): a request reaches a protected route only with a
 * valid access token. It checks signature, algorithm, issuer, audience and expiry, not the session: the
 * answer is cached per token, so the handlers check the session themselves and logout stays immediate.
 * A failure to load the key is thrown (API Gateway answers 500) rather than mistaken for a bad token.
 */
async function handle(event: APIGatewayRequestAuthorizerEventV2): Promise<AuthorizerResult> {
  const token = bearerToken(event.headers?.authorization);
  const caller = token ? await verifyAccessToken(token) : null;
  if (!caller) {
    // The handlers never see this refusal (API Gateway answers 403 itself): it is logged here.
    securityEvent('access.refused', { route: event.routeKey, status: 403, code: token ? 'invalid_token' : 'no_token', source_ip: event.requestContext?.http?.sourceIp, request_id: event.requestContext?.requestId });
    return { isAuthorized: false };
  }
  return { isAuthorized: true, context: { userId: caller.userId, sessionId: caller.sessionId } };
}

export const handler = observedHandler(handle);
