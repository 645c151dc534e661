// @ts-nocheck
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/** API Gateway gives up on an integration after 30 s; the stack's functions time out just before. */
export const LOCAL_FUNCTION_TIMEOUT_MS = 29_000;

/** The Lambda context a function receives, for calling a handler outside Lambda. */
export function lambdaContext(functionName: string, timeoutMs = LOCAL_FUNCTION_TIMEOUT_MS): Context {
  const deadline = Date.now() + timeoutMs;
  const awsRequestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION ?? 'us-east-1'}:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/${awsRequestId}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    // Only callback-style handlers use these; ours are async and never call them.
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
