import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { config } from '../config.ts';
import { powertoolsLogger } from '../logger.ts';
import { metrics } from './metrics.ts';

/**
 * The Powertools middlewares every handler runs first (the HTTP groups in shared/http/group.ts, the
 * authorizers and the WebSocket function through `observedHandler`, the scheduled jobs and event consumers
 * through `tracedHandler`, shared/observability/tracer.ts, which adds the Tracer's): the Lambda context and
 * cold-start flag on every log line, and the invocation's metrics flushed when it ends (also when it throws).
 */
export function observability(): middy.MiddlewareObj[] {
  return [
    injectLambdaContext(powertoolsLogger(config().LOG_LEVEL), { resetKeys: true }),
    logMetrics(metrics()),
  ];
}

/**
 * A function that is not an HTTP group behind the same middlewares, `more` after them (the Tracer's, for
 * the scheduled jobs and event consumers). The context is optional only for the callers that have none
 * (the tests of an authorizer): Lambda always passes one.
 */
export function observedHandler<E, R>(
  handler: (event: E, context: Context) => Promise<R>,
  more: middy.MiddlewareObj[] = [],
): (event: E, context?: Context) => Promise<R> {
  const wrapped = middy<E, R>().use([...observability(), ...more]).handler(handler);
  return (event, context) => wrapped(event, context ?? noContext);
}

const noContext = { awsRequestId: 'none', functionName: 'none' } as Context;
