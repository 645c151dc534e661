import type * as z from 'zod';
import type { FieldProblem } from '../errors.ts';

/**
 * Body fields a route does not know, found by walking the input side of the route's own zod schema: a
 * key that is neither a field nor an alias there, nor a field the route answers itself (read-only, sent
 * back by a frontend that read it), is a problem naming it. zod alone would drop it silently, and a typo
 * must never look like success; `z.strictObject` would refuse the read-only fields as well.
 */
export const UNKNOWN_FIELD_MESSAGE = 'Unknown field: this route does not accept it (check the name)';

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  transform?: (value: unknown, payload: unknown) => unknown;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: readonly z.ZodType[];
  getter?: () => z.ZodType;
};

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const wrappers = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

export function unknownFieldProblems(schema: z.ZodType, value: unknown, answered: ReadonlySet<string>, path: string[] = []): FieldProblem[] {
  const def = defOf(schema);
  if (wrappers.has(def.type) && def.innerType) return unknownFieldProblems(def.innerType, value, answered, path);
  // What a pipe accepts is what its input side accepts (a transform's output is ours, not the caller's);
  // a preprocess step only reshapes the input (pure by design), so what it gives is checked.
  if (def.type === 'pipe' && def.in) {
    const preprocess = defOf(def.in).transform;
    if (defOf(def.in).type === 'transform' && preprocess && def.out) return unknownFieldProblems(def.out, preprocess(value, { value, issues: [] }), answered, path);
    return unknownFieldProblems(def.in, value, answered, path);
  }
  if (def.type === 'lazy' && def.getter) return unknownFieldProblems(def.getter(), value, answered, path);
  if (def.type === 'array' && def.element && Array.isArray(value)) {
    const element = def.element;
    return value.flatMap((item, index) => unknownFieldProblems(element, item, answered, [...path, String(index)]));
  }
  if (def.type === 'record' && def.valueType && isPlainObject(value)) {
    const valueType = def.valueType;
    return Object.entries(value).flatMap(([key, item]) => unknownFieldProblems(valueType, item, answered, [...path, key]));
  }
  if (def.type === 'union' && def.options) {
    // Among the options of the value's kind (an object for an object...), the one that fits best: none
    // when one fits, else the fewest unknown fields.
    const kind = Array.isArray(value) ? ['array'] : isPlainObject(value) ? ['object', 'record'] : [];
    const candidates = def.options.filter((option) => kind.includes(baseTypeOf(option))).map((option) => unknownFieldProblems(option, value, answered, path));
    return candidates.reduce((best, next) => (next.length < best.length ? next : best), candidates[0] ?? []);
  }
  if (def.type === 'object' && def.shape && isPlainObject(value)) return objectProblems(def, value, answered, path);
  return [];
}

/** The type under wrappers and a pipe's input side. */
function baseTypeOf(schema: z.ZodType): string {
  const def = defOf(schema);
  if (wrappers.has(def.type) && def.innerType) return baseTypeOf(def.innerType);
  if (def.type === 'pipe' && def.in) return defOf(def.in).type === 'transform' && def.out ? baseTypeOf(def.out) : baseTypeOf(def.in);
  return def.type;
}

function objectProblems(def: Def, value: Record<string, unknown>, answered: ReadonlySet<string>, path: string[]): FieldProblem[] {
  const shape = def.shape ?? {};
  // A catchall (strict or loose) already decides what happens to other keys.
  const checksOthers = def.catchall === undefined;
  return Object.entries(value).flatMap(([key, item]) => {
    const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (field) return unknownFieldProblems(field, item, answered, [...path, key]);
    if (!checksOthers || answered.has(key)) return [];
    return [{ path: [...path, key].join('.'), message: UNKNOWN_FIELD_MESSAGE }];
  });
}
