// @ts-nocheck
import type middy from '@middy/core';
import { randomUUID } from 'node:crypto';
import { config } from '../../config.ts';
import { createLogger } from '../../logger.ts';
import type { HttpEvent, HttpRequestContext, HttpResult } from '../types.ts';

/** Gives each request an id (API Gateway's when present) and a logger that stamps it on every line. */
export function requestContext(group: string): middy.MiddlewareObj<HttpEvent, HttpResult, Error, HttpRequestContext> {
  return {
    before: (request) => {
      const requestId = request.event.requestContext?.requestId || randomUUID();
      request.context.requestId = requestId;
      request.context.log = createLogger(
        { requestId, group, route: request.event.routeKey },
        config().LOG_LEVEL,
      );
      request.context.startedAt = Date.now();
    },
    after: (request) => finish(request),
    onError: (request) => finish(request),
  };
}

function finish(request: middy.Request<HttpEvent, HttpResult, Error, HttpRequestContext>): void {
  if (!request.response) return;
  request.response.headers = { ...request.response.headers, 'X-Request-Id': request.context.requestId };
  request.context.log.info('request', {
    status: request.response.statusCode,
    durationMs: Date.now() - request.context.startedAt,
    userId: request.context.caller?.userId,
  });
}
