import { beforeAll, describe, expect, it } from 'vitest';
import { queryChildren } from '../../shared/data/collection.ts';
import { listAllGuests } from '../../shared/data/guests/reads.ts';
import { partyFromItem } from '../../shared/data/parties/records.ts';
import { nameKey } from '../../shared/domain/guests/name-key.ts';
import { SYNC_IMPORT_MAX_ROWS } from '../../shared/domain/guests/import-job.ts';
import { testEventBus } from '../support/event-bus.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { createEvent } from './events-fixtures.ts';
import { addGuests, countersAndRecount, guestsApi, people } from './guests-fixtures.ts';

/**
 * The CSV import's `party` column (docs/guest-import.md, "Parties"): a row joins the event's party of
 * that name, made once if absent, in the row's own transaction, under the party's cap of 12 members,
 * exactly once when imports race; the export writes the column back.
 */
let ada: SignedInUser;

beforeAll(async () => {
  ada = await signedInUser();
});

const csv = (lines: string[]) => ({ rawBody: ['name,email,party', ...lines].join('\n'), headers: { 'content-type': 'text/csv' } });
const importFile = (eventId: string, lines: string[]) => guestsApi(ada, 'POST', `/api/events/${eventId}/guests/import`, csv(lines));

/** The event's parties next to a recount of their members from the guests' `party_id`: they must agree. */
async function partiesAndRecount(eventId: string) {
  const parties = (await queryChildren('party', eventId)).map(partyFromItem);
  const guests = await listAllGuests(eventId);
  const members = new Map<string, string[]>();
  for (const guest of guests) if (guest.party_id) members.set(guest.party_id, [...(members.get(guest.party_id) ?? []), guest.id]);
  return {
    parties,
    stored: Object.fromEntries(parties.map((party) => [party.id, party.member_ids.toSorted()])),
    recounted: Object.fromEntries([...members].map(([id, ids]) => [id, ids.toSorted()])),
    byName: (name: string) => parties.filter((party) => nameKey(party.name) === nameKey(name)),
  };
}

describe('POST /api/events/{id}/guests/import with a party column', () => {
  it('joins the party of that name (made once, found whatever the case or spacing), joins a party made by the party routes, and skips rows past a party\'s 12 members', async () => {
    const event = await createEvent(ada);
    const planned = await addGuests(ada, event.id, people(11, 'planned'));
    const made = await guestsApi(ada, 'POST', `/api/events/${event.id}/parties`, { body: { name: 'The Lovelaces', member_ids: planned.map((guest) => guest.id) } });
    const lines = [
      'Mary Somerville,mary@example.com,The Somervilles',
      'William Somerville,william@example.com,the  somervilles',
      'Alone,alone@example.com,',
      'Byron,byron@example.com,THE LOVELACES',
      'Too Many,too.many@example.com,The Lovelaces',
    ];

    const response = await importFile(event.id, lines);
    const again = await importFile(event.id, ['Woronzow Greig,woronzow@example.com,The Somervilles']);

    expect(made.status).toBe(201);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.meta.added).toBe(4);
    expect(response.body.meta.skipped).toEqual([{ line: 6, email: 'too.many@example.com', reason: 'party_full' }]);
    const { parties, stored, recounted, byName } = await partiesAndRecount(event.id);
    expect(stored).toEqual(recounted);
    expect(parties).toHaveLength(2);
    const [somervilles] = byName('The Somervilles');
    expect(somervilles).toMatchObject({ name: 'The Somervilles', seating: 'whole_party' });
    expect(somervilles?.member_ids).toHaveLength(3);
    expect(byName('The Lovelaces')[0]?.member_ids).toHaveLength(12);
    expect(response.body.meta.parties.toSorted((a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name))).toEqual([
      { id: made.body.data.id, name: 'The Lovelaces', created: false, joined: 1 },
      { id: somervilles?.id, name: 'The Somervilles', created: true, joined: 2, invitation_code: expect.any(String), rsvp_url: expect.stringContaining('/rsvp/') },
    ]);
    expect(again.body.meta.parties).toEqual([{ id: somervilles?.id, name: 'The Somervilles', created: false, joined: 1 }]);
    const guest = response.body.data.find((row: { name: string }) => row.name === 'Mary Somerville');
    expect(guest).toMatchObject({ party_id: somervilles?.id, party_name: 'The Somervilles' });
    const { stored: counters, recounted: guestRecount } = await countersAndRecount(event.id);
    expect(counters).toEqual(guestRecount);
  });

  it('round-trips: the export writes each guest\'s party by name, and importing it into another event makes the same parties', async () => {
    const source = await createEvent(ada);
    await importFile(source.id, ['Ada,ada.rt@example.com,Byron', 'Annabella,annabella.rt@example.com,Byron', 'Charles,charles.rt@example.com,Babbage', 'Solo,solo.rt@example.com,']);
    const target = await createEvent(ada);

    const exported = await guestsApi(ada, 'GET', `/api/events/${source.id}/guests/export`);
    const imported = await guestsApi(ada, 'POST', `/api/events/${target.id}/guests/import`, { rawBody: String(exported.body), headers: { 'content-type': 'text/csv' } });

    expect(String(exported.body).split('\r\n')[0]).toMatch(/,party_id,party$/);
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    const membersByParty = async (eventId: string) => {
      const { parties } = await partiesAndRecount(eventId);
      const guests = new Map((await listAllGuests(eventId)).map((guest) => [guest.id, guest.name]));
      return Object.fromEntries(parties.map((party) => [party.name, party.member_ids.map((id) => guests.get(id)).toSorted()]));
    };
    expect(await membersByParty(target.id)).toEqual(await membersByParty(source.id));
    expect(await membersByParty(target.id)).toEqual({ Byron: ['Ada', 'Annabella'], Babbage: ['Charles'] });
  });

  it('makes one party per name when imports race on the same names, never past 12 members, with members equal to a recount', async () => {
    const event = await createEvent(ada);
    const file = (tag: string) => [
      ...Array.from({ length: 8 }, (_, index) => `Big ${tag} ${index},big.${tag}.${index}@example.com,The Big Family`),
      ...Array.from({ length: 6 }, (_, index) => `Small ${tag} ${index},small.${tag}.${index}@example.com,Party ${index}`),
    ];

    const answers = await Promise.all([importFile(event.id, file('a')), importFile(event.id, file('b')), importFile(event.id, file('c'))]);

    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201]);
    const { parties, stored, recounted, byName } = await partiesAndRecount(event.id);
    expect(stored).toEqual(recounted);
    expect(parties).toHaveLength(7);
    expect(byName('The Big Family')[0]?.member_ids).toHaveLength(12);
    for (let index = 0; index < 6; index += 1) expect(byName(`Party ${index}`)[0]?.member_ids).toHaveLength(3);
    const full = answers.flatMap((answer) => answer.body.meta.skipped).filter((row: { reason: string }) => row.reason === 'party_full');
    expect(full).toHaveLength(3 * 8 - 12);
    expect(answers.reduce((sum, answer) => sum + answer.body.meta.added, 0)).toBe(3 * 14 - full.length);
    expect(answers.flatMap((answer) => answer.body.meta.parties).filter((party: { created: boolean }) => party.created)).toHaveLength(7);
    const { stored: counters, recounted: guestRecount } = await countersAndRecount(event.id);
    expect(counters).toEqual(guestRecount);
    expect(counters.guest_count).toBe(3 * 14 - full.length);
  });

  it('the background job joins parties the same way, racing a request that names the same parties', async () => {
    const event = await createEvent(ada);
    const large = Array.from({ length: SYNC_IMPORT_MAX_ROWS + 1 }, (_, index) => `Job ${index},job.${index}@example.com,${index < 500 ? `Family ${index % 50}` : ''}`);
    const small = Array.from({ length: 50 }, (_, index) => `Req ${index},req.${index}@example.com,FAMILY ${index}`);

    const [job, request] = await Promise.all([importFile(event.id, large), importFile(event.id, small)]);
    await testEventBus.idle();
    const status = await guestsApi(ada, 'GET', String(job.headers.Location));

    expect(job.status).toBe(202);
    expect(request.status).toBe(201);
    expect(status.body.data).toMatchObject({ status: 'done', added: SYNC_IMPORT_MAX_ROWS + 1, skipped_count: 0 });
    const { parties, stored, recounted } = await partiesAndRecount(event.id);
    expect(stored).toEqual(recounted);
    expect(parties).toHaveLength(50);
    expect(parties.every((party) => party.member_ids.length === 11)).toBe(true);
    const { stored: counters, recounted: guestRecount } = await countersAndRecount(event.id);
    expect(counters).toEqual(guestRecount);
    expect(counters.guest_count).toBe(SYNC_IMPORT_MAX_ROWS + 1 + 50);
  });
});
