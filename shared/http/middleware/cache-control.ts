import type middy from '@middy/core';
import type { HttpEvent, HttpRequestContext, HttpResult } from '../types.ts';

/**
 * `Cache-Control: no-store` on every `/api` answer, successes and problems alike, unless the operation set
 * its own: API answers carry tokens, invitation codes and guests' personal data, which no browser cache,
 * proxy or CDN may keep. Pages and assets outside `/api` (the RSVP page, /docs) choose their own header.
 */
export const API_CACHE_CONTROL = 'no-store';

export function apiCacheControl(): middy.MiddlewareObj<HttpEvent, HttpResult, Error, HttpRequestContext> {
  const stamp = (request: middy.Request<HttpEvent, HttpResult, Error, HttpRequestContext>) => {
    const { response, event } = request;
    if (!response || !isApiPath(event.rawPath)) return;
    const headers = response.headers ?? {};
    if (Object.keys(headers).some((name) => name.toLowerCase() === 'cache-control')) return;
    response.headers = { ...headers, 'Cache-Control': API_CACHE_CONTROL };
  };
  return { after: stamp, onError: stamp };
}

const isApiPath = (path: string | undefined): boolean => path === '/api' || (path ?? '').startsWith('/api/');
