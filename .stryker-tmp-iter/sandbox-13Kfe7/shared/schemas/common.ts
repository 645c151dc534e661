// @ts-nocheck
import * as z from 'zod';

/** Building blocks every resource schema uses, so limits and aliases are the same everywhere. */

/** Trimmed text with a length limit; every text field has one. */
export const text = (max: number, min = 0) => z.string().trim().min(min).max(max);

export const email = z.string().trim().max(254).email().transform((value) => value.toLowerCase());

export const phone = z.string().trim().regex(/^\+?[0-9 ()\-.]{5,30}$/, 'Use digits, spaces and + ( ) - . only');

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

export const sortOrder = z.enum(['asc', 'desc']).default('asc');

export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'Use an ISO 4217 code such as USD');
