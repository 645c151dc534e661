import type middy from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import { MalformedJsonError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../errors.ts';
import type { HttpEvent, HttpRequestContext, HttpResult } from '../types.ts';

/** Largest JSON body any route accepts; bulk routes (guest lists) stay well under it. */
export const MAX_BODY_BYTES = 1024 * 1024;

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
      if (!operation?.body || typeof body !== 'string' || body === '') {
        request.event.body = undefined;
        return;
      }
      const size = isBase64Encoded ? Math.floor((body.length * 3) / 4) : Buffer.byteLength(body);
      if (size > MAX_BODY_BYTES) throw new PayloadTooLargeError(MAX_BODY_BYTES);
      const contentType = (headers['content-type'] ?? '').toLowerCase();
      if (operation.bodyType === 'form' || operation.bodyType === 'csv') {
        request.event.body = otherBody(operation.bodyType, contentType, isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body);
        return;
      }
      if (!/^application\/(.+\+)?json($|;.+)/.test(contentType)) throw new UnsupportedMediaTypeError();
      headers['content-type'] = contentType;
      try {
        await parser.before?.(request as never);
      } catch {
        throw new MalformedJsonError();
      }
    },
  };
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
