// @ts-nocheck
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { functionEntryExists, functionEntryPath, loadHandler } from '../../infra/local/function-entries.ts';
import { fillPath } from '../../infra/local/route-match.ts';
import type { HttpEvent, HttpResult } from '../../shared/http/types.ts';
import { eventRules, functionGroups, routeKey, routes, schedules } from '../../shared/routes.ts';
import { invoke, makeHttpEvent } from '../support/http-event.ts';

/**
 * The route table is what the stack deploys and the local server serves; this proves every route in it
 * reaches a handler that knows it. Answers that concern the resource (401 without a token, 400 for an
 * empty body, 404 for a probe id) are fine; the framework's "unknown route" 404 or a 5xx is not.
 */
type GroupHandler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

const PROBE_ID = 'route-table-probe';

/** API Gateway treats `/a/{id}` and `/a/{eventId}` as one route, so duplicates compare without names. */
const routeShape = (method: string, path: string) => `${method} ${path.replace(/\{\w+(\+?)\}/g, '{}$1')}`;

describe('the route table', () => {
  it('has no route twice', () => {
    const shapes = routes.map((route) => routeShape(route.method, route.path));

    expect(shapes.filter((shape, index) => shapes.indexOf(shape) !== index)).toEqual([]);
  });

  it('keeps every path under /api/ (public pages outside it) in API Gateway path syntax', () => {
    const inApi = (path: string) => /^\/api(\/([\w.-]+|\{\w+\+?\}))+$/.test(path);
    const publicPage = (route: (typeof routes)[number]) =>
      route.access === 'public' && /^\/(?!api\/)[\w.-]+(\/([\w.-]+|\{\w+\+?\}))*$/.test(route.path);
    const misplaced = routes.filter((route) => !inApi(route.path) && !publicPage(route));

    expect(misplaced.map(routeKey)).toEqual([]);
  });

  it('has a handler file for every function group and every schedule', () => {
    const entries = [...functionGroups, ...schedules.map((schedule) => schedule.entry)];

    expect(entries.filter((entry) => !functionEntryExists(entry)).map(functionEntryPath)).toEqual([]);
  });

  it('has a handler file for every target of the domain-event rules', () => {
    expect(eventRules.filter((rule) => !functionEntryExists(rule.target)).map((rule) => functionEntryPath(rule.target))).toEqual([]);
  });

  it('only routes to known function groups', () => {
    expect(routes.filter((route) => !functionGroups.includes(route.group)).map(routeKey)).toEqual([]);
  });

  it.each(routes.map((route) => [routeKey(route), route] as const))('%s reaches a handler that knows it', async (_key, route) => {
    const handler = await loadHandler<GroupHandler>(route.group);
    const path = fillPath(route.path, PROBE_ID);
    const body = route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH' ? {} : undefined;

    const response = await invoke(handler, makeHttpEvent({ method: route.method, path, body }));

    const unknownRoute = response.status === 404 && response.body?.code === 'not_found' && /route/i.test(response.body?.detail ?? '');
    expect(unknownRoute, `${routeKey(route)} answered the framework's unknown-route 404`).toBe(false);
    expect(response.status).toBeLessThan(500);
    expect(response.headers['X-Request-Id']).toBeTruthy();
  });
});
