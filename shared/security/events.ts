import { createHash } from 'node:crypto';
import { config } from '../config.ts';

/**
 * Security events (ASVS 5.0 16.3, issue 20): one JSON line per event, apart from request logs by
 * `log_type: "security"`, with a fixed field set (no secrets, no tokens, no email addresses: an unknown
 * login name is kept only as a hash prefix), and a CloudWatch metric per kind through the embedded metric
 * format in the same line (namespace EventPlanning/Security, metric SecurityEvents, dimension `kind`),
 * which the stack's alarms watch for bursts (infra/constructs/security-alarms.ts). Written whatever the
 * log level but `silent`. docs/security.md lists the kinds.
 */
export const securityEventKinds = [
  'login.succeeded',
  'login.failed',
  'login.mfa_required',
  'token.refreshed',
  'refresh_token.reused',
  'logout',
  'password.changed',
  'password.reset',
  'sessions.revoked',
  'session.ended',
  'sessions.ended_by_operator',
  'mfa.enabled',
  'mfa.disabled',
  'mfa.challenge_failed',
  'mfa.recovery_code_used',
  'mfa.recovery_codes_replaced',
  'email.verified',
  'email.changed',
  'email.change_requested',
  'account.deleted',
  'access.refused',
  'input.refused',
  'rule.refused',
  'rate_limited',
  'upload.infected',
] as const;
export type SecurityEventKind = (typeof securityEventKinds)[number];

export type SecurityEventFields = {
  user_id?: string;
  session_id?: string;
  source_ip?: string;
  /** The route key (`POST /api/auth/login`) of a refusal. */
  route?: string;
  status?: number;
  /** The problem code of a refusal. */
  code?: string;
  /** A login name that matched no account, as the first 16 hex digits of its SHA-256. */
  login_hash?: string;
  request_id?: string;
  /** What an event is about when no route names it: an infected upload's `<documentId>/v<n>`. */
  resource?: string;
};

export const SECURITY_METRIC_NAMESPACE = 'EventPlanning/Security';
export const SECURITY_METRIC_NAME = 'SecurityEvents';

type Sink = (entry: Record<string, unknown>) => void;
const stdoutSink: Sink = (entry) => {
  if (config().LOG_LEVEL !== 'silent') process.stdout.write(`${JSON.stringify(entry)}\n`);
};
let sink: Sink = stdoutSink;

const FIELDS: (keyof SecurityEventFields)[] = ['user_id', 'session_id', 'source_ip', 'route', 'status', 'code', 'login_hash', 'request_id', 'resource'];

export function securityEvent(kind: SecurityEventKind, fields: SecurityEventFields = {}, now = new Date()): void {
  // Only the fixed fields, whatever a caller passes: nothing else can leak into this log.
  const kept = Object.fromEntries(FIELDS.filter((field) => fields[field] !== undefined).map((field) => [field, fields[field]]));
  sink({
    log_type: 'security',
    time: now.toISOString(),
    kind,
    ...kept,
    _aws: {
      Timestamp: now.getTime(),
      CloudWatchMetrics: [{ Namespace: SECURITY_METRIC_NAMESPACE, Dimensions: [['kind']], Metrics: [{ Name: SECURITY_METRIC_NAME, Unit: 'Count' }] }],
    },
    [SECURITY_METRIC_NAME]: 1,
  });
}

/** A login name kept without the name itself: enough to see many failures against one name. */
export const loginHash = (login: string): string => createHash('sha256').update(login.trim().toLowerCase()).digest('hex').slice(0, 16);

/** Tests: the events written from now on, instead of stdout, until `stop()`. */
export function captureSecurityEvents(): { events: Record<string, unknown>[]; stop: () => void } {
  const events: Record<string, unknown>[] = [];
  sink = (entry) => events.push(entry);
  return { events, stop: () => { sink = stdoutSink; } };
}
