import { config } from '../config.ts';
import { allowlistedAgents } from './egress.ts';

/**
 * The retry and timeout policy of every AWS SDK client, in one place. All use the SDK's `standard` retry
 * mode (full-jitter exponential backoff, a retry quota that stops retry storms) rather than `adaptive`,
 * whose client-side rate limiter only helps a long-lived client, not a Lambda that lives for minutes.
 * Timeouts are set because the SDK's default waits for as long as the socket allows: a request that
 * hangs would otherwise hold an API call until API Gateway gives up at 30 s, with no answer at all.
 *
 * - DynamoDB: 4 attempts with 1 s to connect and 3 s per request (its calls take milliseconds), so the
 *   worst case stays inside API Gateway's 30 s.
 *   Retrying a write never applies it twice: TransactWriteItems carries the SDK's ClientRequestToken
 *   (a retried transaction is applied once), counters only move inside transactions, and a plain
 *   conditional write that did land before its timeout fails its condition on the retry.
 * - SES: 3 attempts, 10 s per request. SendEmail is not idempotent, so a retry after a timeout or a
 *   dropped connection may repeat an email SES did accept; giving up instead would not help, as the
 *   outbox sends a failed row again on its next run anyway. Most such failures are a keep-alive socket
 *   closed under the request (`socket hang up`), which SES never saw. Longer throttling is retried by
 *   the adapter (shared/email/ses.ts).
 * - S3 and EventBridge: 3 attempts, with request timeouts of 10 s and 5 s.
 * - API Gateway's management API (WebSocket pushes): 2 attempts of 2 s; a post repeated after a timeout
 *   only repeats the same counters, and a late push is worth less than the next one.
 * - Secrets Manager: 3 attempts of 5 s; keys are read once per container or on rotation.
 *
 * Against the local emulators (an endpoint is configured) connecting and answering may take 30 s each:
 * DynamoDB Local on a busy laptop is slower than DynamoDB by orders of magnitude, and a timeout there
 * would be a false alarm.
 *
 * Errors that survive these retries reach the problem middleware, which answers 503 with Retry-After
 * (shared/aws/transient-errors.ts).
 */
export type AwsService = 'dynamodb' | 'ses' | 's3' | 'eventbridge' | 'apigatewaymanagement' | 'secretsmanager';

type Policy = { maxAttempts: number; connectionTimeout: number; requestTimeout: number };

const awsRetryPolicies: Record<AwsService, Policy> = {
  dynamodb: { maxAttempts: 4, connectionTimeout: 1_000, requestTimeout: 3_000 },
  ses: { maxAttempts: 3, connectionTimeout: 1_000, requestTimeout: 10_000 },
  s3: { maxAttempts: 3, connectionTimeout: 1_000, requestTimeout: 10_000 },
  eventbridge: { maxAttempts: 3, connectionTimeout: 1_000, requestTimeout: 5_000 },
  apigatewaymanagement: { maxAttempts: 2, connectionTimeout: 1_000, requestTimeout: 2_000 },
  secretsmanager: { maxAttempts: 3, connectionTimeout: 1_000, requestTimeout: 5_000 },
};

const LOCAL_TIMEOUT_MS = 30_000;

const emulated = (service: AwsService): boolean => {
  const { DYNAMODB_ENDPOINT, SES_ENDPOINT, S3_ENDPOINT, EVENTBRIDGE_ENDPOINT, WEBSOCKET_ENDPOINT } = config();
  // The management API is always https in AWS; the local ws server's stand-in is plain http.
  const localWebSocket = WEBSOCKET_ENDPOINT?.startsWith('http://') ? WEBSOCKET_ENDPOINT : undefined;
  // Secrets are files locally; Secrets Manager is only ever the real one.
  return Boolean({ dynamodb: DYNAMODB_ENDPOINT, ses: SES_ENDPOINT, s3: S3_ENDPOINT, eventbridge: EVENTBRIDGE_ENDPOINT, apigatewaymanagement: localWebSocket, secretsmanager: undefined }[service]);
};

/**
 * Region, retry mode, attempts, the HTTP handler's timeouts and the egress-allowlisted agents
 * (shared/aws/egress.ts) for one service's client.
 */
export function awsClientOptions(service: AwsService) {
  const { maxAttempts, connectionTimeout, requestTimeout } = awsRetryPolicies[service];
  const local = emulated(service);
  return {
    region: config().AWS_REGION,
    retryMode: 'standard',
    maxAttempts,
    requestHandler: {
      ...allowlistedAgents(),
      connectionTimeout: local ? LOCAL_TIMEOUT_MS : connectionTimeout,
      requestTimeout: local ? LOCAL_TIMEOUT_MS : requestTimeout,
      // Without it the handler only logs a warning when the time is up and goes on waiting.
      throwOnRequestTimeout: true,
    },
  } as const;
}
