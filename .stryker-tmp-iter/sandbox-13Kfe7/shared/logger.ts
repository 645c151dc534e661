/**
 * Structured JSON logs, one line per entry, always with the request id. Keys that could hold secrets are
 * redacted before anything is written.
 */
// @ts-nocheck

const levels = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
type Level = keyof typeof levels;

const SECRET_KEYS = /pass(word)?|token|secret|authorization|cookie|code_hash|refresh/i;

function redact(value: unknown, depth = 0): unknown {
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, item]) => [
      key,
      SECRET_KEYS.test(key) ? '[redacted]' : redact(item, depth + 1),
    ]),
  );
}

export type Logger = {
  debug: (message: string, fields?: Record<string, unknown>) => void;
  info: (message: string, fields?: Record<string, unknown>) => void;
  warn: (message: string, fields?: Record<string, unknown>) => void;
  error: (message: string, fields?: Record<string, unknown>) => void;
};

export function createLogger(base: Record<string, unknown>, minimum: Level = 'info'): Logger {
  const write = (level: Exclude<Level, 'silent'>) => (message: string, fields: Record<string, unknown> = {}) => {
    if (levels[level] < levels[minimum]) return;
    const entry = { level, time: new Date().toISOString(), message, ...base, ...(redact(fields) as object) };
    process.stdout.write(`${JSON.stringify(entry)}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
