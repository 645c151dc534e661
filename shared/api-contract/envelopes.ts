import * as z from 'zod';

/**
 * The success envelopes of CONVENTIONS §1 as zod schemas: `{data}` for one resource, `{data, meta}` for a
 * list (count and next_cursor always, plus what the route adds), `{data: {id, deleted}}` for a delete.
 * Response objects are strict, so a field an answer carries but the contract does not name fails the
 * contract test instead of going undocumented.
 */
export const one = <T extends z.ZodType>(data: T) => z.strictObject({ data });

export const listMeta = <S extends z.ZodRawShape>(extra: S) =>
  z.strictObject({
    count: z.number().int().min(0).meta({ description: 'Entries in this page' }),
    next_cursor: z.string().nullable().meta({ description: 'Pass as ?cursor= for the next page; null on the last page' }),
    ...extra,
  });

export const many = <T extends z.ZodType, S extends z.ZodRawShape = Record<never, never>>(item: T, extra: S = {} as S) =>
  z.strictObject({ data: z.array(item), meta: listMeta(extra) });

/** A bulk create (responses.ts createdMany): what was made, and in `meta` its count and what happened to the rest. */
export const createdMany = <T extends z.ZodType, S extends z.ZodRawShape>(item: T, extra: S) =>
  z.strictObject({ data: z.array(item), meta: z.strictObject({ count: z.number().int().min(0), ...extra }) });

export const deletedBody = z
  .strictObject({ data: z.strictObject({ id: z.string(), deleted: z.literal(true) }) })
  .meta({ id: 'Deleted', example: { data: { id: '01JD3M8W6ZQ4V7N2K5T9X1B3C8', deleted: true } } });

/** Shared value shapes of answers. */
export const id = z.string().meta({ description: 'Opaque id', example: '01JD3M8W6ZQ4V7N2K5T9X1B3C8' });
export const timestamp = z.string().meta({ description: 'ISO 8601 instant in UTC', example: '2026-11-24T09:30:00.000Z' });
export const dayOrTime = z.string().meta({ description: 'A date (2027-06-20) or an ISO 8601 instant', example: '2027-06-20T16:00:00.000Z' });
export const money = z.number().meta({ description: 'Major units of the currency beside it', example: 1250.5 });
export const currency = z.string().meta({ description: 'ISO 4217 code', example: 'EUR' });
/** The money figures of a budget roll-up (TotalsMinor in shared/domain/budget/totals.ts), in the event's currency. */
export const budgetFigures = { estimated: money, actual: money, committed: money, paid: money, outstanding: money };
export const version = z.number().int().min(1).meta({ description: 'Send back as If-Match (or "version") to change it' });
