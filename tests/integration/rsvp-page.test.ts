import { beforeAll, describe, expect, it } from 'vitest';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { createEvent } from './events-fixtures.ts';
import { addGuests, codeOf, countersAndRecount, rsvpApi, rsvpPage } from './guests-fixtures.ts';

let ada: SignedInUser;

beforeAll(async () => {
  ada = await signedInUser();
});

const form = (fields: Record<string, string>) => ({
  rawBody: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

describe('GET /rsvp/{code} (the mailed link)', () => {
  it('moves the code into a __Host- cookie and redirects to /rsvp, so the code leaves the URL', async () => {
    const event = await createEvent(ada, { name: 'Gala', event_date: '2031-06-20T17:00:00Z', event_type: 'party' });
    const [guest] = await addGuests(ada, event.id, [{ name: 'Grace' }]);

    const opened = await rsvpApi('GET', `/rsvp/${codeOf(guest)}`);

    expect(opened.status).toBe(303);
    expect(opened.headers.Location).toBe('/rsvp');
    expect(opened.headers['Cache-Control']).toBe('no-store');
    expect(opened.headers['Referrer-Policy']).toBe('no-referrer');
    expect(opened.cookies).toEqual([`__Host-invitation-code=${codeOf(guest)}; Path=/; Max-Age=3600; HttpOnly; Secure; SameSite=Lax`]);
    expect(opened.headers.Deprecation).toBeUndefined();
  });

  it('sends a form post of an older page (the code in its action) on to POST /rsvp with 307, deprecated', async () => {
    const event = await createEvent(ada, { name: 'Gala', event_date: '2031-06-20T17:00:00Z', event_type: 'party' });
    const [guest] = await addGuests(ada, event.id, [{ name: 'Grace' }]);

    const posted = await rsvpApi('POST', `/rsvp/${codeOf(guest)}`, form({ status: 'yes' }));

    expect(posted.status).toBe(307);
    expect(posted.headers.Location).toBe('/rsvp');
    expect(posted.cookies[0]).toMatch(new RegExp(`^__Host-invitation-code=${codeOf(guest)}; Path=/;`));
    expect(posted.headers.Deprecation).toBe('@1796515200');
    expect(posted.headers.Sunset).toBe('Wed, 30 Jun 2027 00:00:00 GMT');
    expect(posted.headers.Link).toBe('</rsvp>; rel="successor-version"');
  });
});

describe('GET /rsvp (the page, with the cookie of the link)', () => {
  it('shows no code anywhere in the page: the form posts to /rsvp', async () => {
    const event = await createEvent(ada, { name: 'Gala', event_date: '2031-06-20T17:00:00Z', event_type: 'party' });
    const [guest] = await addGuests(ada, event.id, [{ name: 'Grace' }]);

    const page = await rsvpPage('GET', codeOf(guest));

    expect(page.status).toBe(200);
    expect(page.body).toContain('<form method="post" action="/rsvp">');
    expect(page.body).not.toContain(codeOf(guest));
    expect(page.headers['Referrer-Policy']).toBe('no-referrer');
  });

  it.each([
    ['no cookie', undefined],
    ['an empty cookie', '__Host-invitation-code='],
    ['a cookie that is not percent-encoding', '__Host-invitation-code=%E0%A4%A'],
    ['a cookie longer than any code', `__Host-invitation-code=${'A'.repeat(7000)}`],
    ['only the cookie of another page', '__Host-reset-token=abc'],
  ])('answers %s with a 400 page that says to open the link again', async (_case, cookie) => {
    const shown = await rsvpApi('GET', '/rsvp', cookie ? { headers: { cookie } } : {});
    const posted = await rsvpApi('POST', '/rsvp', { ...form({ status: 'yes' }), ...(cookie ? { headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' } } : {}) });

    for (const answer of [shown, posted]) {
      expect(answer.status).toBe(400);
      expect(answer.headers['Content-Type']).toBe('text/html; charset=utf-8');
      expect(answer.body).toContain('Please open the link from your email');
      expect(answer.headers['Cache-Control']).toBe('no-store');
    }
  });

  it('answers a cookie with a code that is not one of ours with the 404 page, like an unknown link', async () => {
    const response = await rsvpApi('GET', '/rsvp', { headers: { cookie: '__Host-invitation-code=%3Cscript%3E' } });

    expect(response.status).toBe(404);
    expect(response.body).toContain('Invitation not found');
  });

  it('shows the invitation with everything typed escaped, under a CSP that allows only its form and style', async () => {
    const event = await createEvent(ada, { name: '<script>alert(1)</script> Gala', event_date: '2031-06-20T17:00:00Z', timezone: 'Europe/London', location: 'Hall "A" & B', event_type: 'party' });
    const [guest] = await addGuests(ada, event.id, [{ name: '<img src=x onerror=alert(2)>', plus_one_limit: 2 }]);

    const response = await rsvpPage('GET', codeOf(guest));

    expect(response.status).toBe(200);
    expect(response.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(response.body).not.toContain('<script>alert(1)');
    expect(response.body).not.toContain('<img src=x');
    expect(response.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Gala');
    expect(response.body).toContain('Hall &quot;A&quot; &amp; B');
    expect(response.body).toContain('Friday, 20 June 2031, 18:00 (BST)');
    expect(response.body).toContain('<form method="post"');
    expect(response.headers['Content-Security-Policy']).toContain("form-action 'self'");
    expect(response.headers['Content-Security-Policy']).toMatch(/style-src 'sha256-/);
    expect(response.headers['Cache-Control']).toBe('no-store');
  });

  it('shows a friendly 404 page for an unknown code', async () => {
    const response = await rsvpPage('GET', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');

    expect(response.status).toBe(404);
    expect(response.body).toContain('Invitation not found');
  });
});

describe('POST /rsvp (the form, without JavaScript)', () => {
  it('records the answer and redirects to the page, which shows it', async () => {
    const event = await createEvent(ada, { name: 'Gala', event_date: '2031-06-20T17:00:00Z', event_type: 'party' });
    const [guest] = await addGuests(ada, event.id, [{ name: 'Grace', plus_one_limit: 2 }]);

    const posted = await rsvpPage('POST', codeOf(guest), form({ status: 'yes', plus_one_count: '2', dietary_restrictions: 'vegan, no nuts', special_needs: '', note: 'See you!' }));
    const page = await rsvpPage('GET', codeOf(guest), { query: { answered: '1' } });

    expect(posted.status).toBe(303);
    expect(posted.headers.Location).toBe('/rsvp?answered=1');
    expect(page.body).toContain('Thank you, your answer is saved.');
    expect(page.body).toMatch(/id="answer-status">Attending</);
    expect(page.body).toContain('vegan, no nuts');
    const { stored } = await countersAndRecount(event.id);
    expect(stored).toMatchObject({ rsvp_yes: 1, attending_headcount: 3 });
  });

  it('shows the page again with the reason when the answer is refused', async () => {
    const event = await createEvent(ada, { name: 'Tiny', event_date: '2031-06-20T17:00:00Z', event_type: 'party', capacity: 1 });
    const [guest] = await addGuests(ada, event.id, [{ name: 'Grace', plus_one_limit: 1 }]);

    const full = await rsvpPage('POST', codeOf(guest), form({ status: 'yes', plus_one_count: '1' }));
    const invalid = await rsvpPage('POST', codeOf(guest), form({ status: 'perhaps' }));

    expect(full.status).toBe(409);
    expect(full.body).toContain('the event is full');
    expect(invalid.status).toBe(400);
    expect(invalid.body).toContain('Please check your answer');
  });

  it('shows the answer read-only once answers are closed', async () => {
    const event = await createEvent(ada, { name: 'Past deadline', event_date: '2031-06-20T17:00:00Z', event_type: 'party', rsvp_deadline: '2020-01-01T00:00:00Z' });
    const [guest] = await addGuests(ada, event.id, [{ name: 'Grace' }]);

    const page = await rsvpPage('GET', codeOf(guest));
    const posted = await rsvpPage('POST', codeOf(guest), form({ status: 'yes' }));

    expect(page.body).toContain('id="rsvp-closed"');
    expect(page.body).not.toContain('<form');
    expect(posted.status).toBe(409);
  });
});
