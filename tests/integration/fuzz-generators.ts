import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import type { z } from 'zod';
import { repoRoot } from '../../infra/local/function-entries.ts';
import { PROTOTYPE_KEYS } from '../../shared/http/body/prototype-keys.ts';
import { MAX_BODY_BYTES } from '../../shared/http/middleware/json-body.ts';

/**
 * The fast-check arbitraries of the route fuzzer: bodies, raw bodies, content types, query strings,
 * path ids and headers, each biased toward what breaks parsers (wrong types for real field names, deep
 * nesting, huge or odd strings, duplicate keys, malformed JSON).
 */

type Def = { type: string; shape?: Record<string, z.ZodType>; [part: string]: unknown };
const defOf = (schema: unknown): Def | undefined => (schema as { _zod?: { def?: Def } })?._zod?.def;

/** Every object key in a zod schema, however wrapped (optional, pipe, union, array, record, lazy...). */
function collectKeys(schema: unknown, into: Set<string>, seen = new Set<unknown>()): void {
  const def = defOf(schema);
  if (!def || seen.has(schema)) return;
  seen.add(schema);
  if (def.type === 'object' && def.shape) {
    for (const [key, value] of Object.entries(def.shape)) {
      into.add(key);
      collectKeys(value, into, seen);
    }
  }
  if (def.type === 'lazy' && typeof def.getter === 'function') collectKeys((def.getter as () => unknown)(), into, seen);
  for (const part of ['innerType', 'in', 'out', 'element', 'left', 'right', 'keyType', 'valueType', 'rest']) collectKeys(def[part], into, seen);
  for (const list of ['options', 'items']) if (Array.isArray(def[list])) for (const option of def[list] as unknown[]) collectKeys(option, into, seen);
}

/** The field names of every schema in shared/schemas, so new fields are fuzzed without editing this file. */
export async function schemaFieldNames(): Promise<string[]> {
  const names = new Set<string>();
  const folder = `${repoRoot}shared/schemas`;
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.ts'))) {
    const exported = (await import(/* @vite-ignore */ `${folder}/${file}`)) as Record<string, unknown>;
    for (const value of Object.values(exported)) collectKeys(value, names);
  }
  return [...names].sort();
}

const LONE_SURROGATES = ['\ud800', '\udfff', '\udbff\u0041', 'a\udc00b'];
const ODD_TEXT = ['\u0000', 'a\u0000b', '\u202e', '\ufeff', '𝕳𝖊𝖑𝖑𝖔', '👩‍👩‍👧‍👦', 'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǵ̗͚', '<script>alert(1)</script>', '{{7*7}}', '\r\nBcc: x@example.com', '../../etc/passwd', "' OR 1=1 --", '${jndi:ldap://x}', '%00', '__proto__'];

/** Strings that hurt: unicode of every plane, lone surrogates, NUL, control and bidi characters, long runs. */
export const oddString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(...LONE_SURROGATES, ...ODD_TEXT),
  fc.integer({ min: 1_000, max: 70_000 }).map((length) => 'x'.repeat(length)),
  fc.string({ maxLength: 12 }),
);

/** A value of any JSON type (and the shapes people get wrong: dates as numbers, numbers as strings). */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  oddString,
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, '', '1', '2027-02-30', '2027-06-20T25:00:00Z', 'yes', 'USD'),
  fc.double(),
  fc.integer(),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom([], {}, [[]], { '': null }),
);

/** `{"a":{"a":...}}` or `[[[...]]]` `depth` levels deep, as raw JSON (built as text: no stack needed). */
export const deeplyNested = (depth: number, kind: 'object' | 'array'): string =>
  kind === 'object' ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** A JSON body: real field names with wrong or odd values, anything at all, or deep nesting. */
export const jsonBody = (fieldNames: string[]): fc.Arbitrary<unknown> => {
  const known = fc.dictionary(fc.constantFrom(...fieldNames), oddValue, { maxKeys: 6 });
  const knownWithExtras = fc.tuple(known, fc.dictionary(fc.string({ maxLength: 10 }), oddValue, { maxKeys: 3 })).map(([a, b]) => ({ ...b, ...a }));
  return fc.oneof(
    { weight: 5, arbitrary: known },
    { weight: 2, arbitrary: knownWithExtras },
    { weight: 1, arbitrary: known.map((guest) => ({ guest_list: [guest, guest] })) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true }).map((value) => safeJson(value)) },
    { weight: 1, arbitrary: fc.constantFrom(null, [], '', 0, 'x', true) },
  );
};

/** fc.anything() reduced to what JSON.stringify can write (no BigInt, no cycles). */
function safeJson(value: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? String(inner) : inner)) ?? 'null');
  } catch {
    return null;
  }
}

/**
 * Prototype keys (`__proto__`, `constructor`, `prototype`) where code reads a body as a map: at the top,
 * under a real field (`{"allocations":{"constructor":7}}`), in a list item, with any value. As raw text,
 * since an object literal's `__proto__` would not survive JSON.stringify.
 */
const prototypeKeyBody = (field: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.tuple(field, fc.constantFrom(...PROTOTYPE_KEYS), oddValue, fc.constantFrom('top', 'nested', 'listed')).map(([name, key, value, where]) => {
    const inner = `{"${key}":${JSON.stringify(value) ?? 'null'}}`;
    if (where === 'top') return `{"${name}":"x","${key}":${JSON.stringify(value) ?? 'null'}}`;
    return where === 'nested' ? `{"${name}":${inner}}` : `{"${name}":[${inner}]}`;
  });

/** Raw bodies no serializer would write: duplicate keys, broken JSON, prototype keys, huge numbers, sizes at the limit. */
export const rawBody = (fieldNames: string[]): fc.Arbitrary<string> => {
  const field = fc.constantFrom(...fieldNames);
  return fc.oneof(
    fc.tuple(field, oddValue, oddValue).map(([name, first, second]) => `{"${name}":${JSON.stringify(first) ?? 'null'},"${name}":${JSON.stringify(second) ?? 'null'}}`),
    fc.constantFrom(
      '{', '}', '{"a":', '{"name":"x",}', "{'name':'x'}", 'nul', 'NaN', '[1,2', '\ufeff{}', '{"a":1}{"b":2}', '{"name":"\\ud800"}',
      '{"__proto__":{"admin":true},"name":"x"}', '{"constructor":{"prototype":{"polluted":1}}}', '1e99999', '-0', '"\\u0000"', '{"a":"\u0000"}',
      '{"limit":1e400,"amount":-1e400}', '\u0000', '{"name":"x"}\u0000',
    ),
    prototypeKeyBody(field),
    fc.constantFrom(1_000, 10_000).map((depth) => deeplyNested(depth, 'object')),
    fc.constantFrom(1_000, 10_000).map((depth) => deeplyNested(depth, 'array')),
    field.map((name) => `{"${name}":"${'y'.repeat(MAX_BODY_BYTES - name.length - 7)}"}`),
    field.map((name) => `{"${name}":"${'y'.repeat(MAX_BODY_BYTES + 1)}"}`),
    fc.string({ unit: 'binary', maxLength: 60 }),
  );
};

export const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      undefined, '', 'text/plain', 'application/json; charset=utf-16', 'application/problem+json', 'application/jsonx',
      'APPLICATION/JSON', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/csv', 'application/octet-stream',
      'application/json;;;', 'image/png', '*/*', 'application/json\r\nX-Evil: 1',
    ),
  },
);

const queryKey = (fieldNames: string[]) => fc.oneof(fc.constantFrom('limit', 'cursor', 'sort', 'order', 'status', 'q', 'answered', ...fieldNames), fc.string({ maxLength: 8 }));
const queryValue = fc.oneof(
  fc.constantFrom('-1', '0', '101', '100000', '1e9', 'NaN', 'Infinity', 'abc', '', '%', '%E0%A4%A', 'eyJwayI6IkVWRU5UIyJ9', 'desc', 'asc', 'name', 'yes', '2027-01-01'),
  oddString.filter((value) => value.length < 3_000),
  fc.integer({ min: 2_000, max: 20_000 }).map((length) => 'c'.repeat(length)),
);

/** A raw query string: repeats (`a=1&a=2`), arrays (`a[]=`), odd encodings and huge values. */
export const rawQuery = (fieldNames: string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant('') },
    {
      weight: 4,
      arbitrary: fc.array(fc.tuple(queryKey(fieldNames), queryValue, fc.boolean()), { maxLength: 5 }).map((pairs) =>
        pairs.map(([key, value, asArray]) => `${encodeURIComponent(key)}${asArray ? '[]' : ''}=${safeEncode(value)}`).join('&'),
      ),
    },
    { weight: 1, arbitrary: fc.constantFrom('limit=1&limit=2', 'limit', '=', '&&&', 'cursor=%ZZ', 'limit[]=5&limit[]=6', 'cursor=' + 'A'.repeat(5_000)) },
  );

/** encodeURIComponent, except lone surrogates (which it refuses) are sent as raw percent bytes. */
function safeEncode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

/** A path id that is not a real one: random, traversal-ish, encoded, huge, unicode. */
export const fakeId: fc.Arbitrary<string> = fc.oneof(
  fc.ulid(),
  fc.uuid(),
  fc.constantFrom('..', '../..', '../../api/events', '%2e%2e', ' ', '0', '-1', 'null', 'undefined', '*', 'EVENT#x', 'a/b', '\u0000', '01ARZ3NDEKTSV4RRFFQ69G5FAV'.repeat(3)),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
  fc.integer({ min: 65, max: 5_000 }).map((length) => 'i'.repeat(length)),
);

/** Headers that are odd but plausible: garbage If-Match, huge or invalid Idempotency-Key, odd Accept. */
export const oddHeaders: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    'if-match': fc.oneof(fc.constantFrom('*', '"1"', 'W/"1"', '-1', '0', '1e999', 'abc', '1, 2', '99999999999999999999', ''), fc.string({ maxLength: 20 })),
    'idempotency-key': fc.oneof(fc.constantFrom('short', 'valid-key-0001', 'k'.repeat(129), 'key with spaces', ''), fc.string({ maxLength: 200 })),
    accept: fc.constantFrom('text/html', '*/*', 'application/xml', ''),
    'x-forwarded-for': fc.constantFrom('127.0.0.1', '::1, 10.0.0.1', 'garbage'),
  },
  { requiredKeys: [] },
).map((headers) => Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, value.replace(/[\r\n]/g, ' ')])));
