import { beforeAll, describe, expect, it } from 'vitest';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { createEvent } from './events-fixtures.ts';
import { addGuests, countersAndRecount, guestsApi } from './guests-fixtures.ts';

let ada: SignedInUser;

beforeAll(async () => {
  ada = await signedInUser();
});

const csv = (text: string) => ({ rawBody: text, headers: { 'content-type': 'text/csv' } });

describe('POST /api/events/{id}/guests/import', () => {
  it('adds the good rows and reports the bad ones by line', async () => {
    const event = await createEvent(ada);
    const file = [
      'Name,Email,Phone,Dietary Restrictions,Plus One Count,Household',
      'Grace Hopper,grace@example.com,+1 555 0100,"vegan; no nuts",1,Hopper',
      ',nobody@example.com,,,,',
      'Alan Turing,not-an-email,,,,',
      '"Ada, Countess",ada@example.com,,,two,',
      'Dup,GRACE@example.com,,,,',
    ].join('\r\n');

    const response = await guestsApi(ada, 'POST', `/api/events/${event.id}/guests/import`, csv(file));

    expect(response.status).toBe(201);
    expect(response.body.data.map((guest: { name: string; line: number }) => [guest.line, guest.name])).toEqual([[2, 'Grace Hopper']]);
    expect(response.body.data[0]).toMatchObject({ dietary_restrictions: ['vegan', 'no nuts'], plus_one_count: 1, party_name: 'Hopper' });
    expect(response.body.meta.rejected.map((row: { line: number; errors: { path: string }[] }) => [row.line, row.errors.map((problem) => problem.path)])).toEqual([
      [3, ['name']], [4, ['email']], [5, ['plus_one_count']],
    ]);
    expect(response.body.meta.skipped).toEqual([{ line: 6, email: 'grace@example.com', reason: 'duplicate_in_request' }]);
    const { stored, recounted } = await countersAndRecount(event.id);
    expect(stored).toEqual(recounted);
  });

  it('refuses a file that cannot be read, one with no good row, and a body that is not CSV', async () => {
    const event = await createEvent(ada);

    const broken = await guestsApi(ada, 'POST', `/api/events/${event.id}/guests/import`, csv('name,email\n"unclosed,x@example.com\n'));
    const allBad = await guestsApi(ada, 'POST', `/api/events/${event.id}/guests/import`, csv('name,email\n,x@example.com\n'));
    const json = await guestsApi(ada, 'POST', `/api/events/${event.id}/guests/import`, { body: { name: 'x' } });

    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('malformed_csv');
    expect(allBad.status).toBe(400);
    expect(allBad.body.errors).toEqual([{ path: 'line 2.name', message: expect.any(String) }]);
    expect(json.status).toBe(415);
  });
});

describe('GET /api/events/{id}/guests/export', () => {
  it('answers the list as CSV with formulas defused', async () => {
    const event = await createEvent(ada);
    await addGuests(ada, event.id, [{ name: '=HYPERLINK("http://evil.example","x")', email: 'eve@example.com', notes: '@SUM(1,2)' }, { name: 'Plain, Name' }]);

    const response = await guestsApi(ada, 'GET', `/api/events/${event.id}/guests/export`);

    expect(response.status).toBe(200);
    expect(response.headers['Content-Type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['Content-Disposition']).toContain('attachment');
    const lines = (response.body as string).trim().split('\r\n');
    expect(lines[0]).toBe('name,email,phone,dietary_restrictions,special_needs,plus_one_allowed,plus_one_limit,plus_one_count,party_name,notes,language,rsvp_status,rsvp_date,rsvp_note,invited_at,party_id,party');
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(lines[1]).toContain("'@SUM(1,2)");
    expect(lines[2]?.startsWith('"Plain, Name",')).toBe(true);
  });
});
