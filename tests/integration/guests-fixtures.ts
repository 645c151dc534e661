import { expect } from 'vitest';
import { handler as guestsHandler } from '../../functions/guests/handler.ts';
import { handler as rsvpHandler } from '../../functions/rsvp/handler.ts';
import { listAllGuests } from '../../shared/data/guests/reads.ts';
import { getEventsByIds } from '../../shared/data/events/records.ts';
import { guestCounterNames, recount } from '../../shared/domain/guests/rules.ts';
import type { HttpMethod } from '../../shared/routes.ts';
import { invoke, mailedLinkCookie, makeHttpEvent } from '../support/http-event.ts';
import type { SignedInUser } from '../support/signed-in-user.ts';

/** Shared by the guests and RSVP integration tests: calls through the real handlers, and recounts. */
type Options = { body?: unknown; rawBody?: string; query?: Record<string, string>; headers?: Record<string, string>; sourceIp?: string };

export function guestsApi(user: SignedInUser | null, method: HttpMethod, path: string, options: Options = {}) {
  return invoke(guestsHandler, makeHttpEvent({ method, path, token: user?.token, ...options }));
}

/** The guest's side: no token; each call from its own address unless told (the routes are rate limited per address). */
let addressCounter = 0;
export function rsvpApi(method: HttpMethod, path: string, options: Options = {}) {
  addressCounter += 1;
  const sourceIp = options.sourceIp ?? `203.0.${Math.floor(addressCounter / 250) % 250}.${(addressCounter % 250) + 1}`;
  return invoke(rsvpHandler, makeHttpEvent({ method, path, ...options, sourceIp }));
}

/**
 * The guest's page as a browser reaches it: the mailed /rsvp/{code} first (its cookie), then /rsvp with
 * that cookie. Each call from its own address unless told, like rsvpApi.
 */
export async function rsvpPage(method: HttpMethod, code: string, options: Options = {}) {
  const cookie = await mailedLinkCookie(rsvpHandler, `/rsvp/${encodeURIComponent(code)}`);
  return rsvpApi(method, '/rsvp', { ...options, headers: { ...options.headers, cookie } });
}

export const codeOf = (guest: { rsvp_url: string }) => guest.rsvp_url.split('/rsvp/')[1] as string;

export type AddedGuest = { id: string; name: string; email: string | null; invitation_code: string; rsvp_url: string };

/**
 * Adds guests through the API (asserting the 201 and that every one was added) and returns them with
 * their codes, one per input: a literal list gives a tuple, so tests destructure it.
 */
export async function addGuests<const T extends readonly Record<string, unknown>[]>(
  user: SignedInUser,
  eventId: string,
  guests: T,
): Promise<{ -readonly [K in keyof T]: AddedGuest }> {
  let response = await guestsApi(user, 'POST', `/api/events/${eventId}/guests`, { body: { guest_list: guests } });
  // A 503 says to retry: a loaded machine can slow DynamoDB Local past a deadline, and a real client
  // resubmits (a fixture is set-up, not the behaviour under test). Past one transaction (32 guests) a 503
  // may follow written batches, which the resubmission skips: the length check below then fails loudly.
  for (let retry = 0; response.status === 503 && retry < 5; retry += 1) {
    response = await guestsApi(user, 'POST', `/api/events/${eventId}/guests`, { body: { guest_list: guests } });
  }
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  expect(response.body.data).toHaveLength(guests.length);
  return response.body.data;
}

export const people = (count: number, prefix = 'guest') =>
  Array.from({ length: count }, (_, index) => ({ name: `${prefix} ${index}`, email: `${prefix}.${index}@example.com` }));

/** The event's guest counters next to a recount of its guest items: the two must always be equal. */
export async function countersAndRecount(eventId: string) {
  const [event] = await getEventsByIds([eventId]);
  const stored = Object.fromEntries(guestCounterNames.map((name) => [name, Number((event as Record<string, unknown> | undefined)?.[name] ?? 0)]));
  return { stored, recounted: recount(await listAllGuests(eventId)) };
}
