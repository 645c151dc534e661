import { BadRequestError } from '../http/errors.ts';

/**
 * Opaque pagination cursors: DynamoDB's LastEvaluatedKey (or any small key object) as base64url JSON.
 * A cursor that does not decode to a flat object of strings and numbers is refused with 400.
 */
export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;
}

export function decodeCursor(
  cursor: string | undefined,
  /** Key attributes the cursor must carry unchanged (its partition), so a forged one cannot wander. */
  expected: Record<string, string> = {},
  /**
   * When the cursor goes to DynamoDB as ExclusiveStartKey: its key attributes, each a string starting
   * with the given prefix (the range the Query reads), and nothing but these and `expected`. DynamoDB
   * refuses a start key that is missing, extra, retyped or outside the range (a 500); here it is a 400.
   * A list of prefixes: a list that reads one range, then the next, with one cursor (the team's).
   */
  startKeyPrefixes?: Record<string, string | readonly string[]>,
): Record<string, string | number> | undefined {
  if (!cursor) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      Object.values(value).every((part) => typeof part === 'string' || typeof part === 'number') &&
      Object.entries(expected).every(([name, part]) => (value as Record<string, unknown>)[name] === part) &&
      (!startKeyPrefixes || isStartKey(value as Record<string, unknown>, expected, startKeyPrefixes))
    ) {
      return value as Record<string, string | number>;
    }
  } catch {
    // fall through to the refusal below
  }
  throw new BadRequestError('invalid_cursor', 'The cursor is not one this API issued.');
}

function isStartKey(value: Record<string, unknown>, expected: Record<string, string>, prefixes: Record<string, string | readonly string[]>): boolean {
  const names = new Set([...Object.keys(expected), ...Object.keys(prefixes)]);
  return (
    Object.keys(value).every((name) => names.has(name)) &&
    Object.entries(prefixes).every(([name, prefix]) => {
      const part = value[name];
      return typeof part === 'string' && (typeof prefix === 'string' ? [prefix] : prefix).some((each) => part.startsWith(each));
    })
  );
}
