// @ts-nocheck
import { expect } from 'vitest';
import { handler as budgetHandler } from '../../functions/budget/handler.ts';
import { handler as eventsHandler } from '../../functions/events/handler.ts';
import { handler as vendorsHandler } from '../../functions/vendors/handler.ts';
import { eventKeys } from '../../shared/data/keys.ts';
import { routes, type HttpMethod } from '../../shared/routes.ts';
import { findRoute } from '../../infra/local/route-match.ts';
import { invoke, makeHttpEvent } from '../support/http-event.ts';
import type { SignedInUser } from '../support/signed-in-user.ts';
import { getItem } from './events-fixtures.ts';

/** Shared by the budget, vendors and overspend tests: any route through its group's real handler. */
const handlers = { budget: budgetHandler, vendors: vendorsHandler, events: eventsHandler } as const;

export function call(
  user: SignedInUser | null,
  method: HttpMethod,
  path: string,
  options: { body?: unknown; query?: Record<string, string>; headers?: Record<string, string> } = {},
) {
  const lookup = findRoute(method, path);
  if (lookup.kind !== 'found') throw new Error(`No route for ${method} ${path}`);
  const group = lookup.match.route.group as keyof typeof handlers;
  if (!(group in handlers)) throw new Error(`Group ${group} is not wired into the budget fixtures (${routes.length} routes)`);
  return invoke(handlers[group], makeHttpEvent({ method, path, token: user?.token, ...options }));
}

/** An event in `currency` with a budget, created through the API. */
export async function budgetEvent(user: SignedInUser, input: Record<string, unknown> = {}) {
  const response = await call(user, 'POST', '/api/events', {
    body: { name: 'Budget test', event_date: '2027-06-20T18:00:00Z', event_type: 'wedding', budget_total: 10000, currency: 'USD', ...input },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.data as { id: string; currency: string; version: number };
}

export async function addItem(user: SignedInUser, eventId: string, body: Record<string, unknown>) {
  const response = await call(user, 'POST', `/api/events/${eventId}/budget/items`, { body: { category: 'venue', description: 'Item', ...body } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.data;
}

export const eventItem = (eventId: string) => getItem(eventKeys.item(eventId));
