import type { Context } from 'aws-lambda';
import { expect } from 'vitest';
import { loadHandler } from '../../infra/local/function-entries.ts';
import { eventKeys, openDueKeys } from '../../shared/data/keys.ts';
import { openDueOf } from '../../shared/data/events/open-due.ts';
import type { HttpEvent, HttpResult } from '../../shared/http/types.ts';
import { findRoute } from '../../infra/local/route-match.ts';
import type { HttpMethod } from '../../shared/routes.ts';
import { invoke, makeHttpEvent } from '../support/http-event.ts';
import type { SignedInUser } from '../support/signed-in-user.ts';
import { collection, getItem } from './events-fixtures.ts';

/**
 * Shared by the timeline, checklist, team, reminders and permission-matrix tests: calls any route of the
 * table through its group's real handler (found by the route table, as the local server does).
 */
type GroupHandler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

export async function call(
  user: SignedInUser | null,
  method: HttpMethod,
  path: string,
  options: { body?: unknown; rawBody?: string; query?: Record<string, string>; headers?: Record<string, string> } = {},
) {
  const found = findRoute(method, path);
  if (found.kind !== 'found') throw new Error(`No route for ${method} ${path}`);
  const handler = await loadHandler<GroupHandler>(found.match.route.group);
  return invoke(handler, makeHttpEvent({ method, path, token: user?.token, ...options }));
}

/** Calls a route and asserts its status, showing the body when it differs. */
export async function expectStatus(status: number, ...args: Parameters<typeof call>) {
  const response = await call(...args);
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body;
}

/** The event's stored timeline counters (the open due instants from both places) next to a recount of its timeline items. */
export async function timelineCountersAndRecount(eventId: string) {
  const event = (await getItem(eventKeys.item(eventId))) as Record<string, unknown>;
  const openDueItem = (await getItem(openDueKeys.item(eventId))) as Record<string, unknown> | undefined;
  const items = (await collection(eventId)).filter((item) => String(item.sk).startsWith('TIMELINE#'));
  const open = items.filter((item) => item.status !== 'completed');
  return {
    stored: { total: event.timeline_total, done: event.timeline_done, open_due: openDueOf(event, openDueItem) },
    recount: {
      total: items.length,
      done: items.length - open.length,
      open_due: Object.fromEntries(open.map((item) => [item.id, item.due_date])),
    },
  };
}
