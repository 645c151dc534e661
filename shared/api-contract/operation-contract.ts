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

export type SuccessMediaType = 'application/json' | 'text/html' | 'text/csv' | 'text/css' | 'text/javascript' | 'text/calendar';

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
  /** Request headers the operation reads (the handler's own schema, lower-case names). */
  headers?: z.ZodObject;
  /** A cookie the operation reads (the pages a mailed link opens). */
  cookies?: z.ZodObject;
  body?: RequestBodyContract;
  /** Honours If-Match (a version check) on this write. */
  ifMatch?: true;
  /**
   * Why this POST does not honour an Idempotency-Key (absent: it does, and a repeat with the same key
   * answers the first answer and creates nothing). Public POSTs have no caller to keep a key for;
   * tests/integration/idempotency-keys.test.ts reads this to know which routes must replay.
   */
  idempotencyKeyIgnored?: string;
  /** Success answers by status. */
  responses: Partial<Record<200 | 201 | 202 | 303 | 307, SuccessContract>>;
  /** Problem statuses this operation adds to its kind's defaults (429 throttling, 409 duplicates...). */
  problems?: ProblemStatus[];
  /**
   * The specific problem codes this operation answers, by status, each with when (`409:
   * { guest_limit_exceeded: 'adding past MAX_GUESTS_PER_EVENT' }`). Their statuses are documented like
   * `problems`, and the operation's description lists them, so a client knows which `code` to branch on.
   */
  problemCodes?: Partial<Record<ProblemStatus, Record<string, string>>>;
  /**
   * A page's own refusals: these statuses are answered with an HTML page for a person (what it says),
   * while the middleware's refusals before the page runs stay problem documents.
   */
  htmlErrors?: Partial<Record<ProblemStatus, string>>;
};

/** A function group's operations by the route table's `operation` name. */
export type GroupContract = Record<string, OperationContract>;
