import * as z from 'zod';
import { languages } from '../i18n/languages.ts';

/** Building blocks every resource schema uses, so limits and aliases are the same everywhere. */

/** Trimmed text with a length limit; every text field has one. */
export const text = (max: number, min = 0) => z.string().trim().min(min).max(max);

export const email = z.string().trim().max(254).email().transform((value) => value.toLowerCase());

/** A language guests read in (shared/i18n): `fr`, any case. */
export const languageInput = z.string().trim().toLowerCase().pipe(z.enum(languages, { message: 'Use en, fr, de or es' }));

export const phone = z.string().trim().regex(/^\+?[0-9 ()\-.]{5,30}$/, 'Use digits, spaces and + ( ) - . only');

/**
 * A web address: http or https only, the one schema for every URL field. Any other scheme is refused
 * (`javascript:` and `data:` run script where a page or an email shows the link, `file:` reads the
 * viewer's disk), as is anything the WHATWG URL parser cannot read.
 */
export const webUrl = (max: number) =>
  z.url({ protocol: /^https?$/, message: 'Use a full http or https URL such as https://example.com' }).trim().max(max);

/** An id from this API (ULID, or a child id of two ULIDs). Anything else is a 404 later, never a 500. */
export const idParam = z.object({ id: z.string().min(1).max(64) });

/** ISO 8601 instant in UTC, or a date alone where a day is enough. */
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use YYYY-MM-DD').refine(
  (value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
  'Not a real calendar date',
);
export const isoDateTime = z.iso.datetime({ offset: true });

/** `?limit=&cursor=` per CONVENTIONS: default 20, at most 100. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional(),
});

export const sortOrders = ['asc', 'desc'] as const;
type SortOrder = (typeof sortOrders)[number];

/**
 * `sort` and `order` of a sortable list: `sort=field&order=asc|desc`, or `sort=-field` for descending (the
 * original spec's form). Fold them with foldSort once the query is parsed.
 */
export function sortParams(fields: readonly [string, ...string[]], fallback: string) {
  const values = [...fields, ...fields.map((field) => `-${field}`)] as [string, ...string[]];
  return {
    sort: z.enum(values).default(fallback).meta({ description: `${fields.join(', ')}; a leading - sorts descending (sort=-${fields[0]})` }),
    order: z.enum(sortOrders).optional(),
  };
}

/** A `-field` sort becomes `order: desc`; a contradicting `order` is a problem, never a silent choice. */
export function foldSort<F extends string, T extends { sort: string; order?: SortOrder }>(
  fields: readonly [F, ...F[]],
  query: T,
  ctx: z.RefinementCtx,
): Omit<T, 'sort' | 'order'> & { sort: F; order: SortOrder } {
  const descending = query.sort.startsWith('-');
  if (descending && query.order === 'asc') ctx.addIssue({ code: 'custom', path: ['order'], message: `sort=${query.sort} sorts descending; drop order or use order=desc` });
  const name = descending ? query.sort.slice(1) : query.sort;
  return { ...query, sort: fields.find((field) => field === name) ?? fields[0], order: descending ? 'desc' : query.order ?? 'asc' };
}

export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'Use an ISO 4217 code such as USD');
