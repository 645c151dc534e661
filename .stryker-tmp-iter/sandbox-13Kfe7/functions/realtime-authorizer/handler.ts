// @ts-nocheck
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { verifyAccessToken } from '#shared/auth/tokens.ts';
import { webSocketApiDefinition, type RealtimeAuthorizerContext } from '#shared/realtime/gateway.ts';

/**
 * The WebSocket API's $connect authorizer (REQUEST type; WebSocket APIs take IAM-policy answers only).
 * Browsers cannot set headers on a WebSocket, so the access token comes as `?token=`; it is verified
 * exactly as the HTTP API's authorizer verifies the Authorization header (shared/auth/tokens.ts). The
 * session is checked by the $connect handler, since an authorizer answer may be cached.
 */
export type RealtimeAuthorizerResult = APIGatewayAuthorizerResult & { context?: RealtimeAuthorizerContext };

const policy = (effect: 'Allow' | 'Deny', methodArn: string) => ({
  Version: '2012-10-17',
  Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: methodArn }],
});

export async function handler(event: APIGatewayRequestAuthorizerEvent): Promise<RealtimeAuthorizerResult> {
  const token = event.queryStringParameters?.[webSocketApiDefinition.tokenQueryParameter];
  const caller = token ? await verifyAccessToken(token) : null;
  if (!caller) return { principalId: 'anonymous', policyDocument: policy('Deny', event.methodArn) };
  return {
    principalId: caller.userId,
    policyDocument: policy('Allow', event.methodArn),
    context: { userId: caller.userId, sessionId: caller.sessionId, username: caller.username },
  };
}
