import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { config } from '../config.ts';
import { powertoolsLogger } from '../logger.ts';
import { metrics } from './metrics.ts';
import { tracer } from './tracer.ts';

/**
 * The Powertools middlewares every handler runs first (the HTTP groups in shared/http/group.ts, every
 * other function through `observedHandler`): the Lambda context and cold-start flag on every log line,
 * the invocation's metrics flushed when it ends (also when it throws), and its X-Ray subsegment.
 */
export function observability(): middy.MiddlewareObj[] {
  return [
    injectLambdaContext(powertoolsLogger(config().LOG_LEVEL), { resetKeys: true }),
    logMetrics(metrics),
    captureLambdaHandler(tracer, { captureResponse: false }),
  ];
}

/**
 * A function that is not an HTTP group (a scheduled job, an event consumer, an authorizer) behind the same
 * middlewares. The context is optional only for the callers that have none (the tests of an authorizer):
 * Lambda always passes one.
 */
export function observedHandler<E, R>(handler: (event: E, context: Context) => Promise<R>): (event: E, context?: Context) => Promise<R> {
  const wrapped = middy<E, R>().use(observability()).handler(handler);
  return (event, context) => wrapped(event, context ?? noContext);
}

const noContext = { awsRequestId: 'none', functionName: 'none' } as Context;
