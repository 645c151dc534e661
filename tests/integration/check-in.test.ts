import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningWebSocketServer } from '../../infra/local/websocket.ts';
import { listEventAudit } from '../../shared/data/audit.ts';
import { recordCalls } from '../support/dynamo-calls.ts';
import { decodeQrPng, decodeQrSvg } from '../support/qr-decode.ts';
import type { RealtimeClient } from '../support/realtime-client.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { addMember, createEvent } from './events-fixtures.ts';
import { addGuests, codeOf, countersAndRecount, guestsApi, rsvpApi, rsvpPage } from './guests-fixtures.ts';
import { emailsFor, runSender, uniqueTag } from './invitations-fixtures.ts';
import { connectAs, startRealtime } from './realtime-fixtures.ts';
import { call } from './timeline-fixtures.ts';

/**
 * Check-in at the door (issue 18, docs/check-in.md): scans by door staff, two devices at once, another
 * event's and revoked codes, offline batches, the door role's reach, the live counts on the WebSocket and
 * the QR code on the RSVP page and in the confirmation email, read back with a QR decoder.
 */
let ada: SignedInUser;
let door: SignedInUser;
let server: RunningWebSocketServer;
const clients: RealtimeClient[] = [];

beforeAll(async () => {
  [ada, door] = await Promise.all([signedInUser(), signedInUser()]);
  server = await startRealtime();
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await server?.close();
});

const checkIns = (eventId: string) => `/api/events/${eventId}/check-ins`;
const scan = (user: SignedInUser, eventId: string, code: string, deviceId = 'door-1') => guestsApi(user, 'POST', checkIns(eventId), { body: { code, device_id: deviceId } });

/** A wedding with a meal question, the door staff on its team, and attending guests (one pending). */
async function weddingAtTheDoor() {
  const event = await createEvent(ada, { name: 'Wedding', event_date: '2031-06-20T17:00:00Z', event_type: 'wedding' });
  await addMember(event.id, door.userId, 'door');
  const meal = await guestsApi(ada, 'POST', `/api/events/${event.id}/questions`, { body: { kind: 'single_choice', label: 'Your meal', options: [{ label: 'Beef' }, { label: 'Fish' }] } });
  expect(meal.status, JSON.stringify(meal.body)).toBe(201);
  const guests = await addGuests(ada, event.id, [{ name: 'Grace Hopper', party_name: 'The Hoppers', plus_one_allowed: true }, { name: 'Alan Turing' }, { name: 'Ada Byron' }, { name: 'Mary Pending' }]);
  for (const guest of guests.slice(0, 3)) {
    const answered = await guestsApi(ada, 'POST', `/api/guests/${guest.id}/rsvp`, { body: { status: 'yes', plus_one_count: guest.name === 'Grace Hopper' ? 1 : 0, answers: { [meal.body.data.id]: 'fish' } } });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
  }
  return { eventId: String(event.id), guests };
}

/** A new code for the guest (revoking any earlier one), as a planner issues it. */
async function newCode(guestId: string): Promise<string> {
  const issued = await guestsApi(ada, 'POST', `/api/guests/${guestId}/check-in-code`);
  expect(issued.status, JSON.stringify(issued.body)).toBe(200);
  return String(issued.body.data.check_in_code);
}

describe('scanning a code at the door', () => {
  it('checks the guest in once: who, their party and meal; a repeat scan says so and changes nothing', async () => {
    const { eventId, guests } = await weddingAtTheDoor();
    const code = await newCode(guests[0].id);
    const table = await call(ada, 'POST', `/api/events/${eventId}/tables`, { body: { name: 'Table 1', seats: 8 } });
    expect(table.status, JSON.stringify(table.body)).toBe(201);
    const seated = await call(ada, 'PUT', `/api/tables/${table.body.data.id}/seats/3`, { body: { guest_id: guests[0].id } });
    expect(seated.status, JSON.stringify(seated.body)).toBe(200);

    const first = await scan(door, eventId, code);
    const again = await scan(door, eventId, code, 'door-2');

    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.data).toMatchObject({
      outcome: 'checked_in',
      guest: {
        id: guests[0].id, name: 'Grace Hopper', party_name: 'The Hoppers', plus_one_count: 1, choices: [{ question: 'Your meal', answer: 'Fish' }], checked_in_device: 'door-1',
        table: { table_id: table.body.data.id, table_name: 'Table 1', seat_number: 3 },
      },
      counts: { arrived: 1, expected: 3 },
    });
    expect(again.status).toBe(200);
    expect(again.body.data).toMatchObject({ outcome: 'already_checked_in', guest: { checked_in_at: first.body.data.guest.checked_in_at, checked_in_device: 'door-1' }, counts: { arrived: 1, expected: 3 } });
    const { stored, recounted } = await countersAndRecount(eventId);
    expect(stored).toEqual(recounted);
    expect(stored.checked_in_count).toBe(1);
    const audit = (await listEventAudit(eventId, { limit: 100 })).entries.filter((entry) => entry.action === 'check_in.recorded');
    expect(audit).toHaveLength(1);
  });

  it('checks in exactly once when two devices scan the same code at the same moment; the counter equals a recount', async () => {
    const { eventId, guests } = await weddingAtTheDoor();
    const codes = await Promise.all(guests.slice(0, 3).map((guest) => newCode(guest.id)));

    // Every attending guest's code scanned by two devices at once (the door staff's and the organizer's).
    const answers = await Promise.all(codes.flatMap((code) => [scan(door, eventId, code, 'door-1'), scan(ada, eventId, code, 'door-2')]));

    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    for (let index = 0; index < codes.length; index += 1) {
      const outcomes = [answers[2 * index]?.body.data.outcome, answers[2 * index + 1]?.body.data.outcome].sort();
      expect(outcomes).toEqual(['already_checked_in', 'checked_in']);
    }
    const { stored, recounted } = await countersAndRecount(eventId);
    expect(stored).toEqual(recounted);
    expect(stored.checked_in_count).toBe(3);
  });

  it("refuses another event's code with the same answer as an unknown one, and a guest not attending", async () => {
    const { eventId, guests } = await weddingAtTheDoor();
    const other = await weddingAtTheDoor();
    const othersCode = await newCode(other.guests[0].id);
    const pendingCode = await newCode(guests[3].id);
    const forged = othersCode.replace(other.guests[0].id, guests[0].id);

    const answers = await Promise.all([othersCode, forged, 'not-a-code', `CI1.${guests[0].id}.AAAAAAAAAAAAAAAAAAAAAA`].map((code) => scan(door, eventId, code)));
    const pending = await scan(door, eventId, pendingCode);

    const shape = (answer: (typeof answers)[number]) => ({ status: answer.status, code: answer.body.code, title: answer.body.title, detail: answer.body.detail, errors: answer.body.errors });
    expect(answers.map(shape)).toEqual(answers.map(() => ({ status: 404, code: 'check_in_code_unknown', title: 'Not found', detail: 'No guest of this event has this check-in code.', errors: undefined })));
    expect(pending.status).toBe(409);
    expect(pending.body.code).toBe('not_attending');
    expect((await countersAndRecount(eventId)).stored.checked_in_count).toBe(0);
    expect((await countersAndRecount(other.eventId)).stored.checked_in_count).toBe(0);
  });

  it('refuses a revoked code; the new one works', async () => {
    const { eventId, guests } = await weddingAtTheDoor();
    const old = await newCode(guests[1].id);
    const fresh = await newCode(guests[1].id);

    const refused = await scan(door, eventId, old);
    const accepted = await scan(door, eventId, fresh);

    expect(fresh).not.toBe(old);
    expect(refused.status).toBe(404);
    expect(refused.body.code).toBe('check_in_code_unknown');
    expect(accepted.status).toBe(200);
    expect(accepted.body.data.outcome).toBe('checked_in');
  });

  it('costs one access read, one transaction and the push query when nobody follows the event', async () => {
    const { eventId, guests } = await weddingAtTheDoor();
    const code = await newCode(guests[2].id);

    const { result, calls } = await recordCalls(() => scan(door, eventId, code));

    expect(result.status).toBe(200);
    expect(result.body.data.guest.table).toBeNull();
    // BatchGetItem (session, event, membership, guest, the guest's seat), TransactWriteItems, the subscriptions' Query, the questions' Query.
    expect(calls.map((each) => each.command).sort()).toEqual(['BatchGetItem', 'Query', 'Query', 'TransactWriteItems']);
  });
});

describe('an offline door device uploading its scans', () => {
  it('checks in what it can, reports conflicts with each guest\'s seat, and a replay of the same upload changes nothing; the door list shows the seats', async () => {
    const { eventId, guests } = await weddingAtTheDoor();
    const [grace, alan, byron] = await Promise.all(guests.slice(0, 3).map((guest) => newCode(guest.id)));
    const table = await call(ada, 'POST', `/api/events/${eventId}/tables`, { body: { name: 'Table 7', seats: 8 } });
    expect((await call(ada, 'PUT', `/api/tables/${table.body.data.id}/seats/2`, { body: { guest_id: guests[0].id } })).status).toBe(200);
    const seat = { table_id: table.body.data.id, table_name: 'Table 7', seat_number: 2 };
    const online = await scan(ada, eventId, byron as string, 'door-2');
    expect(online.body.data.outcome).toBe('checked_in');
    const upload = {
      device_id: 'door-offline',
      scans: [
        { code: grace, scanned_at: '2031-06-20T17:05:00Z' },
        { code: alan, scanned_at: '2031-06-20T17:06:00Z' },
        { code: byron, scanned_at: '2031-06-20T17:07:00Z' },
        { code: grace, scanned_at: '2031-06-20T17:09:00Z' },
        { code: 'garbage', scanned_at: '2031-06-20T17:10:00Z' },
      ],
    };

    const first = await guestsApi(door, 'POST', `${checkIns(eventId)}/batch`, { body: upload });
    const counted = await countersAndRecount(eventId);
    const replay = await guestsApi(door, 'POST', `${checkIns(eventId)}/batch`, { body: upload });

    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.data.results.map((row: { outcome: string }) => row.outcome)).toEqual(['checked_in', 'checked_in', 'conflict', 'conflict', 'unknown_code']);
    expect(first.body.data.results[2].guest).toMatchObject({ name: 'Ada Byron', checked_in_device: 'door-2' });
    expect(first.body.data.results[0].guest).toMatchObject({ checked_in_at: '2031-06-20T17:05:00.000Z', checked_in_device: 'door-offline', table: seat });
    expect(first.body.data.results[1].guest.table).toBeNull();
    expect(first.body.data.results[4].guest).toBeNull();
    expect(first.body.data.summary).toEqual({ checked_in: 2, replayed: 0, conflicts: 2, not_attending: 0, unknown_codes: 1 });
    expect(counted.stored).toEqual(counted.recounted);
    expect(counted.stored.checked_in_count).toBe(3);
    expect(replay.status).toBe(200);
    expect(replay.body.data.results.map((row: { outcome: string }) => row.outcome)).toEqual(['replayed', 'replayed', 'conflict', 'conflict', 'unknown_code']);
    expect(await countersAndRecount(eventId)).toEqual(counted);
    const doorList = await guestsApi(door, 'GET', checkIns(eventId));
    expect(doorList.body.data.map((guest: { name: string; table: unknown }) => [guest.name, guest.table])).toEqual([['Ada Byron', null], ['Alan Turing', null], ['Grace Hopper', seat]]);
  });
});

describe('the door role', () => {
  it('reads the names on the door list and nothing else of the event', async () => {
    const { eventId } = await weddingAtTheDoor();

    const list = await guestsApi(door, 'GET', checkIns(eventId), { query: { q: 'gr' } });
    const guestList = await guestsApi(door, 'GET', `/api/events/${eventId}/guests`);
    const event = await call(door, 'GET', `/api/events/${eventId}`);
    const revoke = await guestsApi(door, 'POST', `/api/guests/${String(list.body.data[0]?.id)}/check-in-code`);
    const events = await call(door, 'GET', '/api/events');

    expect(list.status).toBe(200);
    expect(list.body.data.map((guest: { name: string }) => guest.name)).toEqual(['Grace Hopper']);
    expect(list.body.meta).toMatchObject({ arrived: 0, expected: 3 });
    expect(JSON.stringify(list.body)).not.toContain('@');
    expect([guestList.status, event.status, revoke.status]).toEqual([404, 404, 404]);
    // The door app finds the event in the list: its own fields, no counters.
    const row = events.body.data.find((candidate: { id: string }) => candidate.id === eventId);
    expect(row).toMatchObject({ name: 'Wedding', role: 'door' });
    expect(row).not.toHaveProperty('guest_count');
  });
});

describe('live counts', () => {
  it('pushes arrived / expected to the door staff following the event after each check-in', async () => {
    const { eventId, guests } = await weddingAtTheDoor();
    const code = await newCode(guests[0].id);
    const client = await connectAs(server, door);
    clients.push(client);
    client.send({ action: 'subscribe', event_id: eventId });
    const subscribed = await client.next((message) => message.event_id === eventId);

    await scan(ada, eventId, code, 'door-2');
    const pushed = await client.next((message) => message.type === 'check_ins.counts');

    expect(subscribed.type).toBe('subscribed');
    expect(pushed).toMatchObject({ type: 'check_ins.counts', event_id: eventId, arrived: 1, expected: 3 });
  });
});

describe('the QR code of the check-in code', () => {
  it("is on an attending guest's RSVP page (and not on a pending guest's) and checks them in", async () => {
    const { eventId, guests } = await weddingAtTheDoor();

    const page = await rsvpPage('GET', codeOf(guests[1]));
    const pending = await rsvpPage('GET', codeOf(guests[3]));
    const svg = /<div id="check-in-qr"[^>]*>([\s\S]*?<\/svg>)/.exec(page.body)?.[1] ?? '';
    const decoded = decodeQrSvg(svg);
    const shown = /<code id="check-in-code">([^<]+)<\/code>/.exec(page.body)?.[1];

    expect(page.status).toBe(200);
    expect(decoded).toMatch(/^CI1\./);
    expect(decoded).toBe(shown);
    expect(pending.body).not.toContain('check-in-qr');
    const checkedIn = await scan(door, eventId, decoded as string);
    expect(checkedIn.body.data).toMatchObject({ outcome: 'checked_in', guest: { name: 'Alan Turing' } });
  });

  it("is in the guest's own GET /api/rsvp while they attend (null for a pending guest), and follows a re-issue", async () => {
    const { eventId, guests } = await weddingAtTheDoor();
    const asGuest = (guest: { rsvp_url: string }) => ({ headers: { 'invitation-code': codeOf(guest) } });

    const [attending, pending] = await Promise.all([rsvpApi('GET', '/api/rsvp', asGuest(guests[2])), rsvpApi('GET', '/api/rsvp', asGuest(guests[3]))]);
    const reissued = await newCode(guests[2].id);
    const afterReissue = await rsvpApi('GET', '/api/rsvp', asGuest(guests[2]));

    expect(attending.status, JSON.stringify(attending.body)).toBe(200);
    expect(attending.body.data.check_in_code).toMatch(/^CI1\./);
    expect(pending.body.data.check_in_code).toBeNull();
    expect(afterReissue.body.data.check_in_code).toBe(reissued);
    expect(reissued).not.toBe(attending.body.data.check_in_code);
    expect((await scan(door, eventId, attending.body.data.check_in_code)).body.code).toBe('check_in_code_unknown');
    expect((await scan(door, eventId, reissued)).body.data).toMatchObject({ outcome: 'checked_in', guest: { name: 'Ada Byron' } });
  });

  it("is in the confirmation email of a guest who answers yes, and checks them in", async () => {
    const tag = uniqueTag();
    const { eventId } = await weddingAtTheDoor();
    const [guest] = await addGuests(ada, eventId, [{ name: 'Katherine Johnson', email: `katherine_${tag}@example.com` }]);
    const answered = await rsvpApi('POST', '/api/rsvp', { body: { status: 'yes' }, headers: { 'invitation-code': codeOf(guest) } });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);

    await runSender();
    const [email] = await emailsFor(`katherine_${tag}`);
    // The emulator's parser (mailparser) puts the inline part's bytes in place of its cid: reference.
    const inlined = /<img src="data:image\/png;base64,([^"]+)"/.exec(email?.body.html ?? '')?.[1];
    const decoded = decodeQrPng(Buffer.from(inlined ?? '', 'base64'));

    expect(decoded).toMatch(/^CI1\./);
    expect(email?.body.text).toContain(decoded);
    const checkedIn = await scan(door, eventId, decoded as string);
    expect(checkedIn.body.data).toMatchObject({ outcome: 'checked_in', guest: { name: 'Katherine Johnson' } });
  });
});
