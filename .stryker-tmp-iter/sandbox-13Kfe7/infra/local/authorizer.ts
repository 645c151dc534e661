// @ts-nocheck
import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult, Context } from 'aws-lambda';
import type { Logger } from '../../shared/logger.ts';
import {
  buildAuthorizerEvent,
  type GatewayHttpEvent,
  type LambdaAuthorizerContext,
  withAuthorizerContext,
} from './api-gateway-event.ts';
import { functionEntryExists, loadHandler } from './function-entries.ts';
import { lambdaContext } from './lambda-context.ts';

/**
 * Protected routes pass API Gateway's REQUEST Lambda authorizer (simple responses) before their function
 * runs. Its identity source is the Authorization header: without one, API Gateway refuses the request
 * without calling the authorizer. Until functions/authorizer exists, protected routes rely on the
 * handlers' own session check, and a warning says so once.
 */
const AUTHORIZER_ENTRY = 'authorizer';

type AuthorizerHandler = (
  event: APIGatewayRequestAuthorizerEventV2,
  context: Context,
) => Promise<APIGatewaySimpleAuthorizerWithContextResult<LambdaAuthorizerContext>>;

let warnedMissing = false;

/** The event with the authorizer's context added, or null when API Gateway would refuse the request. */
export async function authorizeRequest(event: GatewayHttpEvent, log: Logger): Promise<GatewayHttpEvent | null> {
  if (!functionEntryExists(AUTHORIZER_ENTRY)) {
    if (!warnedMissing) {
      log.warn('functions/authorizer/handler.ts not found: protected routes are checked by their handlers only');
      warnedMissing = true;
    }
    return event;
  }
  const authorization = event.headers.authorization?.trim();
  if (!authorization) return null;
  const authorize = await loadHandler<AuthorizerHandler>(AUTHORIZER_ENTRY);
  const verdict = await authorize(buildAuthorizerEvent(event, [authorization]), lambdaContext('event-planning-local-authorizer'));
  if (verdict?.isAuthorized !== true) return null;
  return withAuthorizerContext(event, verdict.context ?? {});
}
