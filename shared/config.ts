import * as z from 'zod';
import { BUDGET_ITEMS_CAP, CHECKLIST_CAP, TIMELINE_CAP } from './domain/collections/cap-defaults.ts';

/**
 * Configuration, parsed once at cold start from process.env. A missing or malformed variable fails at
 * start with a message naming it. infra/stack sets exactly these variables on every function.
 */
const csv = z
  .string()
  .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean));

const configSchema = z.object({
  TABLE_NAME: z.string().min(1),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  /** Set locally and in tests: DynamoDB Local / SES emulator endpoints. Unset in AWS. */
  DYNAMODB_ENDPOINT: z.string().url().optional(),
  SES_ENDPOINT: z.string().url().optional(),
  /** Set locally and in tests: the S3 emulator (s3rver). Unset in AWS. */
  S3_ENDPOINT: z.string().url().optional(),
  /** The domain events bus; set on the functions that publish (shared/events/bus.ts requires it). */
  EVENT_BUS_NAME: z.string().min(1).optional(),
  /** Set locally and in tests: the local EventBridge endpoint (infra/local/event-bus.ts). Unset in AWS. */
  EVENTBRIDGE_ENDPOINT: z.string().url().optional(),
  /** The documents bucket; set only on the functions that store documents (documentsBucket() requires it). */
  DOCUMENTS_BUCKET: z.string().min(1).optional(),
  /**
   * Key material: a Secrets Manager ARN in AWS, a file locally (infra/local/keys.ts). The private token
   * keys go to the issuer only, the published public keys to every verifier, the sealing key to the
   * functions that seal or open codes (infra/function-needs.ts).
   */
  TOKEN_SIGNING_KEYS_SECRET_ARN: z.string().min(1).optional(),
  TOKEN_SIGNING_KEYS_FILE: z.string().min(1).optional(),
  TOKEN_VERIFICATION_KEYS_SECRET_ARN: z.string().min(1).optional(),
  TOKEN_VERIFICATION_KEYS_FILE: z.string().min(1).optional(),
  SEALING_KEY_SECRET_ARN: z.string().min(1).optional(),
  SEALING_KEY_FILE: z.string().min(1).optional(),
  TOKEN_ISSUER: z.string().min(1).default('event-planning-api'),
  TOKEN_AUDIENCE: z.string().min(1).default('event-planning-web'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(900).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(3600).default(30 * 24 * 3600),
  /** A session's absolute lifetime from sign-in, however active it stays (refresh refuses it after). */
  SESSION_ABSOLUTE_LIFETIME_SECONDS: z.coerce.number().int().min(60).default(30 * 24 * 3600),
  /** Sessions one account may have; a sign-in past it ends the oldest others (docs/accounts.md). */
  MAX_SESSIONS_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
  /** log2 of scrypt's N. Production keeps OWASP's 17; the test suite lowers it to stay fast. */
  SCRYPT_LOG_N: z.coerce.number().int().min(10).max(20).default(17),
  CORS_ALLOWED_ORIGINS: csv.default(['http://localhost:5173']),
  PUBLIC_BASE_URL: z.string().url().default('http://localhost:3000'),
  SES_FROM_ADDRESS: z.string().email().default('planner@example.com'),
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  /** Registrations an hour from one source address (docs/email-verification.md); the bench raises it. */
  REGISTRATIONS_PER_SOURCE_PER_HOUR: z.coerce.number().int().min(1).default(10),
  /**
   * Requests a minute to the signed-in routes per user and per source address (docs/abuse-limits.md): a
   * burst of a tenth of it at once, refilled evenly; the stage-wide throttle is shared by everyone.
   */
  USER_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  SOURCE_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).default(1_800),
  /**
   * Requests to the public RSVP routes from one source address in 10 minutes (docs/abuse-limits.md): a
   * tenth of it at once, refilled evenly, kept in memory with a shared backstop; the bench raises it.
   */
  RSVP_REQUESTS_PER_SOURCE_PER_10_MINUTES: z.coerce.number().int().min(1).default(300),
  /** Sign-in throttling (docs/accounts.md): free failures per account and source before the backoff. */
  LOGIN_FAILURE_LIMIT: z.coerce.number().int().min(1).default(5),
  /** The window of the account-wide (unknown sources) and per-source limits. */
  LOGIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(60).default(15 * 60),
  LOGIN_BACKOFF_BASE_SECONDS: z.coerce.number().int().min(1).default(30),
  LOGIN_BACKOFF_MAX_SECONDS: z.coerce.number().int().min(1).default(15 * 60),
  /** Failures per window on one account from sources it never signed in from. */
  LOGIN_ACCOUNT_FAILURE_LIMIT: z.coerce.number().int().min(1).default(50),
  /** Failures per window from one source address, across accounts. */
  LOGIN_SOURCE_FAILURE_LIMIT: z.coerce.number().int().min(1).default(100),
  /** Days before the RSVP deadline that guests who have not answered are reminded (events' GSI2 markers). */
  RSVP_REMINDER_DAYS_BEFORE: z.coerce.number().int().min(1).max(60).default(3),
  /**
   * Days after an event ends (the end of its day in its zone) that its guests' personal data is purged
   * (issue 8). Read when the event's purge marker is written (create, date or zone change).
   */
  GUEST_DATA_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /**
   * The WebSocket API's management endpoint (`https://<api>.execute-api.<region>.amazonaws.com/<stage>`;
   * locally the ws server's own URL); set only on the functions that push to connections.
   */
  WEBSOCKET_ENDPOINT: z.string().url().optional(),
  /**
   * How long the outbox sender holds an entry it took. It must outlast a run (the function's 10 min
   * timeout) so an overlapping run never sends the same entry; a run stops taking work at half of it.
   * After a crash the entry waits this long to be picked up again: the crash test sets it to seconds.
   */
  OUTBOX_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).default(15 * 60),
  /**
   * How long a send the outbox claimed but never recorded (it died between SES and the record) stays in
   * doubt: SES reports every message it accepted as a Send event within seconds to minutes, which marks the
   * row sent; a row still unrecorded after this was never accepted and is sent again. Tests set seconds.
   */
  SES_SEND_EVENT_GRACE_SECONDS: z.coerce.number().int().min(1).max(24 * 3600).default(10 * 60),
  /** Most guests one event may have (issue 14): adds past it answer 409 guest_limit_exceeded. */
  MAX_GUESTS_PER_EVENT: z.coerce.number().int().min(1).default(10_000),
  /** Caps on the collections answered whole (shared/domain/collections/caps.ts): adds past them answer 409 collection_full. */
  MAX_TIMELINE_ITEMS_PER_EVENT: z.coerce.number().int().min(1).default(TIMELINE_CAP),
  MAX_CHECKLIST_ITEMS_PER_EVENT: z.coerce.number().int().min(1).default(CHECKLIST_CAP),
  MAX_BUDGET_ITEMS_PER_EVENT: z.coerce.number().int().min(1).default(BUDGET_ITEMS_CAP),
  /**
   * Daily quota of emails to guests per account (shared/domain/accounts/sending-quota.ts, whose defaults these
   * repeat): unverified accounts send none, new ones NEW_ACCOUNT_PER_DAY, accounts older than
   * ESTABLISHED_AFTER_DAYS send ESTABLISHED_PER_DAY.
   */
  SENDING_QUOTA_NEW_ACCOUNT_PER_DAY: z.coerce.number().int().min(0).default(200),
  SENDING_QUOTA_ESTABLISHED_PER_DAY: z.coerce.number().int().min(0).default(2_000),
  SENDING_QUOTA_ESTABLISHED_AFTER_DAYS: z.coerce.number().int().min(0).default(30),
  /**
   * Tests only, never set by the stack (tests/infra/webhooks.test.ts proves it): addresses a webhook may be
   * delivered to although the SSRF rule refuses them (the test receiver on 127.0.0.1), and a CA file the
   * webhook sender trusts besides the system's (the receiver's self-signed certificate).
   */
  WEBHOOK_TEST_ALLOWED_ADDRESSES: csv.optional(),
  WEBHOOK_TEST_CA_FILE: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

export type Config = z.infer<typeof configSchema>;

let loaded: Config | undefined;

export function config(): Config {
  if (!loaded) {
    const parsed = configSchema.safeParse(process.env);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
      throw new Error(`Invalid configuration: ${problems.join('; ')}`);
    }
    loaded = parsed.data;
  }
  return loaded;
}

/** Tests and the local runtime change the environment between runs; this forgets the parsed copy. */
export function resetConfigForTests(): void {
  loaded = undefined;
}
