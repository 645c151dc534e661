import type { z } from 'zod';
import type { ProblemReason } from '../domain/guest-problems/reasons.ts';
import { type FieldProblem, ValidationError } from './errors.ts';

/** zod issues as the problem document's `errors`, prefixed with where they came from. */
export function fieldProblems(error: z.ZodError, prefix = ''): FieldProblem[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || prefix || '(root)',
    message: issue.message,
  }));
}

/** The same problems with the reason of each (what the guest's pages translate by); never answered by the API as they are. */
export const reasonedFieldProblems = (error: z.ZodError, prefix = ''): FieldProblem[] =>
  fieldProblems(error, prefix).map((problem, index) => ({ ...problem, reason: reasonOfIssue(error.issues[index] as z.core.$ZodIssue) }));

/** A schema's own reason (a refinement's `params.reason`), else one from zod's issue code: what the guest's pages translate by. */
export function reasonOfIssue(issue: z.core.$ZodIssue): ProblemReason {
  const bound = (value: number | bigint) => Number(value);
  switch (issue.code) {
    case 'custom': {
      const named = (issue.params as { reason?: unknown } | undefined)?.reason;
      return named === 'status_required' || named === 'required' ? { code: named } : { code: 'invalid' };
    }
    case 'too_big':
      if (issue.origin === 'string') return { code: 'text_too_long', max: bound(issue.maximum) };
      if (issue.origin === 'number' || issue.origin === 'int') return { code: 'number_too_large', max: bound(issue.maximum) };
      if (issue.origin === 'array' || issue.origin === 'set') return { code: 'too_many_items', max: bound(issue.maximum) };
      return { code: 'invalid' };
    case 'too_small':
      if (issue.origin === 'number' || issue.origin === 'int') return { code: 'number_too_small', min: bound(issue.minimum) };
      if (issue.origin === 'string') return { code: 'required' };
      return { code: 'invalid' };
    case 'invalid_value':
      return { code: 'not_an_option' };
    default:
      return { code: 'invalid' };
  }
}

/**
 * Parses every part, then reports all problems at once (never only the first), after `earlier` ones
 * found before parsing (unknown body fields).
 */
export function parseParts<T extends Record<string, { schema: z.ZodType | undefined; value: unknown }>>(
  parts: T,
  earlier: FieldProblem[] = [],
): { [K in keyof T]: T[K]['schema'] extends z.ZodType<infer Out> ? Out : undefined } {
  const problems: FieldProblem[] = [...earlier];
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
