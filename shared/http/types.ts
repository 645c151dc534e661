import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import type { Caller } from '../auth/tokens.ts';
import type { Logger } from '../logger.ts';
import type { HttpResult } from './responses.ts';

export type { HttpResult };

/** API Gateway HTTP API (payload 2.0) event, after header normalization (lower-case names). */
export type HttpEvent = Omit<APIGatewayProxyEventV2, 'body' | 'headers'> & {
  headers: Record<string, string | undefined>;
  body?: string | unknown;
};

export type HttpRequestContext = Context & {
  requestId: string;
  log: Logger;
  startedAt: number;
  operation?: AnyOperation;
  access?: 'public' | 'protected';
  caller?: Caller;
  /** The stored first answer to a repeated Idempotency-Key request. */
  replay?: HttpResult;
};

export type RequestInfo = {
  requestId: string;
  log: Logger;
  sourceIp: string;
  userAgent: string;
  headers: Record<string, string | undefined>;
  /** The request's cookies by name (API Gateway passes them apart from the headers), values as sent. */
  cookies: Record<string, string>;
};

export type OperationInput<B, Q, P, C, H = undefined> = {
  body: B;
  query: Q;
  params: P;
  /** The request headers the operation's `headers` schema reads (lower-case names). */
  headers: H;
  caller: C;
  request: RequestInfo;
};

/**
 * One operation of a function group: the schemas of what it accepts and the function that answers.
 * `session: 'with-first-read'` means the operation checks the session in its own first DynamoDB read
 * (batched with the event it loads, or beside a first read that cannot take it, as the events list's
 * Query); otherwise the framework checks it before the handler runs.
 */
export type Operation<B, Q, P, C, H = undefined> = {
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  /** Request headers the operation reads, by lower-case name (a credential that must not be in the URL). */
  headers?: z.ZodType<H>;
  session?: 'checked-by-framework' | 'with-first-read';
  /**
   * How a POST's Idempotency-Key is honoured: 'stored' (the default) keeps the first answer to replay it;
   * 'sealed' keeps it encrypted, for answers that hold secrets shown once (invitation codes); 'not-stored'
   * ignores the key, for an operation that cannot replay (its contract says why: idempotencyKeyIgnored).
   */
  idempotency?: 'stored' | 'sealed' | 'not-stored';
  /**
   * The body's media type: JSON (the default), `form` (application/x-www-form-urlencoded, parsed to an
   * object of strings: a page's plain form POST) or `csv` (text/csv, handed over as text).
   */
  bodyType?: 'json' | 'form' | 'csv';
  handle: (input: OperationInput<B, Q, P, C, H>) => Promise<HttpResult>;
};

// The group table holds operations of many input types; each is checked where it is defined.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOperation = Operation<any, any, any, any, any>;
