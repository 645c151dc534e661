// @ts-nocheck
import type { z } from 'zod';
import { type FieldProblem, ValidationError } from './errors.ts';

/** zod issues as the problem document's `errors`, prefixed with where they came from. */
export function fieldProblems(error: z.ZodError, prefix = ''): FieldProblem[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || prefix || '(root)',
    message: issue.message,
  }));
}

/** Parses every part, then reports all problems at once (never only the first). */
export function parseParts<T extends Record<string, { schema: z.ZodType | undefined; value: unknown }>>(
  parts: T,
): { [K in keyof T]: T[K]['schema'] extends z.ZodType<infer Out> ? Out : undefined } {
  const problems: FieldProblem[] = [];
  const output: Record<string, unknown> = {};
  for (const [name, { schema, value }] of Object.entries(parts)) {
    if (!schema) continue;
    const result = schema.safeParse(value);
    if (result.success) output[name] = result.data;
    else problems.push(...fieldProblems(result.error, name === 'body' ? '' : name));
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return output as never;
}
