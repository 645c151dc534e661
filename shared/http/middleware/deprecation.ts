import type middy from '@middy/core';
import { type RouteDeprecation, routeKey, routes } from '../../routes.ts';
import type { HttpEvent, HttpRequestContext, HttpResult } from '../types.ts';

/**
 * The answers of a deprecated route (the route table's `deprecated`), successes and problems alike, say so:
 * `Deprecation` (RFC 9745: the moment, as `@` and Unix seconds), `Sunset` (RFC 8594: an HTTP date after
 * which the route may stop working) and a `Link` to the route that replaces it.
 */
const deprecatedByRouteKey = new Map(routes.flatMap((route) => (route.deprecated ? [[routeKey(route), route.deprecated] as const] : [])));

const startOfDay = (isoDate: string): Date => new Date(`${isoDate}T00:00:00Z`);

export const deprecationHeaders = (deprecation: RouteDeprecation): Record<string, string> => ({
  Deprecation: `@${startOfDay(deprecation.since).getTime() / 1000}`,
  Sunset: startOfDay(deprecation.sunset).toUTCString(),
  Link: `<${deprecation.successor}>; rel="successor-version"`,
});

export function deprecation(): middy.MiddlewareObj<HttpEvent, HttpResult, Error, HttpRequestContext> {
  const stamp = (request: middy.Request<HttpEvent, HttpResult, Error, HttpRequestContext>) => {
    const found = deprecatedByRouteKey.get(request.event.routeKey);
    if (!found || !request.response) return;
    request.response.headers = { ...request.response.headers, ...deprecationHeaders(found) };
  };
  return { after: stamp, onError: stamp };
}
