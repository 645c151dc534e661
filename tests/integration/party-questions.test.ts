import { beforeAll, describe, expect, it } from 'vitest';
import { listAllGuests } from '../../shared/data/guests/reads.ts';
import { partyAnswersMigration } from '../../shared/data/migrations/0007-party-answers.ts';
import { runMigrations } from '../../shared/data/migrations/runner.ts';
import { listParties } from '../../shared/data/parties/records.ts';
import { listQuestions } from '../../shared/data/questions/records.ts';
import { recountAnswers } from '../../shared/domain/questions/answers.ts';
import { recordCalls } from '../support/dynamo-calls.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { createEvent } from './events-fixtures.ts';
import { type AddedGuest, addGuests, codeOf, countersAndRecount, guestsApi, people, rsvpApi, rsvpPage } from './guests-fixtures.ts';

/**
 * A party's answer carries each member's answers to the custom questions (docs/parties.md): checked as a
 * guest's own answer is, and counted in the party's one transaction, so the caterer's counts equal a
 * recount. One event, seeded once.
 */
let ada: SignedInUser;
let eventId: string;
let partyId: string;
let partyCode: string;
let family: { id: string }[];
let others: { id: string; rsvp_url: string }[];
/** The questions' ids by name (ids are made by the API). */
const q = { meal: '', bus: '', hotel: '' };

beforeAll(async () => {
  ada = await signedInUser();
  const event = await createEvent(ada, { name: 'Wedding', event_date: '2031-06-20T17:00:00Z', event_type: 'wedding', currency: 'EUR' });
  eventId = event.id;
  for (const [name, body] of [
    ['meal', { kind: 'single_choice', label: 'Your meal', required: true, audience: 'attending', options: [{ label: 'Beef' }, { label: 'Fish' }, { label: 'Vegetarian' }] }],
    ['bus', { kind: 'yes_no', label: 'Will you take the shuttle?' }],
    ['hotel', { kind: 'single_choice', label: 'Where will you stay?', audience: 'per_party', options: [{ label: 'Hotel' }, { label: 'Home' }] }],
  ] as const) {
    const added = await guestsApi(ada, 'POST', `/api/events/${eventId}/questions`, { body });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    q[name] = added.body.data.id;
  }
  family = await addGuests(ada, eventId, people(3, 'family'));
  others = await addGuests(ada, eventId, people(6, 'other'));
  const made = await guestsApi(ada, 'POST', `/api/events/${eventId}/parties`, { body: { name: 'The Lovelaces', member_ids: family.map((guest) => guest.id) } });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  partyId = made.body.data.id;
  partyCode = codeOf(made.body.data);
});

/** The questions' stored counters next to a recount of the guests' answers and the parties' (their per_party answers). */
async function mealCounts() {
  const questions = await listQuestions(eventId);
  const recounted = recountAnswers([...await listAllGuests(eventId), ...(await listParties(eventId, { limit: 100 })).parties]);
  return questions.map((question) => ({
    id: question.id,
    stored: { answers: question.answer_count, choices: Object.fromEntries(Object.entries(question.choice_counts).filter(([, count]) => count !== 0)) },
    recounted: recounted.get(question.id) ?? { answers: 0, choices: {} },
  }));
}

const partyAnswer = (members: Record<string, unknown>[]) => rsvpApi('POST', '/api/party-rsvp', { headers: { 'invitation-code': partyCode }, body: { members } });

describe("a party's answer with the members' meal choices", () => {
  it('refuses a member saying yes without the required meal, or with an option that does not exist, naming each member', async () => {
    const refused = await partyAnswer([
      { guest_id: family[0]?.id, status: 'yes' },
      { guest_id: family[1]?.id, status: 'yes', answers: { [q.meal]: 'lobster' } },
    ]);

    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((problem: { path: string }) => problem.path)).toEqual([`members.0.answers.${q.meal}`, `members.1.answers.${q.meal}`]);
    expect((await mealCounts()).every((count) => count.stored.answers === 0)).toBe(true);
  });

  it('keeps each member\'s meal, counts it in the same transaction (the summary equals a recount), and drops it when the member declines', async () => {
    const [first, ...alone] = await Promise.all([
      partyAnswer([
        { guest_id: family[0]?.id, status: 'yes', answers: { [q.meal]: 'beef', [q.bus]: true } },
        { guest_id: family[1]?.id, status: 'yes', answers: { [q.meal]: 'fish', [q.bus]: 'yes' } },
        { guest_id: family[2]?.id, status: 'no', answers: { [q.bus]: false } },
      ]),
      ...others.map((guest, index) => rsvpApi('POST', `/api/rsvp/${codeOf(guest)}`, { body: { status: 'yes', answers: { [q.meal]: index % 2 ? 'fish' : 'vegetarian' } } })),
    ]);
    const afterFirst = await mealCounts();
    const changed = await partyAnswer([
      { guest_id: family[1]?.id, status: 'no' },
      { guest_id: family[2]?.id, status: 'yes', answers: { [q.meal]: 'vegetarian' } },
    ]);
    const afterChange = await mealCounts();
    const planner = await guestsApi(ada, 'POST', `/api/parties/${partyId}/rsvp`, { body: { members: [{ guest_id: family[0]?.id, status: 'yes', answers: { [q.meal]: 'fish' } }] } });
    const summary = await guestsApi(ada, 'GET', `/api/events/${eventId}/questions`);

    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(alone.map((response) => response.status)).toEqual(Array(others.length).fill(200));
    expect(first.body.data.members.map((member: { answers: unknown }) => member.answers)).toEqual([{ [q.bus]: true, [q.meal]: ['beef'] }, { [q.bus]: true, [q.meal]: ['fish'] }, { [q.bus]: false }]);
    for (const count of afterFirst) expect(count.stored).toEqual(count.recounted);
    expect(afterFirst.find((count) => count.id === q.meal)?.stored).toEqual({ answers: 8, choices: { beef: 1, fish: 4, vegetarian: 3 } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    for (const count of afterChange) expect(count.stored).toEqual(count.recounted);
    expect(afterChange.find((count) => count.id === q.meal)?.stored).toEqual({ answers: 8, choices: { beef: 1, fish: 3, vegetarian: 4 } });
    expect(planner.status, JSON.stringify(planner.body)).toBe(200);
    const meal = (summary.body.data as { id: string; answer_count: number; options: { id: string; count: number }[] }[]).find((question) => question.id === q.meal);
    expect(meal?.options.map((option) => [option.id, option.count])).toEqual([['beef', 0], ['fish', 4], ['vegetarian', 4]]);
    for (const count of await mealCounts()) expect(count.stored).toEqual(count.recounted);
    const { stored, recounted } = await countersAndRecount(eventId);
    expect(stored).toEqual(recounted);
  });
});

describe('the guest list filtered by party', () => {
  it("lists the party's members in its order from the party item and their keys (O(party)), with rsvp_status too", async () => {
    const { result: all, calls } = await recordCalls(() => guestsApi(ada, 'GET', `/api/events/${eventId}/guests`, { query: { party: partyId } }));
    const declined = await guestsApi(ada, 'GET', `/api/events/${eventId}/guests`, { query: { party: partyId, rsvp_status: 'no' } });
    const nobody = await guestsApi(ada, 'GET', `/api/events/${eventId}/guests`, { query: { party: 'no-such-party' } });
    const mixed = await guestsApi(ada, 'GET', `/api/events/${eventId}/guests`, { query: { party: partyId, q: 'fam' } });

    expect(all.status, JSON.stringify(all.body)).toBe(200);
    expect(all.body.data.map((guest: { id: string }) => guest.id)).toEqual(family.map((guest) => guest.id));
    expect(all.body.meta).toMatchObject({ next_cursor: null, totals: { guests: 9 } });
    // The access with the party item, the members by key, the dietary summary: no Query, whatever the list's size.
    expect(calls.map((call) => call.command).sort()).toEqual(['BatchGetItem', 'BatchGetItem', 'GetItem']);
    expect(declined.body.data.map((guest: { rsvp_status: string }) => guest.rsvp_status)).toEqual(['no']);
    expect([nobody.status, nobody.body.data]).toEqual([200, []]);
    expect([mixed.status, mixed.body.errors?.[0]?.path]).toEqual([400, 'query.party']);
  });

  it('exports each guest\'s party id in the CSV\'s party_id column and its name in the party column', async () => {
    const exported = await guestsApi(ada, 'GET', `/api/events/${eventId}/guests/export`);

    const [header, ...rows] = (exported.body as string).trim().split('\r\n');
    expect(header?.split(',').slice(-2)).toEqual(['party_id', 'party']);
    expect(rows.map((row) => row.split(',').at(-2)).filter(Boolean)).toEqual([partyId, partyId, partyId]);
    expect(new Set(rows.map((row) => row.split(',').at(-1)).filter(Boolean)).size).toBe(1);
  });
});

describe('per_party questions, answered once per party', () => {
  const countOf = async (id: string) => (await mealCounts()).find((count) => count.id === id);

  it("are the party's: refused on a member's answer and on its own link, stored on the party and counted once; a guest in no party answers for themself", async () => {
    const onMember = await partyAnswer([{ guest_id: family[0]?.id, status: 'yes', answers: { [q.hotel]: 'hotel' } }]);
    const memberQuestionOnParty = await rsvpApi('POST', '/api/party-rsvp', { headers: { 'invitation-code': partyCode }, body: { answers: { [q.meal]: 'beef' } } });
    const memberLink = await rsvpApi('POST', `/api/rsvp/${codeOf(family[0] as AddedGuest)}`, { body: { status: 'yes', answers: { [q.hotel]: 'home' } } });
    const memberView = await rsvpApi('GET', `/api/rsvp/${codeOf(family[0] as AddedGuest)}`);
    const once = await rsvpApi('POST', '/api/party-rsvp', { headers: { 'invitation-code': partyCode }, body: { answers: { [q.hotel]: 'hotel' } } });
    const afterOnce = await countOf(q.hotel);
    const alone = await rsvpApi('POST', `/api/rsvp/${codeOf(others[0] as AddedGuest)}`, { body: { status: 'yes', answers: { [q.meal]: 'fish', [q.hotel]: 'home' } } });
    const planner = await guestsApi(ada, 'POST', `/api/parties/${partyId}/rsvp`, { body: { answers: { [q.hotel]: 'home' } } });
    const summary = await guestsApi(ada, 'GET', `/api/events/${eventId}/questions`);

    expect([onMember.status, onMember.body.errors?.map((problem: { path: string }) => problem.path)]).toEqual([400, [`members.0.answers.${q.hotel}`]]);
    expect([memberQuestionOnParty.status, memberQuestionOnParty.body.errors?.map((problem: { path: string }) => problem.path)]).toEqual([400, [`answers.${q.meal}`]]);
    expect([memberLink.status, memberLink.body.errors?.map((problem: { path: string }) => problem.path)]).toEqual([400, [`answers.${q.hotel}`]]);
    expect(memberView.body.data.questions.map((question: { id: string }) => question.id)).not.toContain(q.hotel);
    expect(once.status, JSON.stringify(once.body)).toBe(200);
    expect(once.body.data.answers).toEqual({ [q.hotel]: ['hotel'] });
    expect(once.body.data.members.every((member: { answers: Record<string, unknown> }) => member.answers[q.hotel] === undefined)).toBe(true);
    expect(afterOnce?.stored).toEqual({ answers: 1, choices: { hotel: 1 } });
    expect(alone.status, JSON.stringify(alone.body)).toBe(200);
    expect(alone.body.data.guest.answers[q.hotel]).toEqual(['home']);
    expect(planner.status, JSON.stringify(planner.body)).toBe(200);
    const hotel = (summary.body.data as { id: string; answer_count: number; options: { id: string; count: number }[] }[]).find((question) => question.id === q.hotel);
    expect([hotel?.answer_count, hotel?.options.map((option) => [option.id, option.count])]).toEqual([2, [['hotel', 0], ['home', 2]]]);
    for (const count of await mealCounts()) expect(count.stored).toEqual(count.recounted);
  });

  it("a guest joining a party gives up their own per_party answer in the membership's transaction; leaving, they are asked again", async () => {
    const joiner = others[1] as AddedGuest;
    const ownAnswer = await rsvpApi('POST', `/api/rsvp/${codeOf(joiner)}`, { body: { status: 'yes', answers: { [q.meal]: 'fish', [q.hotel]: 'hotel' } } });
    const beforeJoin = await countOf(q.hotel);
    const joined = await guestsApi(ada, 'PUT', `/api/parties/${partyId}`, { body: { member_ids: [...family.map((guest) => guest.id), joiner.id] } });
    const afterJoin = await countOf(q.hotel);
    const left = await guestsApi(ada, 'PUT', `/api/parties/${partyId}`, { body: { member_ids: family.map((guest) => guest.id) } });
    const view = await rsvpApi('GET', `/api/rsvp/${codeOf(joiner)}`);

    expect(ownAnswer.status, JSON.stringify(ownAnswer.body)).toBe(200);
    expect(beforeJoin?.stored).toEqual({ answers: 3, choices: { hotel: 1, home: 2 } });
    expect(joined.status, JSON.stringify(joined.body)).toBe(200);
    expect(joined.body.data.members.at(-1).answers).toEqual({ [q.meal]: ['fish'] });
    expect(afterJoin?.stored).toEqual({ answers: 2, choices: { home: 2 } });
    expect(afterJoin?.recounted).toEqual(afterJoin?.stored);
    expect(left.status, JSON.stringify(left.body)).toBe(200);
    expect(view.body.data.questions.map((question: { id: string }) => question.id)).toContain(q.hotel);
    expect(view.body.data.guest.answers[q.hotel]).toBeUndefined();
    for (const count of await mealCounts()) expect(count.stored).toEqual(count.recounted);
  });

  it("migration 0007 moves per_party answers held by members (a question made per_party after they answered) to the party once, the counts with them", async () => {
    const made = await guestsApi(ada, 'POST', `/api/events/${eventId}/questions`, { body: { kind: 'yes_no', label: 'Do you need parking?' } });
    const parking = made.body.data.id as string;
    const answered = await partyAnswer([
      { guest_id: family[0]?.id, status: 'yes', answers: { [parking]: true } },
      { guest_id: family[2]?.id, status: 'yes', answers: { [parking]: false } },
    ]);
    const perParty = await guestsApi(ada, 'PUT', `/api/questions/${parking}`, { body: { audience: 'per_party', version: made.body.data.version } });
    const beforeMove = await countOf(parking);
    const moved = await runMigrations({ owner: 'party-answers-1', restart: true, migrations: [partyAnswersMigration] });
    const afterMove = await countOf(parking);
    const again = await runMigrations({ owner: 'party-answers-2', restart: true, migrations: [partyAnswersMigration] });
    const party = await rsvpApi('GET', '/api/party-rsvp', { headers: { 'invitation-code': partyCode } });

    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect(perParty.status, JSON.stringify(perParty.body)).toBe(200);
    expect(beforeMove?.stored).toEqual({ answers: 2, choices: { yes: 1, no: 1 } });
    expect(moved.migrations[0]).toMatchObject({ outcome: 'done', rewritten: 1 });
    // The first member's answer in the party's order: the party's now, counted once.
    expect(afterMove?.stored).toEqual({ answers: 1, choices: { yes: 1 } });
    expect(again.migrations[0]).toMatchObject({ outcome: 'done', rewritten: 0 });
    expect(party.body.data.answers).toEqual({ [q.hotel]: ['home'], [parking]: true });
    expect(party.body.data.members.every((member: { answers: Record<string, unknown> }) => member.answers[parking] === undefined)).toBe(true);
    for (const count of await mealCounts()) expect(count.stored).toEqual(count.recounted);
    const { stored, recounted } = await countersAndRecount(eventId);
    expect(stored).toEqual(recounted);
  });

  it("a member's own link shows the party's answers read-only (JSON and the page, in the page's language, numbers too), for one GetItem more than a guest in no party", async () => {
    const made = await guestsApi(ada, 'POST', `/api/events/${eventId}/questions`, { body: { kind: 'number', label: 'Budget for the rooms', audience: 'per_party' } });
    const rooms = made.body.data.id as string;
    await guestsApi(ada, 'POST', `/api/parties/${partyId}/rsvp`, { body: { answers: { [rooms]: 1234.5 } } });
    const member = codeOf(family[1] as AddedGuest);

    const { result: view, calls: memberCalls } = await recordCalls(() => rsvpApi('GET', '/api/rsvp', { headers: { 'invitation-code': member } }));
    const { result: alone, calls: aloneCalls } = await recordCalls(() => rsvpApi('GET', '/api/rsvp', { headers: { 'invitation-code': codeOf(others[2] as AddedGuest) } }));
    const page = await rsvpPage('GET', member, { headers: { 'accept-language': 'fr' } });

    expect(view.status, JSON.stringify(view.body)).toBe(200);
    expect(view.body.data.party).toMatchObject({ name: 'The Lovelaces', answers: { [q.hotel]: ['home'], [rooms]: 1234.5 } });
    expect(view.body.data.party.questions.map((question: { id: string }) => question.id)).toEqual(expect.arrayContaining([q.hotel, rooms]));
    expect(view.body.data.party.questions.every((question: { audience: string }) => question.audience === 'per_party')).toBe(true);
    expect(view.body.data.questions.map((question: { id: string }) => question.id)).not.toContain(q.hotel);
    expect(alone.body.data.party).toBeNull();
    const partyReads = (calls: typeof memberCalls) => calls.filter((call) => call.keys.some((key) => key.includes('|PARTY#')));
    expect(partyReads(memberCalls).map((call) => call.command)).toEqual(['GetItem']);
    expect(partyReads(aloneCalls)).toEqual([]);
    const ignoringHost = (calls: typeof memberCalls) => calls.filter((call) => !call.keys.some((key) => key.startsWith('USER#'))).length;
    expect(ignoringHost(memberCalls)).toBe(ignoringHost(aloneCalls) + 1);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Votre groupe : The Lovelaces');
    expect(page.body).toContain('<dd class="party-answer" id="party-answer-' + q.hotel + '">Home</dd>');
    expect(page.body).toContain('1\u202f234,5');
    expect(page.body).not.toContain(`name="answers.${q.hotel}"`);
    expect(page.body).not.toContain(`name="answers.${rooms}"`);
  });
});
