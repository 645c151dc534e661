import type * as z from 'zod';
import { routeKey, routes } from '../routes.ts';
import { contractOf } from './openapi-document.ts';

/**
 * Per route with a JSON body, the fields its documented answers hold (its own success answers and those
 * of the GET on the same path): what a frontend may send back after reading, ignored on input. Written to
 * shared/http/body/answered-fields.ts by `npm run contract:fields`, because the functions must not bundle
 * this registry; tests/unit/api-contract.test.ts fails when that file is stale.
 */
type Def = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; in?: z.ZodType; out?: z.ZodType; element?: z.ZodType; valueType?: z.ZodType; options?: readonly z.ZodType[] };
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Every object key anywhere in an answer schema. */
function keysOf(schema: z.ZodType | undefined, found: Set<string>): Set<string> {
  if (!schema) return found;
  const def = defOf(schema);
  if (def.shape) for (const [key, field] of Object.entries(def.shape)) keysOf(field, found.add(key));
  for (const inner of [def.innerType, def.out, def.element, def.valueType, ...(def.options ?? [])]) keysOf(inner, found);
  return found;
}

/** The `data` of a success envelope ({data} or {data, meta}). */
const dataOf = (schema: z.ZodType | undefined): z.ZodType | undefined => (schema ? defOf(schema).shape?.data : undefined);

export function answeredFieldsByRoute(): Record<string, string[]> {
  const answered: Record<string, string[]> = {};
  for (const route of routes) {
    const contract = contractOf(route);
    if (!contract.body || (contract.body.mediaType ?? 'application/json') !== 'application/json') continue;
    const reads = routes.filter((other) => other.path === route.path && other.method === 'GET').map(contractOf);
    const keys = new Set<string>();
    for (const success of [contract, ...reads].flatMap((each) => Object.values(each.responses))) keysOf(dataOf(success.schema), keys);
    answered[routeKey(route)] = [...keys].sort();
  }
  return answered;
}
