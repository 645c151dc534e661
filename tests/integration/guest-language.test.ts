import { beforeAll, describe, expect, it } from 'vitest';
import { listEventAudit } from '../../shared/data/audit.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { api, createEvent, weddingInput } from './events-fixtures.ts';
import { addGuests, codeOf, guestsApi, rsvpApi, rsvpPage } from './guests-fixtures.ts';
import { addressOf, emailsFor, invitationsApi, runSender, uniqueTag } from './invitations-fixtures.ts';

/** Issue 17, the guest's own language: stored, chosen, spoken in emails and on the page; and the guest's own contact details. */
let ada: SignedInUser;

beforeAll(async () => {
  ada = await signedInUser();
});

const csv = (text: string) => ({ rawBody: text, headers: { 'content-type': 'text/csv' } });
const withCode = (code: string, body: unknown) => ({ body, headers: { 'invitation-code': code } });

describe('the guest’s language and the event’s default', () => {
  it('keeps language on guests (JSON and CSV, any case; null clears) and default_language on events', async () => {
    const event = await createEvent(ada, { ...weddingInput, default_language: 'DE' });
    const [grace] = await addGuests(ada, event.id, [{ name: 'Grace', language: 'fr' }]);
    const bad = await guestsApi(ada, 'POST', `/api/events/${event.id}/guests`, { body: { name: 'Alan', language: 'it' } });
    const imported = await guestsApi(ada, 'POST', `/api/events/${event.id}/guests/import`, csv('Name,Language\r\nMary,ES\r\nCharles,\r\nLin,pt'));
    const cleared = await guestsApi(ada, 'PUT', `/api/guests/${grace.id}`, { body: { language: null } });
    const exported = await guestsApi(ada, 'GET', `/api/events/${event.id}/guests/export`);
    const eventCleared = await api(ada, 'PUT', `/api/events/${event.id}`, { body: { default_language: null } });

    expect(event.default_language).toBe('de');
    expect((grace as unknown as { language: string }).language).toBe('fr');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'guest_list.0.language', message: 'Use en, fr, de or es' }]);
    expect(imported.body.data.map((guest: { name: string; language: string | null }) => [guest.name, guest.language])).toEqual([['Mary', 'es'], ['Charles', null]]);
    expect(imported.body.meta.rejected.map((row: { line: number; errors: { path: string }[] }) => [row.line, row.errors.map((problem) => problem.path)])).toEqual([[4, ['language']]]);
    expect(cleared.body.data.language).toBeNull();
    expect((exported.body as string).split('\r\n')).toContain('Mary,,,,,false,0,0,,,es,pending,,,,,');
    expect(eventCleared.body.data.default_language).toBeNull();
  });

  it('sends the invitation in the guest’s language, else the event’s, dates in the event’s time zone (SES emulator)', async () => {
    const tag = uniqueTag();
    const event = await createEvent(ada, { ...weddingInput, name: 'Gala', event_date: '2031-06-20T17:00:00Z', timezone: 'Europe/Paris', default_language: 'de' });
    const guests = await addGuests(ada, event.id, [{ name: 'Grace', email: `grace.${tag}@example.com`, language: 'fr' }, { name: 'Mary', email: `mary.${tag}@example.com` }]);

    const queued = await invitationsApi(ada, 'POST', `/api/events/${event.id}/invitations`, { guest_ids: guests.map((guest) => guest.id), invitation_template: 'formal' });
    await runSender();
    const mails = await emailsFor(tag);
    const to = (name: string) => mails.find((mail) => mail.destination.to.some((address) => addressOf(address).startsWith(name)));

    expect(queued.status).toBe(202);
    expect(to('grace')?.subject).toBe('Invitation : Gala');
    expect(to('grace')?.body.text).toContain('Quand: vendredi 20 juin 2031, 19:00 (UTC+2)');
    expect(to('grace')?.body.html).toContain('<html lang="fr">');
    expect(to('mary')?.subject).toBe('Einladung: Gala');
    expect(to('mary')?.body.text).toContain('Wann: Freitag, 20. Juni 2031, 19:00 (MESZ)');
  });

  it('shows the page in the guest’s language, else the event’s, else the browser’s', async () => {
    const event = await createEvent(ada, { ...weddingInput, name: 'Gala' });
    const [grace, mary] = await addGuests(ada, event.id, [{ name: 'Grace', language: 'es' }, { name: 'Mary' }]);

    const spanish = await rsvpPage('GET', codeOf(grace), { headers: { 'accept-language': 'de' } });
    const german = await rsvpPage('GET', codeOf(mary), { headers: { 'accept-language': 'fr;q=0.5, de-AT;q=0.9' } });
    const english = await rsvpPage('GET', codeOf(mary));
    const unknown = await rsvpPage('GET', 'no-such-code', { headers: { 'accept-language': 'fr' } });

    expect(spanish.body).toContain('<html lang="es">');
    expect(spanish.body).toContain('Enviar mi respuesta');
    expect(german.body).toContain('<html lang="de">');
    expect(german.body).toContain('Antwort senden');
    expect(english.body).toContain('Send my answer');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain('Invitation introuvable');
  });
});

describe('the guest’s own email and phone', () => {
  it('changes them with the answer, audited in the same write, and refuses an email another guest has (409)', async () => {
    const tag = uniqueTag();
    const event = await createEvent(ada);
    const [grace] = await addGuests(ada, event.id, [{ name: 'Grace', email: `grace.${tag}@example.com` }, { name: 'Mary', email: `mary.${tag}@example.com` }]);

    const changed = await rsvpApi('POST', '/api/rsvp', withCode(codeOf(grace), { status: 'yes', email: `Grace.New.${tag}@example.com`, phone: '+44 20 7946 0000' }));
    const taken = await rsvpApi('POST', '/api/rsvp', withCode(codeOf(grace), { status: 'yes', email: `mary.${tag}@example.com` }));
    const badPhone = await rsvpApi('POST', '/api/rsvp', withCode(codeOf(grace), { status: 'yes', phone: 'call me' }));
    const stored = await guestsApi(ada, 'GET', `/api/guests/${grace.id}`);
    const { entries } = await listEventAudit(event.id, { limit: 10 });
    const entry = entries.find((candidate) => candidate.action === 'guest.rsvp');

    expect(changed.status).toBe(200);
    expect(JSON.stringify(changed.body)).not.toContain('grace.new');
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('duplicate_guest');
    expect(badPhone.status).toBe(400);
    expect(stored.body.data).toMatchObject({ email: `grace.new.${tag}@example.com`, phone: '+44 20 7946 0000', rsvp_status: 'yes' });
    expect(entry?.actor_id).toBe(`guest:${grace.id}`);
    expect(entry?.changes).toEqual(expect.arrayContaining([
      { field: 'email', before: `grace.${tag}@example.com`, after: `grace.new.${tag}@example.com` },
      { field: 'phone', before: null, after: '+44 20 7946 0000' },
    ]));
  });

  it('takes them from the page’s form, where an empty field keeps them, and shows a taken email as a refusal', async () => {
    const tag = uniqueTag();
    const event = await createEvent(ada);
    const [grace] = await addGuests(ada, event.id, [{ name: 'Grace', email: `grace.${tag}@example.com`, phone: '+1 555 0100', language: 'fr' }, { name: 'Mary', email: `mary.${tag}@example.com` }]);
    const form = (fields: Record<string, string>) => ({ rawBody: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });

    const kept = await rsvpPage('POST', codeOf(grace), form({ status: 'no', email: '', phone: '' }));
    const afterKept = await guestsApi(ada, 'GET', `/api/guests/${grace.id}`);
    const refused = await rsvpPage('POST', codeOf(grace), form({ status: 'no', email: `mary.${tag}@example.com` }));

    expect(kept.status).toBe(303);
    expect(afterKept.body.data).toMatchObject({ email: `grace.${tag}@example.com`, phone: '+1 555 0100', rsvp_status: 'no' });
    expect(refused.status).toBe(409);
    expect(refused.body).toContain('Un autre invité de cet événement utilise déjà cette adresse e-mail.');
  });
});
