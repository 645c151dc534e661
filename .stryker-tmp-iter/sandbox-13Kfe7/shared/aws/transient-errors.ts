// @ts-nocheck
import { ServiceUnavailableError } from '../http/errors.ts';

/**
 * Whether an error from an AWS SDK call is one that time cures: throttling, a server-side fault, a
 * timeout or a dropped connection that survived the SDK's own retries (shared/aws/client-options.ts).
 * The API answers those with 503 and Retry-After instead of a 500, because nothing was wrong with the
 * request and trying again shortly will work. Judged as the SDK's retry strategy judges: by the error's
 * `$retryable` trait, its fault side and HTTP status, its name (the exception class's modelled name)
 * and Node's socket error codes; never by its message.
 */
const THROTTLING_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'Throttling',
  'LimitExceededException',
  'TransactionInProgressException',
]);
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const SOCKET_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

type SdkErrorShape = {
  name?: string;
  code?: string;
  $fault?: 'client' | 'server';
  $retryable?: { throttling?: boolean };
  $metadata?: { httpStatusCode?: number };
};

export function isThrottling(error: unknown): boolean {
  const shape = error as SdkErrorShape | null;
  return Boolean(shape) && (THROTTLING_NAMES.has(shape?.name ?? '') || shape?.$retryable?.throttling === true || shape?.$metadata?.httpStatusCode === 429);
}

export function isTransientAwsFailure(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const shape = error as SdkErrorShape;
  const status = shape.$metadata?.httpStatusCode ?? 0;
  return (
    isThrottling(error)
    || shape.$retryable !== undefined
    || (shape.$metadata !== undefined && (shape.$fault === 'server' || status >= 500))
    || TIMEOUT_NAMES.has(shape.name ?? '')
    || SOCKET_CODES.has(shape.code ?? '')
  );
}

/** Seconds a caller should wait: a little longer after throttling, which needs the load to drop. */
export const retryAfterSeconds = (error: unknown): number => (isThrottling(error) ? 2 : 1);

/**
 * Runs `write` again while it fails with something time cures (including transact()'s 503 after its
 * conflict retries), with full-jitter backoff, for at most `budgetMs`; then throws the last failure.
 * For the writes that record an email SES already accepted: if such a record were lost, the next run
 * would send the email a second time, so it is worth waiting for well beyond the SDK's own retries.
 */
export async function retryWhileTransient<T>(write: () => Promise<T>, budgetMs = 20_000): Promise<T> {
  const giveUpAt = Date.now() + budgetMs;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      const transient = isTransientAwsFailure(error) || error instanceof ServiceUnavailableError;
      if (!transient || Date.now() >= giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2_000, 50 * 2 ** attempt)));
    }
  }
}
