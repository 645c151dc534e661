import type { FieldProblem } from '../errors.ts';

/**
 * Object keys that name JavaScript's prototype machinery. JSON.parse makes them ordinary own keys, but
 * code further on reads bodies as plain objects (`allocations[category]`, spreads, `in` checks), where
 * `constructor` finds Object's function and `__proto__` can swap a prototype; the marshaller then fails
 * on a function (a 500). No field of this API is named so, so they are refused for every body, in one
 * place, before anything else reads it.
 */
export const PROTOTYPE_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

const prototypeKeys = new Set(PROTOTYPE_KEYS);

/**
 * Every place in a parsed body where a prototype key is used as an object key, as field problems
 * (`allocations.constructor`). Walks without recursion: the body's depth is already bounded, but an
 * explicit stack costs nothing and cannot overflow.
 */
export function prototypeKeyProblems(body: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stack: { value: unknown; path: string[] }[] = [{ value: body, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: string[] };
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      value.forEach((item, index) => stack.push({ value: item, path: [...path, String(index)] }));
      continue;
    }
    for (const key of Object.keys(value)) {
      const itemPath = [...path, key];
      if (prototypeKeys.has(key)) problems.push({ path: itemPath.join('.'), message: `"${key}" is not accepted as a field name` });
      else stack.push({ value: (value as Record<string, unknown>)[key], path: itemPath });
    }
  }
  return problems.sort((a, b) => a.path.localeCompare(b.path));
}
