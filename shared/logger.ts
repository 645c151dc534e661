import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs through Powertools for AWS Lambda's Logger: one line per entry with its level,
 * message, timestamp, service (POWERTOOLS_SERVICE_NAME), X-Ray trace id and, inside a handler, the Lambda
 * context (function name, request id, cold start) that injectLambdaContext adds. `createLogger` stays the
 * one way the code logs: a thin facade that stamps its base fields on every line, the request id as
 * Powertools' `correlation_id`. Keys that could hold secrets are redacted at any depth by the Logger's
 * own JSON replacer, whatever logs through it.
 */
const levels = ['debug', 'info', 'warn', 'error', 'silent'] as const;
type Level = (typeof levels)[number];

const SECRET_KEYS = /pass(word)?|token|secret|authorization|cookie|code_hash|refresh/i;

/** The Logger's JSON replacer: the value of a key that could hold a secret is never written. */
export const redactSecrets = (key: string, value: unknown): unknown => (key !== '' && SECRET_KEYS.test(key) ? '[redacted]' : value);

const loggers = new Map<Level, PowertoolsLogger>();

/**
 * The process's Powertools Logger at one minimum level (in AWS the function's application log level from
 * Lambda's advanced logging controls wins over it, and the two are set from the same setting).
 */
export function powertoolsLogger(minimum: Level): PowertoolsLogger {
  let logger = loggers.get(minimum);
  if (!logger) {
    logger = new PowertoolsLogger({ logLevel: minimum.toUpperCase() as Uppercase<Level>, jsonReplacerFn: redactSecrets });
    loggers.set(minimum, logger);
  }
  return logger;
}

export type Logger = {
  debug: (message: string, fields?: Record<string, unknown>) => void;
  info: (message: string, fields?: Record<string, unknown>) => void;
  warn: (message: string, fields?: Record<string, unknown>) => void;
  error: (message: string, fields?: Record<string, unknown>) => void;
};

/**
 * Powertools drops a field named like one of its own keys (with a warning): such a field (most often an
 * error's `message`) is kept as `<name>_field` instead.
 */
const RESERVED_KEYS = new Set(['level', 'message', 'sampling_rate', 'service', 'timestamp']);
const unreserved = (fields: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(fields).map(([key, value]) => [RESERVED_KEYS.has(key) ? `${key}_field` : key, value]));

export function createLogger(base: Record<string, unknown>, minimum: Level = 'info'): Logger {
  const logger = powertoolsLogger(minimum);
  const { requestId, ...rest } = base;
  const stamped = unreserved(requestId === undefined ? rest : { correlation_id: requestId, ...rest });
  const write = (level: Exclude<Level, 'silent'>) => (message: string, fields: Record<string, unknown> = {}) =>
    logger[level](message, { ...stamped, ...unreserved(fields) });
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
