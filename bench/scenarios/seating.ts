import { decodeJwt } from 'jose';
import { childKeys, seatingKeys } from '../../shared/data/keys.ts';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { rawAccessRead, rawCollectionPart } from '../raw-calls.ts';
import type { BenchContext, BenchRow, BenchScenario } from '../scenario.ts';

/**
 * Issue 18's seating. The headline row is the proposal for 300 attending guests (every fifth with a
 * plus-one, parties of 3, 10 constraints) over 40 tables of 10 of which a quarter are seated already:
 * its DynamoDB calls and p50/p95 next to the raw reads it needs (the access BatchGetItem, then the TABLE#,
 * SEAT# and GUEST# Queries and the SEATING GetItem), budget 1.5x; then a seat change (one transaction).
 */
const SAMPLES = 20;
const GUESTS = 300;
const TABLES = 40;
const SEATS = 10;

export const seatingScenario: BenchScenario = {
  name: 'seating',
  run: async (context) => {
    const { token, userId } = await context.signUp();
    const created = await context.api('POST', '/api/events', { token, body: { name: 'Bench seating', event_date: '2030-06-20T18:00:00Z', event_type: 'wedding' } });
    const eventId = String(created.body.data.id);
    const guestList = Array.from({ length: GUESTS }, (_, index) => ({ name: `Guest ${index}`, email: `seat.${index}@example.com`, ...(index % 5 === 0 ? { plus_one_allowed: true, plus_one_limit: 1 } : {}) }));
    const added = await context.api('POST', `/api/events/${eventId}/guests`, { token, body: { guest_list: guestList } });
    if (added.status !== 201) throw new Error(`adding guests answered ${added.status}`);
    const guests = added.body.data as { id: string }[];
    for (const [index, guest] of guests.entries()) {
      const answered = await context.api('POST', `/api/guests/${guest.id}/rsvp`, { token, body: { status: 'yes', ...(index % 5 === 0 ? { plus_one_count: 1 } : {}) } });
      if (answered.status !== 200) throw new Error(`RSVP answered ${answered.status}`);
    }
    for (let start = 1; start + 3 <= 60; start += 3) {
      await context.api('POST', `/api/events/${eventId}/parties`, { token, body: { name: `Party ${start}`, member_ids: guests.slice(start, start + 3).map((guest) => guest.id) } });
    }
    const constraints = Array.from({ length: 10 }, (_, index) => ({ kind: index % 2 ? 'apart' : 'together', guest_ids: [guests[100 + index * 4]?.id, guests[101 + index * 4]?.id] }));
    await context.api('PUT', `/api/events/${eventId}/seating/constraints`, { token, body: { constraints } });
    const tables: string[] = [];
    for (let index = 0; index < TABLES; index += 1) tables.push(String((await context.api('POST', `/api/events/${eventId}/tables`, { token, body: { name: `Table ${index + 1}`, seats: SEATS } })).body.data.id));
    // A quarter seated by hand first, so the proposal places around existing seats.
    for (let index = 0; index < 75; index += 1) {
      const seated = await context.api('PUT', `/api/tables/${tables[index % 10]}/seats/${1 + Math.floor(index / 10)}`, { token, body: { guest_id: guests[200 + index]?.id } });
      if (seated.status !== 200) throw new Error(`seating answered ${seated.status}: ${JSON.stringify(seated.body)}`);
    }
    await context.eventBusIdle();
    return [await proposal(context, token, userId, eventId), await seatMove(context, token, tables, guests.map((guest) => guest.id))];
  },
};

async function proposal(context: BenchContext, token: string, userId: string, eventId: string): Promise<BenchRow> {
  const { db, tableName } = context;
  const sessionId = String(decodeJwt(token).sid);
  return context.measureEndpoint(
    'GET /api/events/{id}/seating/proposal (300 guests, 40 tables)',
    SAMPLES,
    async () => {
      const response = await context.api('GET', `/api/events/${eventId}/seating/proposal`, { token });
      if (response.status !== 200 || response.body.data.assignments.length === 0) throw new Error(`proposal answered ${response.status}`);
    },
    async () => {
      await rawAccessRead({ db, tableName }, { sessionId, eventId, userId });
      await Promise.all([
        rawCollectionPart({ db, tableName }, eventId, { prefix: childKeys.prefix('table') }),
        rawCollectionPart({ db, tableName }, eventId, { prefix: seatingKeys.seatPrefix }),
        rawCollectionPart({ db, tableName }, eventId, { prefix: childKeys.prefix('guest') }),
        db.send(new GetCommand({ TableName: tableName, Key: seatingKeys.settings(eventId), ConsistentRead: true })),
      ]);
    },
    'access read, then TABLE#, SEAT#, GUEST# Queries and the SEATING GetItem at once; the heuristic in memory',
    1.5,
  );
}

async function seatMove(context: BenchContext, token: string, tables: string[], guests: string[]): Promise<BenchRow> {
  return context.measureEndpoint('PUT /api/tables/{id}/seats/{seat} (a move)', SAMPLES, async (index) => {
    // Guest 200 sits at table 1 seat 1: moved to a free seat of the last tables and back, alternately.
    const target = index % 2 === 0 ? `${tables[TABLES - 1]}/seats/${1 + (index % SEATS)}` : `${tables[0]}/seats/1`;
    const response = await context.api('PUT', `/api/tables/${target}`, { token, body: { guest_id: guests[200] } });
    if (response.status !== 200) throw new Error(`seat answered ${response.status}: ${JSON.stringify(response.body)}`);
  }, undefined, 'access read (with the table) + BatchGetItem (table, SEATOF, guest) + one TransactWriteItems');
}
