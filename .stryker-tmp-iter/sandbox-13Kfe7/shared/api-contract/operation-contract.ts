// @ts-nocheck
import type * as z from 'zod';
import type { ProblemStatus } from './problem.ts';

/**
 * What the API promises for one operation of the route table: the request schemas (the very ones the
 * handler validates with), the success answers and the problem statuses beyond the ones every route of
 * its kind can give (see problemsOf in openapi-document.ts).
 */
export type RequestBodyContract = {
  schema: z.ZodType;
  /** JSON unless the operation reads a form post or a CSV file. */
  mediaType?: 'application/json' | 'application/x-www-form-urlencoded' | 'text/csv';
  /** A valid body; tests/unit/api-contract.test.ts parses it with `schema`. */
  example: unknown;
  description?: string;
  /** The route works without a body too (its schema has a default). */
  optional?: true;
};

export type SuccessMediaType = 'application/json' | 'text/html' | 'text/csv' | 'text/css' | 'text/javascript';

export type SuccessContract = {
  description: string;
  /** Absent for an answer without a body (a redirect). */
  schema?: z.ZodType;
  /** JSON unless said; several when the answer's type depends on the resource (a stylesheet or a script). */
  mediaType?: SuccessMediaType | SuccessMediaType[];
  /** Response headers worth knowing (Location on create, Content-Disposition on a download). */
  headers?: Record<string, string>;
};

export type OperationContract = {
  description?: string;
  /** An object, or an object piped through a transform (aliases folded). */
  params?: z.ZodObject | z.ZodPipe;
  query?: z.ZodObject | z.ZodPipe;
  body?: RequestBodyContract;
  /** Honours If-Match (a version check) on this write. */
  ifMatch?: true;
  /** As the operation says: an Idempotency-Key is not honoured (the answer holds secrets shown once). */
  idempotency?: 'not-stored';
  /** Success answers by status. */
  responses: Partial<Record<200 | 201 | 202 | 303, SuccessContract>>;
  /** Problem statuses this operation adds to its kind's defaults (429 throttling, 409 duplicates...). */
  problems?: ProblemStatus[];
  /**
   * A page's own refusals: these statuses are answered with an HTML page for a person (what it says),
   * while the middleware's refusals before the page runs stay problem documents.
   */
  htmlErrors?: Partial<Record<ProblemStatus, string>>;
};

/** A function group's operations by the route table's `operation` name. */
export type GroupContract = Record<string, OperationContract>;
