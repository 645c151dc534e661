import { expectStatus, invitationCodeHeader, rsvpPageCookie } from '../api.ts';
import { rawGuestPage, rawRsvp } from '../raw-calls.ts';
import type { BenchContext, BenchRow, BenchScenario } from '../scenario.ts';

/**
 * Issue 3: listing 10,000 guests page by page, one RSVP (which must
 * be ONE TransactWriteItems) and the guest's page. Raw comparisons make the same DynamoDB calls directly.
 * Adding 1,000 guests in one request is the `guests-bulk` scenario.
 */
const LIST_SIZE = 10_000;
const PAGE_SIZE = 100;
const RSVP_SAMPLES = 50;

export const guestsScenario: BenchScenario = {
  name: 'guests',
  run: async (context) => {
    const { token } = await context.signUp();
    const newEvent = async (capacity?: number) =>
      (await context.api('POST', '/api/events', {
        token, body: { name: 'Bench wedding', event_date: '2031-06-20T18:00:00Z', event_type: 'wedding', ...(capacity ? { capacity } : {}) },
      })).body.data.id as string;
    const guestList = (offset: number) =>
      Array.from({ length: 1000 }, (_, index) => ({ name: `Guest ${offset + index}`, email: `guest.${offset + index}@example.com`, dietary_restrictions: index % 7 ? [] : ['vegetarian'] }));
    return [
      await listPages(context, token, await newEvent(), guestList),
      ...(await rsvpRows(context, token, await newEvent(5000), guestList)),
    ];
  },
};

type GuestList = (offset: number) => Record<string, unknown>[];

async function listPages(context: BenchContext, token: string, eventId: string, guestList: GuestList): Promise<BenchRow> {
  for (let offset = 0; offset < LIST_SIZE; offset += 1000) {
    await context.api('POST', `/api/events/${eventId}/guests`, { token, body: { guest_list: guestList(offset) } });
  }
  const pages = LIST_SIZE / PAGE_SIZE;
  let cursor: string | null = null;
  let rawStart: Record<string, unknown> | undefined;
  return context.measureEndpoint(
    `GET /api/events/{id}/guests (${LIST_SIZE.toLocaleString('en')} guests, ${PAGE_SIZE} a page, every page)`,
    pages,
    async () => {
      const response = await context.api('GET', `/api/events/${eventId}/guests?limit=${PAGE_SIZE}${cursor ? `&cursor=${cursor}` : ''}`, { token });
      cursor = response.body.meta.next_cursor;
    },
    async () => {
      rawStart = (await rawGuestPage(context, eventId, PAGE_SIZE, rawStart)).LastEvaluatedKey;
    },
    'access check (1 BatchGetItem) + 1 Query per page + the dietary summary GetItem',
  );
}

async function rsvpRows(context: BenchContext, token: string, eventId: string, guestList: GuestList): Promise<BenchRow[]> {
  const added = await context.api('POST', `/api/events/${eventId}/guests`, { token, body: { guest_list: guestList(0).slice(0, RSVP_SAMPLES) } });
  const guests = added.body.data as { id: string; invitation_code: string }[];
  const codeOf = (index: number) => (guests[index] as { invitation_code: string }).invitation_code;
  return [
    await context.measureEndpoint(
      'POST /api/rsvp (one RSVP, the code in Invitation-Code)',
      RSVP_SAMPLES,
      (index) => expectStatus(200, context.api('POST', '/api/rsvp', { headers: invitationCodeHeader(codeOf(index)), body: { status: 'yes' } })),
      (index) => rawRsvp(context, eventId, (guests[index] as { id: string }).id),
      'code GetItem, event+guest BatchGetItem, ONE TransactWriteItems (the host\'s name kept a minute per container; the rate limit in memory)',
    ),
    await context.measureEndpoint(
      'GET /rsvp (the page, the code in its cookie)',
      RSVP_SAMPLES,
      (index) => expectStatus(200, context.api('GET', '/rsvp', { headers: rsvpPageCookie(codeOf(index)) })),
      undefined,
      'code lookup, event+guest, and the first-open mark',
    ),
  ];
}
