import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { Context } from 'aws-lambda';
import { captureClientsWith } from './client-capture.ts';
import { observedHandler } from './middlewares.ts';

/**
 * Powertools for AWS Lambda's Tracer over the X-Ray active tracing every function runs with
 * (infra/constructs/api-function.ts): a subsegment per invocation (with the annotations ColdStart and
 * Service) and one per AWS SDK call. Only the scheduled jobs and event consumers load it: it brings the
 * X-Ray SDK (about 117 KB minified with semver and cls-hooked, and some 60 ms of CPU at import), which the
 * API's cold starts are kept from (docs/alarms.md#traces has the figures). Outside Lambda (npm start, the
 * tests) it is off: there is no X-Ray daemon, Powertools turns tracing off by itself when not in a Lambda
 * execution environment, and the local stack sets POWERTOOLS_TRACE_ENABLED=false. Answers are never
 * recorded as trace metadata (they may carry tokens).
 */
export const tracer = new Tracer();

captureClientsWith((client) => tracer.captureAWSv3Client(client));

/** A scheduled job's or event consumer's handler behind the Powertools middlewares, traced. */
export const tracedHandler = <E, R>(handler: (event: E, context: Context) => Promise<R>) =>
  observedHandler(handler, [captureLambdaHandler(tracer, { captureResponse: false })]);
