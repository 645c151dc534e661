import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * Powertools for AWS Lambda's Tracer over the X-Ray active tracing every function runs with
 * (infra/constructs/api-function.ts): a subsegment per invocation (captureLambdaHandler, with the
 * annotations ColdStart and Service) and one per AWS SDK call of the clients passed through `traced`.
 * Outside Lambda (npm start, the tests) it is off: there is no X-Ray daemon, and Powertools turns tracing
 * off by itself when not in a Lambda execution environment (the local stack also sets
 * POWERTOOLS_TRACE_ENABLED=false). Answers are never recorded (they carry tokens): captureResponse off.
 */
export const tracer = new Tracer();

/** An AWS SDK v3 client whose calls are X-Ray subsegments (the client itself, unchanged, when tracing is off). */
export const traced = <T>(client: T): T => tracer.captureAWSv3Client(client);
