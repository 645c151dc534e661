import type { Context } from 'aws-lambda';
import { captureClientsWith } from './client-capture.ts';
import { observedHandler } from './middlewares.ts';

/**
 * Powertools for AWS Lambda's Tracer over the X-Ray active tracing every function runs with
 * (infra/constructs/api-function.ts): a subsegment per invocation (with the annotations ColdStart and
 * Service) and one per AWS SDK call. Only the scheduled jobs and event consumers use it: it brings the
 * X-Ray SDK (about 117 KB minified with semver and cls-hooked, and some 60 ms of CPU at import), which the
 * API's cold starts are kept from (docs/alarms.md#traces has the figures). Answers are never recorded as
 * trace metadata (they may carry tokens).
 *
 * Where Powertools would not trace (outside a Lambda execution environment: npm start, the tests; or
 * POWERTOOLS_TRACE_ENABLED=false, which the local stack sets), the X-Ray SDK is not even loaded: loading it
 * enables cls-hooked's async hook for the whole process, which makes every promise slower (3.7 times in a
 * loop of awaits measured here), and off Lambda there is no daemon to send a trace to.
 */
const tracing = process.env.POWERTOOLS_TRACE_ENABLED?.toLowerCase() !== 'false' && Boolean(process.env.AWS_EXECUTION_ENV) && !process.env.AWS_SAM_LOCAL;

const powertools = tracing
  ? { ...(await import('@aws-lambda-powertools/tracer')), ...(await import('@aws-lambda-powertools/tracer/middleware')) }
  : null;

/** The Tracer where traces are sent; null elsewhere. */
export const tracer = powertools ? new powertools.Tracer() : null;

if (tracer) captureClientsWith((client) => tracer.captureAWSv3Client(client));

/** A scheduled job's or event consumer's handler behind the Powertools middlewares, traced where traces are sent. */
export const tracedHandler = <E, R>(handler: (event: E, context: Context) => Promise<R>) =>
  observedHandler(handler, powertools && tracer ? [powertools.captureLambdaHandler(tracer, { captureResponse: false })] : []);
