import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { webSocketApiDefinition, type RealtimeAuthorizerContext } from '#shared/realtime/gateway.ts';
import { redeemRealtimeTicket } from '#shared/realtime/tickets.ts';
import { securityEvent } from '#shared/security/events.ts';
import { observedHandler } from '#shared/observability/middlewares.ts';

/**
 * The WebSocket API's $connect authorizer (REQUEST type; WebSocket APIs take IAM-policy answers only).
 * Browsers cannot set headers on a WebSocket, so the credential comes in the URL: a single-use ticket
 * (`?ticket=`, from POST /api/realtime/ticket), never the access token. The ticket is used up here with
 * one conditional delete, so a second connect with it is refused. Whether the ticket's session is still
 * live is checked by the $connect handler.
 */
export type RealtimeAuthorizerResult = APIGatewayAuthorizerResult & { context?: RealtimeAuthorizerContext };

const policy = (effect: 'Allow' | 'Deny', methodArn: string) => ({
  Version: '2012-10-17',
  Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: methodArn }],
});

async function handle(event: APIGatewayRequestAuthorizerEvent): Promise<RealtimeAuthorizerResult> {
  const ticket = event.queryStringParameters?.[webSocketApiDefinition.ticketQueryParameter];
  const caller = ticket ? await redeemRealtimeTicket(ticket) : null;
  if (!caller) {
    // API Gateway answers this refusal (403) itself: it is logged here.
    securityEvent('access.refused', { route: '$connect', status: 403, code: ticket ? 'invalid_ticket' : 'no_ticket', source_ip: event.requestContext?.identity?.sourceIp, request_id: event.requestContext?.requestId });
    return { principalId: 'anonymous', policyDocument: policy('Deny', event.methodArn) };
  }
  return {
    principalId: caller.userId,
    policyDocument: policy('Allow', event.methodArn),
    context: { userId: caller.userId, sessionId: caller.sessionId, username: caller.username },
  };
}

export const handler = observedHandler(handle);
