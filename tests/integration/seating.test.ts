import { beforeAll, describe, expect, it } from 'vitest';
import { listNotifications } from '../../shared/data/notifications.ts';
import { seatAt, seatOfGuest } from '../../shared/data/seating/tables.ts';
import { seatingReleasedKind } from '../../shared/domain/seating/rules.ts';
import { testEventBus } from '../support/event-bus.ts';
import { htmlProblems } from '../support/html-structure.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { addMember, collection, createEvent } from './events-fixtures.ts';
import { addGuests, type AddedGuest, codeOf, people } from './guests-fixtures.ts';
import { call, expectStatus } from './timeline-fixtures.ts';

/**
 * Seating (docs/seating.md): tables, seats booked by a conditional create, constraints, the proposal, the
 * release of a guest who stops attending, the CSV chart and the escort cards page.
 */
let ada: SignedInUser;

beforeAll(async () => {
  ada = await signedInUser();
});

type Table = { id: string; name: string; seats: number; seated_count: number; version: number };

async function newEvent() {
  return createEvent(ada, { name: 'Wedding', event_date: '2031-05-01T18:00:00Z', event_type: 'wedding' });
}
const table = async (eventId: string, name: string, seats: number): Promise<Table> =>
  (await expectStatus(201, ada, 'POST', `/api/events/${eventId}/tables`, { body: { name, seats } })).data;
const attend = (guestId: string, extra: Record<string, unknown> = {}) => expectStatus(200, ada, 'POST', `/api/guests/${guestId}/rsvp`, { body: { status: 'yes', ...extra } });
const seat = (tableId: string, number: number, guestId: string, plusOne = 0) => call(ada, 'PUT', `/api/tables/${tableId}/seats/${number}`, { body: { guest_id: guestId, plus_one: plusOne } });

/** Each table's stored seated_count next to a recount of its seat items, and every SEATOF matching its seat. */
async function countsAndRecount(eventId: string) {
  const items = await collection(eventId);
  const seats = items.filter((item) => String(item.sk).startsWith('SEAT#'));
  const seatOfs = items.filter((item) => String(item.sk).startsWith('SEATOF#'));
  const stored = Object.fromEntries(items.filter((item) => String(item.sk).startsWith('TABLE#')).map((item) => [String(item.id), Number(item.seated_count)]));
  const recounted = Object.fromEntries(Object.keys(stored).map((id) => [id, seats.filter((item) => item.table_id === id).length]));
  const mirrored = seats.every((item) => seatOfs.some((of) => of.guest_id === item.guest_id && of.slot === item.slot && of.table_id === item.table_id && of.seat_number === item.seat_number)) && seats.length === seatOfs.length;
  return { stored, recounted, mirrored, seats: seats.length };
}

describe('tables and seats', () => {
  it('seats, moves and frees people; only attending guests and the plus-ones they bring sit; counters equal a recount', { timeout: 60_000 }, async () => {
    const event = await newEvent();
    const [mary, sam, pending] = await addGuests(ada, event.id, [
      { name: 'Mary Somerville', email: 'mary@example.com', plus_one_allowed: true, plus_one_limit: 2 },
      { name: 'Sam', email: 'sam@example.com' },
      { name: 'Pending', email: 'pending@example.com' },
    ]);
    await attend(mary.id, { plus_ones: [{ name: 'Will', dietary_restrictions: [] }] });
    await attend(sam.id);
    const one = await table(event.id, 'Table 1', 4);
    const two = await table(event.id, 'Table 2', 2);

    const placed = await seat(one.id, 1, mary.id);
    expect(placed.status, JSON.stringify(placed.body)).toBe(200);
    expect(placed.body.data).toMatchObject({ table_id: one.id, table_name: 'Table 1', seat_number: 1, guest_id: mary.id, plus_one: 0, moved_from: null });
    expect((await seat(one.id, 2, mary.id, 1)).status).toBe(200);
    // Mary brings one plus-one, not two; a guest who has not said yes has no seat.
    expect((await seat(one.id, 3, mary.id, 2)).body.code).toBe('guest_not_attending');
    expect((await seat(one.id, 3, pending.id)).body.code).toBe('guest_not_attending');
    expect((await seat(one.id, 1, sam.id)).body.code).toBe('seat_taken');
    expect((await seat(one.id, 5, sam.id)).status).toBe(400);

    // A move: Sam to table 1 then to table 2; the first table's count goes back down.
    expect((await seat(one.id, 3, sam.id)).status).toBe(200);
    const moved = await seat(two.id, 1, sam.id);
    expect(moved.body.data.moved_from).toEqual({ table_id: one.id, seat_number: 3 });
    expect((await seat(two.id, 1, sam.id)).status).toBe(200);

    const chart = (await expectStatus(200, ada, 'GET', `/api/events/${event.id}/tables`)).data as (Table & { occupants: { name: string; seat_number: number }[] })[];
    expect(chart.map((entry) => [entry.name, entry.seated_count, entry.occupants.map((occupant) => `${occupant.seat_number}:${occupant.name}`)])).toEqual([
      ['Table 1', 2, ['1:Mary Somerville', '2:Will']],
      ['Table 2', 1, ['1:Sam']],
    ]);
    const counts = await countsAndRecount(event.id);
    expect(counts.stored).toEqual(counts.recounted);
    expect(counts.mirrored).toBe(true);

    // The table of a guest, for check-in: one read, renamed with its table.
    expect(await seatOfGuest(event.id, mary.id)).toEqual({ table_id: one.id, table_name: 'Table 1', seat_number: 1 });
    expect(await seatOfGuest(event.id, pending.id)).toBeNull();
    const renamed = await expectStatus(200, ada, 'PUT', `/api/tables/${one.id}`, { body: { name: 'Family', version: one.version } });
    expect(renamed.data).toMatchObject({ name: 'Family', version: 2 });
    expect(await seatOfGuest(event.id, mary.id)).toEqual({ table_id: one.id, table_name: 'Family', seat_number: 1 });

    // A smaller table only while the seats it drops are free; an occupied table is not deleted.
    expect((await call(ada, 'PUT', `/api/tables/${one.id}`, { body: { seats: 1, version: 2 } })).body.code).toBe('seats_taken');
    expect((await call(ada, 'PUT', `/api/tables/${one.id}`, { body: { seats: 2, version: 2 } })).status).toBe(200);
    expect((await call(ada, 'DELETE', `/api/tables/${two.id}`)).body.code).toBe('table_not_empty');
    expect((await call(ada, 'DELETE', `/api/tables/${two.id}/seats/1`)).status).toBe(200);
    expect((await call(ada, 'DELETE', `/api/tables/${two.id}/seats/1`)).status).toBe(404);
    expect((await call(ada, 'DELETE', `/api/tables/${two.id}`)).status).toBe(200);
    expect(await seatOfGuest(event.id, sam.id)).toBeNull();
    const after = await countsAndRecount(event.id);
    expect(after.stored).toEqual(after.recounted);
    expect(after.seats).toBe(2);
  });

  it('many planners assigning different guests to the same seat at once: exactly one wins, the others get a 409 problem', { timeout: 90_000 }, async () => {
    const event = await newEvent();
    const guests = await addGuests(ada, event.id, people(16, 'racer'));
    for (const guest of guests) await attend(guest.id);
    const [first, second] = [await table(event.id, 'Head table', 2), await table(event.id, 'Other', 8)];
    // Half of them sit at the other table first, so the race mixes moves and first seats.
    for (const [index, guest] of guests.slice(0, 8).entries()) expect((await seat(second.id, index + 1, guest.id)).status).toBe(200);

    // Four planners of the team (the organizer, two coordinators, an assistant), each placing four guests.
    const planners = [ada, ...(await Promise.all([0, 1, 2].map(() => signedInUser())))];
    await Promise.all(planners.slice(1).map((planner, index) => addMember(event.id, planner.userId, index === 2 ? 'assistant' : 'coordinator')));
    const answers = await Promise.all(guests.map((guest, index) =>
      call(planners[index % planners.length] as SignedInUser, 'PUT', `/api/tables/${first.id}/seats/1`, { body: { guest_id: guest.id, plus_one: 0 } })));

    const winners = answers.filter((answer) => answer.status === 200);
    expect(winners).toHaveLength(1);
    const losers = answers.filter((answer) => answer.status !== 200);
    expect(losers.map((answer) => [answer.status, answer.body.code])).toEqual(Array(15).fill([409, 'seat_taken']));
    expect(losers.every((answer) => answer.headers['Content-Type']?.startsWith('application/problem+json'))).toBe(true);
    const counts = await countsAndRecount(event.id);
    expect(counts.stored).toEqual(counts.recounted);
    expect(counts.mirrored).toBe(true);
    expect(counts.stored[first.id]).toBe(1);
  });
});

describe('the proposal', () => {
  it('keeps parties and together lists at one table, apart lists at different ones, within capacities; accepting it seats them', { timeout: 90_000 }, async () => {
    const event = await newEvent();
    const guests = await addGuests(ada, event.id, [
      { name: 'Ann', email: 'ann@example.com', plus_one_allowed: true, plus_one_limit: 1 },
      { name: 'Ben', email: 'ben@example.com' },
      { name: 'Cat', email: 'cat@example.com' },
      { name: 'Dan', email: 'dan@example.com' },
      { name: 'Eve', email: 'eve@example.com' },
      { name: 'Fay', email: 'fay@example.com' },
      { name: 'Gus', email: 'gus@example.com' },
    ]);
    const [ann, ben, cat, dan, eve, fay, gus] = guests;
    await attend(ann.id, { plus_ones: [{ name: 'Al', dietary_restrictions: [] }] });
    for (const guest of [ben, cat, dan, eve, fay, gus]) await attend(guest.id);
    await expectStatus(201, ada, 'POST', `/api/events/${event.id}/parties`, { body: { name: 'Ann and Ben', member_ids: [ann.id, ben.id] } });
    await expectStatus(200, ada, 'PUT', `/api/events/${event.id}/seating/constraints`, {
      body: { constraints: [{ kind: 'together', guest_ids: [cat.id, dan.id] }, { kind: 'apart', guest_ids: [ann.id, eve.id] }, { kind: 'apart', guest_ids: [cat.id, fay.id] }] },
    });
    const tables = [await table(event.id, 'A', 4), await table(event.id, 'B', 4)];

    const proposal = (await expectStatus(200, ada, 'GET', `/api/events/${event.id}/seating/proposal`)).data;

    const tableOf = (guestId: string, plusOne = 0) => proposal.assignments.find((entry: { guest_id: string; plus_one: number }) => entry.guest_id === guestId && entry.plus_one === plusOne)?.table_id;
    expect(proposal.assignments).toHaveLength(8);
    expect(proposal.unplaced).toEqual([]);
    expect(proposal.unhonoured).toEqual([]);
    expect(new Set([tableOf(ann.id), tableOf(ann.id, 1), tableOf(ben.id)]).size).toBe(1);
    expect(tableOf(cat.id)).toBe(tableOf(dan.id));
    expect(tableOf(ann.id)).not.toBe(tableOf(eve.id));
    expect(tableOf(cat.id)).not.toBe(tableOf(fay.id));
    for (const { id } of tables) expect(proposal.assignments.filter((entry: { table_id: string }) => entry.table_id === id).length).toBeLessThanOrEqual(4);

    // The planner edits it (Gus to the other table's seat is taken by the proposal: refused) and accepts.
    const edited = proposal.assignments.map(({ table_id, seat_number, guest_id, plus_one }: Record<string, unknown>) => ({ table_id, seat_number, guest_id, plus_one }));
    const accepted = (await expectStatus(200, ada, 'POST', `/api/events/${event.id}/seating/proposal/accept`, { body: { assignments: [...edited, { ...edited[0], guest_id: gus.id, plus_one: 0 }] } })).data;
    expect(accepted.seated).toHaveLength(8);
    expect(accepted.refused.map((entry: { code: string }) => entry.code)).toEqual(['seat_taken']);
    const again = (await expectStatus(200, ada, 'POST', `/api/events/${event.id}/seating/proposal/accept`, { body: { assignments: edited } })).data;
    expect(again.refused).toEqual([]);
    const counts = await countsAndRecount(event.id);
    expect(counts.stored).toEqual(counts.recounted);
    expect(counts.seats).toBe(8);
    expect((await expectStatus(200, ada, 'GET', `/api/events/${event.id}/seating/proposal`)).data).toMatchObject({ assignments: [], unplaced: [], unhonoured: [], already_seated: 8, free_seats: 0 });
  });

  it('says which constraints it could not honour and who has no seat when the tables are too small', { timeout: 60_000 }, async () => {
    const event = await newEvent();
    const [a, b, c, d, e] = await addGuests(ada, event.id, [
      { name: 'A', email: 'a@example.com' }, { name: 'B', email: 'b@example.com' }, { name: 'C', email: 'c@example.com' }, { name: 'D', email: 'd@example.com' }, { name: 'E', email: 'e@example.com' },
    ]);
    for (const guest of [a, b, c, d, e]) await attend(guest.id);
    await expectStatus(200, ada, 'PUT', `/api/events/${event.id}/seating/constraints`, {
      body: { constraints: [{ kind: 'together', guest_ids: [a.id, b.id, c.id] }, { kind: 'apart', guest_ids: [d.id, e.id] }] },
    });
    await table(event.id, 'Small', 2);
    await table(event.id, 'Smaller', 1);

    const proposal = (await expectStatus(200, ada, 'GET', `/api/events/${event.id}/seating/proposal`)).data;

    expect(proposal.assignments).toHaveLength(3);
    expect(proposal.unplaced).toHaveLength(2);
    expect(proposal.unhonoured).toEqual([
      expect.objectContaining({ kind: 'together', source: 'constraint', guest_ids: [a.id, b.id, c.id] }),
    ]);
  });
});

describe('a guest who stops attending', () => {
  it('is unseated (with their plus-ones) by the seating-release consumer, and the organizer is notified', { timeout: 60_000 }, async () => {
    const event = await newEvent();
    const [mary, sam] = await addGuests(ada, event.id, [{ name: 'Mary', email: 'mary.r@example.com', plus_one_allowed: true, plus_one_limit: 1 }, { name: 'Sam', email: 'sam.r@example.com' }]);
    await attend(mary.id, { plus_ones: [{ name: 'Will', dietary_restrictions: [] }] });
    await attend(sam.id);
    const one = await table(event.id, 'Table 1', 4);
    for (const [number, plusOne] of [[1, 0], [2, 1]] as const) expect((await seat(one.id, number, mary.id, plusOne)).status).toBe(200);
    expect((await seat(one.id, 3, sam.id)).status).toBe(200);
    await testEventBus.idle();

    await expectStatus(200, ada, 'POST', `/api/guests/${mary.id}/rsvp`, { body: { status: 'no' } });
    await expectStatus(200, ada, 'DELETE', `/api/guests/${sam.id}`);
    await testEventBus.idle();

    expect(await seatOfGuest(event.id, mary.id)).toBeNull();
    expect(await seatOfGuest(event.id, sam.id)).toBeNull();
    const counts = await countsAndRecount(event.id);
    expect(counts).toMatchObject({ seats: 0, stored: { [one.id]: 0 }, mirrored: true });
    const { notifications } = await listNotifications(ada.userId, { limit: 50, unreadOnly: false }, new Date());
    const released = notifications.filter((entry) => entry.kind === seatingReleasedKind);
    expect(released.map((entry) => entry.message).sort()).toEqual(['Mary, Will no longer have seats: the answer changed', 'Sam no longer has a seat: removed from the list']);
  });
});

describe('exports', () => {
  it('the chart as formula-safe CSV, and each table\'s escort cards as a valid, escaped HTML page', { timeout: 60_000 }, async () => {
    const event = await newEvent();
    const [evil, plain] = await addGuests(ada, event.id, [{ name: '<script>alert(1)</script> & "Co"', email: 'evil@example.com' }, { name: '=HYPERLINK("x")', email: 'formula@example.com' }]);
    await attend(evil.id);
    await attend(plain.id);
    const head = await table(event.id, 'Head <b>table</b>', 6);
    expect((await seat(head.id, 2, evil.id)).status).toBe(200);
    expect((await seat(head.id, 1, plain.id)).status).toBe(200);

    const csv = await call(ada, 'GET', `/api/events/${event.id}/seating/export`);
    expect(csv.status).toBe(200);
    expect(csv.headers['Content-Type']).toContain('text/csv');
    expect(String(csv.body).split('\r\n').slice(0, 3)).toEqual([
      'table,shape,seat,name,guest_id,plus_one,party,dietary_restrictions',
      `Head <b>table</b>,round,1,"'=HYPERLINK(""x"")",${plain.id},0,,`,
      `Head <b>table</b>,round,2,"<script>alert(1)</script> & ""Co""",${evil.id},0,,`,
    ]);

    const cards = await call(ada, 'GET', `/api/tables/${head.id}/escort-cards`);
    expect(cards.status).toBe(200);
    expect(cards.headers['Content-Type']).toContain('text/html');
    const page = String(cards.body);
    expect(htmlProblems(page)).toEqual([]);
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<b>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;');
    expect(page.indexOf('=HYPERLINK')).toBeLessThan(page.indexOf('&lt;script&gt;'));
    expect(page).toContain('Head &lt;b&gt;table&lt;/b&gt; · seat 2');
  });
});

describe('per sub-event', () => {
  // One event for the describe: a dinner (sub-event) with a table of 4, and the event's own table of 4.
  let eventId: string;
  let dinner: { id: string };
  let dinnerTable: Table;
  let eventTable: Table;
  let mary: AddedGuest; let sam: AddedGuest; let zoe: AddedGuest; let lee: AddedGuest; let pending: AddedGuest;
  const answerAsGuest = (guest: AddedGuest, body: Record<string, unknown>) => expectStatus(200, null, 'POST', '/api/rsvp', { body, headers: { 'invitation-code': codeOf(guest) } });

  beforeAll(async () => {
    eventId = (await newEvent()).id;
    dinner = await expectStatus(201, ada, 'POST', `/api/events/${eventId}/sub-events`, { body: { title: 'Rehearsal dinner', starts_at: '2031-04-30T18:00:00Z' } }).then((body) => body.data);
    [mary, sam, zoe, lee, pending] = await addGuests(ada, eventId, [
      { name: 'Mary', email: 'mary.s@example.com', plus_one_allowed: true, plus_one_limit: 1 }, ...people(4, 'dinner'),
    ]) as [AddedGuest, AddedGuest, AddedGuest, AddedGuest, AddedGuest];
    await expectStatus(200, ada, 'POST', `/api/sub-events/${dinner.id}/guests`, { body: { add: [mary.id, sam.id, zoe.id, lee.id, pending.id] } });
    // Mary comes to both with Will; Sam declines the event but comes to the dinner; pending never answers the dinner.
    await answerAsGuest(mary, { status: 'yes', plus_ones: [{ name: 'Will', dietary_restrictions: [] }], sub_events: { [dinner.id]: 'yes' } });
    await answerAsGuest(sam, { status: 'no', sub_events: { [dinner.id]: 'yes' } });
    await answerAsGuest(zoe, { status: 'yes', sub_events: { [dinner.id]: 'yes' } });
    await answerAsGuest(lee, { status: 'yes', sub_events: { [dinner.id]: 'yes' } });
    dinnerTable = (await expectStatus(201, ada, 'POST', `/api/events/${eventId}/tables`, { body: { name: 'Dinner 1', seats: 4, sub_event_id: dinner.id } })).data;
    eventTable = await table(eventId, 'Table 1', 4);
  });

  it("seats only the people attending the sub-event at its tables; a guest holds a seat at the event's tables and one at each sub-event's", { timeout: 60_000 }, async () => {
    const unknown = await call(ada, 'POST', `/api/events/${eventId}/tables`, { body: { name: 'Nowhere', seats: 2, sub_event_id: 'no-such-sub-event' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ path: 'sub_event_id', message: 'No sub-event of this event has this id' }]);

    expect((await seat(dinnerTable.id, 1, sam.id)).status).toBe(200);
    expect((await seat(dinnerTable.id, 2, mary.id)).status).toBe(200);
    expect((await seat(dinnerTable.id, 3, mary.id, 1)).status).toBe(200);
    expect((await seat(eventTable.id, 1, mary.id)).status).toBe(200);
    // Pending has not said yes to the dinner; Sam declined the event; Zoe's answer holds no plus-one.
    expect((await seat(dinnerTable.id, 4, pending.id)).body.code).toBe('guest_not_attending');
    expect((await seat(eventTable.id, 2, sam.id)).body.code).toBe('guest_not_attending');
    expect((await seat(dinnerTable.id, 4, zoe.id, 1)).body.code).toBe('guest_not_attending');

    expect(await seatOfGuest(eventId, mary.id)).toEqual({ table_id: eventTable.id, table_name: 'Table 1', seat_number: 1 });
    const chart = (await expectStatus(200, ada, 'GET', `/api/events/${eventId}/tables`)).data as (Table & { sub_event_id: string | null; occupants: { name: string }[] })[];
    expect(chart.map((entry) => [entry.name, entry.sub_event_id, entry.occupants.map((occupant) => occupant.name)])).toEqual([
      ['Dinner 1', dinner.id, [sam.name, 'Mary', 'Will']],
      ['Table 1', null, ['Mary']],
    ]);
    const counts = await countsAndRecount(eventId);
    expect(counts).toMatchObject({ stored: counts.recounted, mirrored: true, seats: 4 });
  });

  it("proposes and exports per sub-event: its tables and its attending people only", { timeout: 60_000 }, async () => {
    const forDinner = (await expectStatus(200, ada, 'GET', `/api/events/${eventId}/seating/proposal`, { query: { sub_event_id: dinner.id } })).data;
    const forEvent = (await expectStatus(200, ada, 'GET', `/api/events/${eventId}/seating/proposal`)).data;
    const unknown = await call(ada, 'GET', `/api/events/${eventId}/seating/proposal`, { query: { sub_event_id: 'no-such-sub-event' } });

    // One seat left at the dinner for Zoe and Lee; never pending, never the event's own table.
    expect(forDinner.assignments).toEqual([expect.objectContaining({ table_id: dinnerTable.id, seat_number: 4, guest_id: zoe.id })]);
    expect(forDinner.unplaced.map((person: { guest_id: string }) => person.guest_id)).toEqual([lee.id]);
    expect(forDinner.already_seated).toBe(3);
    expect(forEvent.assignments.map((entry: { table_id: string }) => entry.table_id)).toEqual(Array(forEvent.assignments.length).fill(eventTable.id));
    expect(forEvent.assignments.map((entry: { guest_id: string }) => entry.guest_id)).not.toContain(sam.id);
    expect(unknown.status).toBe(400);

    const csv = await call(ada, 'GET', `/api/events/${eventId}/seating/export`, { query: { sub_event_id: dinner.id } });
    expect(String(csv.body).split('\r\n').filter(Boolean).map((row) => row.split(',').slice(0, 4).join(','))).toEqual([
      'table,shape,seat,name', `Dinner 1,round,1,${sam.name}`, 'Dinner 1,round,2,Mary', 'Dinner 1,round,3,Will',
    ]);
    expect(csv.headers['Content-Disposition']).toContain(`seating-${eventId}-${dinner.id}.csv`);
    const eventCsv = await call(ada, 'GET', `/api/events/${eventId}/seating/export`);
    expect(String(eventCsv.body).split('\r\n').filter(Boolean).slice(1).map((row) => row.split(',')[0])).toEqual(['Table 1']);
  });

  it("two planners seating different guests into the sub-event table's last seat at once: one wins, the other gets 409 seat_taken", { timeout: 60_000 }, async () => {
    const coordinator = await signedInUser();
    await addMember(eventId, coordinator.userId, 'coordinator');
    const answers = await Promise.all([[ada, zoe], [coordinator, lee]].map(([planner, guest]) =>
      call(planner as SignedInUser, 'PUT', `/api/tables/${dinnerTable.id}/seats/4`, { body: { guest_id: (guest as AddedGuest).id, plus_one: 0 } })));

    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(answers.find((answer) => answer.status === 409)?.body.code).toBe('seat_taken');
    const counts = await countsAndRecount(eventId);
    expect(counts).toMatchObject({ stored: { [dinnerTable.id]: 4 }, recounted: { [dinnerTable.id]: 4 }, mirrored: true });
  });

  it('a guest who declines the sub-event or is removed from it leaves its tables (not the event\'s); the organizer is told; a deleted sub-event seats nobody', { timeout: 60_000 }, async () => {
    const winner = (await seatOfSlot(eventId, dinnerTable.id, 4)) as string;
    await answerAsGuest(mary, { status: 'yes', plus_ones: [{ name: 'Will', dietary_restrictions: [] }], sub_events: { [dinner.id]: 'no' } });
    await expectStatus(200, ada, 'POST', `/api/sub-events/${dinner.id}/guests`, { body: { remove: [winner] } });

    const chart = (await expectStatus(200, ada, 'GET', `/api/events/${eventId}/tables`)).data as (Table & { occupants: { guest_id: string; plus_one: number }[] })[];
    expect(chart.map((entry) => [entry.name, entry.occupants.map((occupant) => `${occupant.guest_id}:${occupant.plus_one}`)])).toEqual([
      ['Dinner 1', [`${sam.id}:0`]],
      ['Table 1', [`${mary.id}:0`]],
    ]);
    const counts = await countsAndRecount(eventId);
    expect(counts).toMatchObject({ stored: counts.recounted, mirrored: true, seats: 2 });
    const { notifications } = await listNotifications(ada.userId, { limit: 50, unreadOnly: false }, new Date());
    const released = notifications.filter((entry) => entry.kind === seatingReleasedKind && entry.event_id === eventId).map((entry) => entry.message).sort();
    const winnerName = winner === zoe.id ? zoe.name : lee.name;
    expect(released).toEqual([`${winnerName} no longer has a seat: the answer changed`, 'Mary, Will no longer have seats: the answer changed'].sort());

    // Everyone removed, the sub-event deleted: its table seats nobody, and no table can name it.
    await expectStatus(200, ada, 'POST', `/api/sub-events/${dinner.id}/guests`, { body: { remove: [mary.id, sam.id, zoe.id, lee.id, pending.id] } });
    expect((await countsAndRecount(eventId)).seats).toBe(1);
    await expectStatus(200, ada, 'DELETE', `/api/sub-events/${dinner.id}`);
    expect((await seat(dinnerTable.id, 1, sam.id)).body.code).toBe('guest_not_attending');
    expect((await call(ada, 'POST', `/api/events/${eventId}/tables`, { body: { name: 'Late', seats: 2, sub_event_id: dinner.id } })).status).toBe(400);
  });
});

/** Who (guest id) sits in a table's seat, or null. */
async function seatOfSlot(eventId: string, tableId: string, seatNumber: number): Promise<string | null> {
  return (await seatAt(eventId, tableId, seatNumber))?.guest_id ?? null;
}

describe('fewer plus-ones', () => {
  it("a planner's edit frees the dropped plus-ones' seats in its own transaction; the guest's own answer through the consumer; the organizer is told", { timeout: 60_000 }, async () => {
    const event = await newEvent();
    const [kim] = await addGuests(ada, event.id, [{ name: 'Kim', email: 'kim.p@example.com', plus_one_allowed: true, plus_one_limit: 3 }]) as [AddedGuest];
    await attend(kim.id, { plus_ones: ['Ann', 'Bob', 'Cy'].map((name) => ({ name, dietary_restrictions: [] })) });
    const one = await table(event.id, 'Table 1', 6);
    for (const slot of [0, 1, 2, 3]) expect((await seat(one.id, slot + 1, kim.id, slot)).status).toBe(200);
    const { version } = (await expectStatus(200, ada, 'GET', `/api/guests/${kim.id}`)).data;

    await expectStatus(200, ada, 'PUT', `/api/guests/${kim.id}`, { body: { plus_one_count: 1, version } });
    // No consumer has run: the edit's own transaction freed them.
    const afterEdit = await countsAndRecount(event.id);
    expect(afterEdit).toMatchObject({ seats: 2, stored: { [one.id]: 2 }, recounted: { [one.id]: 2 }, mirrored: true });

    await answerOnPage(kim, { status: 'yes', plus_ones: [] });
    await testEventBus.idle();
    const afterAnswer = await countsAndRecount(event.id);
    expect(afterAnswer).toMatchObject({ seats: 1, stored: { [one.id]: 1 }, mirrored: true });
    expect(await seatOfGuest(event.id, kim.id)).toEqual({ table_id: one.id, table_name: 'Table 1', seat_number: 1 });
    const { notifications } = await listNotifications(ada.userId, { limit: 50, unreadOnly: false }, new Date());
    const released = notifications.filter((entry) => entry.kind === seatingReleasedKind && entry.event_id === event.id).map((entry) => entry.message).sort();
    // The consumer names the plus-one from the guest as it is now (no plus-ones named left): "Kim +1".
    expect(released).toEqual(['Bob, Cy no longer have seats: fewer plus-ones', 'Kim +1 no longer has a seat: the answer changed']);
  });
});

const answerOnPage = (guest: AddedGuest, body: Record<string, unknown>) => expectStatus(200, null, 'POST', '/api/rsvp', { body, headers: { 'invitation-code': codeOf(guest) } });
