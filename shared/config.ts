import { z } from 'zod';

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
  /** The documents bucket; set only on the functions that store documents (documentsBucket() requires it). */
  DOCUMENTS_BUCKET: z.string().min(1).optional(),
  /** Where the JWT signing key comes from: a Secrets Manager ARN in AWS, a file locally. */
  SIGNING_KEY_SECRET_ARN: z.string().min(1).optional(),
  SIGNING_KEY_FILE: z.string().min(1).optional(),
  TOKEN_ISSUER: z.string().min(1).default('event-planning-api'),
  TOKEN_AUDIENCE: z.string().min(1).default('event-planning-web'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(900).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(3600).default(30 * 24 * 3600),
  /** log2 of scrypt's N. Production keeps OWASP's 17; the test suite lowers it to stay fast. */
  SCRYPT_LOG_N: z.coerce.number().int().min(10).max(20).default(17),
  CORS_ALLOWED_ORIGINS: csv.default(['http://localhost:5173']),
  PUBLIC_BASE_URL: z.string().url().default('http://localhost:3000'),
  SES_FROM_ADDRESS: z.string().email().default('planner@example.com'),
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  LOGIN_FAILURE_LIMIT: z.coerce.number().int().min(1).default(5),
  LOGIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(60).default(15 * 60),
  /** Days before the RSVP deadline that guests who have not answered are reminded (events' GSI2 markers). */
  RSVP_REMINDER_DAYS_BEFORE: z.coerce.number().int().min(1).max(60).default(3),
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
