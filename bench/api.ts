import { mailedLinks } from '../shared/pages/mailed-link.ts';
import { apiClient } from '../tests/e2e/support/api-client.ts';

/** The benchmark drives the local API with the same small fetch client as the end-to-end tests. */
export { apiClient };
export type ApiCall = ReturnType<typeof apiClient>;

/**
 * A guest's code as a guest's requests carry it, never in the URL: the RSVP API's Invitation-Code header,
 * and the RSVP page's cookie (the one its mailed link /rsvp/{code} sets before redirecting to /rsvp).
 */
export const invitationCodeHeader = (code: string): Record<string, string> => ({ 'invitation-code': code });
export const rsvpPageCookie = (code: string): Record<string, string> => ({ cookie: `${mailedLinks.rsvp.cookie}=${encodeURIComponent(code)}` });

/** A measured request must be the one meant: a refused one (a 400 page, say) would time the wrong work. */
export async function expectStatus<T extends { status: number }>(expected: number, response: Promise<T>): Promise<T> {
  const answered = await response;
  if (answered.status !== expected) throw new Error(`expected ${expected}, answered ${answered.status}`);
  return answered;
}

/**
 * A fresh event of the bench user's, through the API as a planner makes one (in 2031, so no rule about
 * past dates applies); answers its id. Each scenario measures in events of its own.
 */
export async function createBenchEvent(api: ApiCall, token: string, name: string, eventType = 'wedding'): Promise<string> {
  const created = await expectStatus(201, api('POST', '/api/events', { token, body: { name, event_date: '2031-06-20T18:00:00Z', event_type: eventType } }));
  return String(created.body.data.id);
}
