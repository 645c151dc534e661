import type middy from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import { prototypeKeyProblems } from '../body/prototype-keys.ts';
import { BadRequestError, MalformedJsonError, PayloadTooLargeError, ReservedFieldNameError, UnsupportedMediaTypeError } from '../errors.ts';
import type { HttpEvent, HttpRequestContext, HttpResult } from '../types.ts';

/** Largest JSON body any route accepts; bulk routes (guest lists) stay well under it. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Deepest nesting of arrays and objects a JSON body may have. No schema goes past a few levels. Deeper
 * input would only feed recursion later: JSON.stringify of a body 10,000 levels deep (the idempotency
 * fingerprint) overflows the stack.
 */
export const MAX_JSON_DEPTH = 64;

const parser = httpJsonBodyParser();

/**
 * Guards size and media type with our own problem types, then lets @middy/http-json-body-parser parse.
 * Its malformed-JSON error becomes our 400 `malformed_json`. An empty body parses to undefined, which
 * the operation's schema then refuses with field problems.
 */
export function jsonBody(): middy.MiddlewareObj<HttpEvent, HttpResult, Error, HttpRequestContext> {
  return {
    before: async (request) => {
      const operation = request.context.operation;
      const { body, isBase64Encoded, headers } = request.event;
      if (typeof body !== 'string' || body === '') {
        request.event.body = undefined;
        return;
      }
      // On every route, read or not: a form a deprecated path sends on (307) would only be refused at its next stop.
      const size = isBase64Encoded ? Math.floor((body.length * 3) / 4) : Buffer.byteLength(body);
      if (size > MAX_BODY_BYTES) throw new PayloadTooLargeError(MAX_BODY_BYTES);
      if (!operation?.body) {
        request.event.body = undefined;
        return;
      }
      const contentType = (headers['content-type'] ?? '').toLowerCase();
      if (operation.bodyType === 'form' || operation.bodyType === 'csv') {
        request.event.body = otherBody(operation.bodyType, contentType, isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body);
        refusePrototypeKeys(request.event.body);
        return;
      }
      if (!/^application\/(.+\+)?json($|;.+)/.test(contentType)) throw new UnsupportedMediaTypeError();
      if (nestsDeeperThan(isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body, MAX_JSON_DEPTH)) {
        throw new BadRequestError('nesting_too_deep', `JSON bodies may nest arrays and objects at most ${MAX_JSON_DEPTH} levels deep.`);
      }
      headers['content-type'] = contentType;
      try {
        await parser.before?.(request as never);
      } catch {
        throw new MalformedJsonError();
      }
      refusePrototypeKeys(request.event.body);
    },
  };
}

/** Prototype keys never get past parsing: nothing later (validation, storage, marshalling) sees them. */
function refusePrototypeKeys(body: unknown): void {
  const problems = prototypeKeyProblems(body);
  if (problems.length > 0) throw new ReservedFieldNameError(problems);
}

/** A form body as an object of strings (a repeated field keeps its last value); a CSV body as text. */
function otherBody(kind: 'form' | 'csv', contentType: string, text: string): Record<string, string> | string {
  if (kind === 'csv') {
    if (!/^(text\/csv|application\/csv|text\/plain)($|;.+)/.test(contentType)) throw new UnsupportedMediaTypeError('text/csv');
    return text;
  }
  if (!/^application\/x-www-form-urlencoded($|;.+)/.test(contentType)) throw new UnsupportedMediaTypeError('application/x-www-form-urlencoded');
  return Object.fromEntries(new URLSearchParams(text));
}

/** Whether JSON text nests arrays or objects deeper than `limit`. One pass: brackets inside strings do not count. */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (inString) {
      if (character === '\\') index += 1;
      else if (character === '"') inString = false;
    } else if (character === '"') inString = true;
    else if (character === '{' || character === '[') {
      depth += 1;
      if (depth > limit) return true;
    } else if (character === '}' || character === ']') depth -= 1;
  }
  return false;
}
