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
): Record<string, string | number> | undefined {
  if (!cursor) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      Object.values(value).every((part) => typeof part === 'string' || typeof part === 'number') &&
      Object.entries(expected).every(([name, part]) => (value as Record<string, unknown>)[name] === part)
    ) {
      return value as Record<string, string | number>;
    }
  } catch {
    // fall through to the refusal below
  }
  throw new BadRequestError('invalid_cursor', 'The cursor is not one this API issued.');
}
