// @ts-nocheck
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { rawGuestPage, rawRsvp } from '../raw-calls.ts';
import type { BenchContext, BenchRow, BenchScenario } from '../scenario.ts';

/**
 * Issue 3: adding 1,000 guests in one request, listing 10,000 guests page by page, one RSVP (which must
 * be ONE TransactWriteItems) and the guest's page. Raw comparisons make the same DynamoDB calls directly.
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
      await addThousand(context, token, newEvent, guestList),
      await listPages(context, token, await newEvent(), guestList),
      ...(await rsvpRows(context, token, await newEvent(5000), guestList)),
    ];
  },
};

type NewEvent = () => Promise<string>;
type GuestList = (offset: number) => Record<string, unknown>[];

async function addThousand(context: BenchContext, token: string, newEvent: NewEvent, guestList: GuestList): Promise<BenchRow> {
  const events = [await newEvent(), await newEvent(), await newEvent()];
  return context.measureEndpoint(
    'POST /api/events/{id}/guests (1,000 guests)',
    events.length,
    (index) => context.api('POST', `/api/events/${events[index]}/guests`, { token, body: { guest_list: guestList(0) } }),
    async (index) => {
      // The same shape of writes: 32 transactions of 32 guests x 3 items (+ event counters and audit).
      for (let batch = 0; batch < 32; batch += 1) {
        const pk = `BENCHRAW#guests#${index}#${batch}`;
        await context.db.send(new TransactWriteCommand({
          TransactItems: [
            ...Array.from({ length: 96 }, (_, item) => ({ Put: { TableName: context.tableName, Item: { pk, sk: `ITEM#${item}`, name: `Guest ${item}`, email: `g${item}@example.com` } } })),
            { Update: { TableName: context.tableName, Key: { pk, sk: 'COUNTERS' }, UpdateExpression: 'ADD guest_count :n', ExpressionAttributeValues: { ':n': 32 } } },
            { Put: { TableName: context.tableName, Item: { pk, sk: 'AUDIT', action: 'guests.added' } } },
          ],
        }));
      }
    },
    '~32 TransactWriteItems of ~98 items, one after another',
  );
}

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
      'POST /api/rsvp/{code} (one RSVP)',
      RSVP_SAMPLES,
      (index) => context.api('POST', `/api/rsvp/${codeOf(index)}`, { body: { status: 'yes' } }),
      (index) => rawRsvp(context, eventId, (guests[index] as { id: string }).id),
      'rate-limit UpdateItem, code GetItem, event+guest BatchGetItem, host GetItem, ONE TransactWriteItems',
    ),
    await context.measureEndpoint(
      'GET /rsvp/{code} (the page)',
      RSVP_SAMPLES,
      (index) => context.api('GET', `/rsvp/${codeOf(index)}`),
      undefined,
      'rate limit, code lookup, event+guest, host, and the first-open mark',
    ),
  ];
}
