import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sesClient } from '../../shared/email/ses.ts';
import { signedInUser, type SignedInUser } from '../support/signed-in-user.ts';
import { api, createEvent, weddingInput } from './events-fixtures.ts';
import { type AddedGuest, addGuests, codeOf, rsvpApi, rsvpPage } from './guests-fixtures.ts';
import { emailsFor, invitationsApi, runSender, uniqueTag } from './invitations-fixtures.ts';

/**
 * Injection (OWASP API8:2023 Security Misconfiguration / API10 unsafe consumption, and classic XSS and
 * email-header injection): markup, attribute breakers, CRLF header injection and template syntax in
 * every text field that reaches an email (the invitation with a custom template, the change notice, the
 * answer confirmation) or the guest's RSVP page. The emails are sent by the real outbox sender to the SES
 * emulator; each raw MIME message is also captured on its way to SES, so header splitting is checked
 * on the bytes SES receives.
 */
const tag = uniqueTag();
const evil = `evil.${tag}@example.com`;
const PAYLOADS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', `Eve\r\nBcc: ${evil}`, '{{7*7}} {{rsvp_link}} ${7*7}'];
const injected = (label: string) => `${label} ${PAYLOADS.join(' | ')}`;

const rawMessages: string[] = [];
const CAPTURE = `capture-raw-${tag}`;

let planner: SignedInUser;
let eventId: string;
let guest: AddedGuest;

beforeAll(async () => {
  sesClient().middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { Content?: { Raw?: { Data?: Uint8Array } } };
      if (input.Content?.Raw?.Data) rawMessages.push(Buffer.from(input.Content.Raw.Data).toString('utf8'));
      return next(args);
    },
    { step: 'initialize', name: CAPTURE },
  );
  planner = await signedInUser();
  const event = await createEvent(planner, {
    ...weddingInput,
    event_date: '2031-06-20T17:00:00Z',
    name: injected('Party'),
    description: injected('About'),
    location_name: injected('Hall'),
    location_address: injected('Street'),
  });
  eventId = event.id;
  [guest] = await addGuests(planner, eventId, [{ name: injected('Guest'), email: `guest.${tag}@example.com`, party_name: injected('Party'), notes: injected('Note') }]);
}, 60_000);

afterAll(() => {
  sesClient().middlewareStack.remove(CAPTURE);
});

/** The header block of a raw message, unfolded (a folded line continues with a space or tab). */
const headersOf = (raw: string) => (raw.split(/\r?\n\r?\n/)[0] ?? '').replace(/\r?\n[ \t]/g, ' ').split(/\r?\n/);

function expectNoHeaderSplit(raw: string) {
  const headers = headersOf(raw);
  const names = headers.map((line) => line.split(':')[0]?.toLowerCase());
  expect(names.filter((name) => name === 'bcc' || name === 'cc')).toEqual([]);
  expect(names.filter((name) => name === 'subject')).toHaveLength(1);
  expect(names.filter((name) => name === 'to')).toHaveLength(1);
}

function expectEscapedHtml(html: string | undefined) {
  expect(html).toBeTruthy();
  expect(html).not.toMatch(/<script>alert|<img src=x|onerror=alert\(1\)>/i);
  expect(html).toContain('&lt;script&gt;');
}

const rawFor = (address: string) => rawMessages.filter((raw) => headersOf(raw).some((line) => /^to:/i.test(line) && line.includes(address)));

describe('injection into emails and pages', () => {
  it('an invitation with a custom template: one email to the guest alone, headers unsplit, markup escaped, no template evaluation', async () => {
    const template = { subject: `Hello {{guest_name}}\r\nBcc: ${evil}`, body: `${injected('Body')}\nDear {{guest_name}}, answer at {{rsvp_link}}` };

    const queued = await invitationsApi(planner, 'POST', `/api/events/${eventId}/invitations`, { guest_ids: [guest.id], invitation_template: template });
    await runSender();

    if (queued.status === 400) {
      // Refusing a subject with a line break is as good as sending it safely.
      expect(queued.body.errors.map((problem: { path: string }) => problem.path).join()).toMatch(/subject/);
      return;
    }
    expect(queued.status, JSON.stringify(queued.body)).toBe(202);
    const emails = await emailsFor(tag);
    expect(emails).toHaveLength(1);
    expect(emails[0]?.destination.to).toHaveLength(1);
    expect(emails[0]?.destination.to[0]).toContain(`guest.${tag}@example.com`);
    expect(emails[0]?.subject).not.toMatch(/[\r\n]/);
    expectEscapedHtml(emails[0]?.body.html);
    // Placeholders are filled once: the guest's own text keeps its braces, nothing is evaluated.
    expect(emails[0]?.body.text).toContain('{{7*7}} {{rsvp_link}} ${7*7}');
    expect(emails[0]?.body.text).not.toContain('| 49 ');
    const [raw] = rawFor(`guest.${tag}@example.com`);
    expect(raw).toBeDefined();
    expectNoHeaderSplit(raw as string);
  });

  it('a change notice and an answer confirmation carry the injected event name safely', async () => {
    const changed = await api(planner, 'PUT', `/api/events/${eventId}`, { body: { location_name: injected('New hall'), event_date: '2031-07-04T16:00:00Z' } });
    const answered = await rsvpApi('POST', `/api/rsvp/${codeOf(guest)}`, { body: { status: 'yes', note: injected('Answer') } });
    await runSender();

    expect(changed.status).toBe(200);
    expect(answered.status).toBe(200);
    const emails = (await emailsFor(tag)).filter((email) => /^(Changed|Your answer)/.test(email.subject));
    expect(emails.map((email) => email.subject.split(':')[0]?.split(' ')[0]).sort()).toEqual(['Changed', 'Your']);
    for (const email of emails) {
      expect(email.destination.to).toHaveLength(1);
      expect(email.subject).not.toMatch(/[\r\n]/);
      expectEscapedHtml(email.body.html);
    }
    const raws = rawFor(`guest.${tag}@example.com`);
    expect(raws.length).toBeGreaterThanOrEqual(2);
    for (const raw of raws) expectNoHeaderSplit(raw);
    expect(rawMessages.some((raw) => headersOf(raw).some((line) => /^to:/i.test(line) && line.includes(evil)))).toBe(false);
  });

  it("the guest's RSVP page shows every injected field as text", async () => {
    const page = await rsvpPage('GET', codeOf(guest));

    expect(page.status).toBe(200);
    expect(page.headers['Content-Type']).toMatch(/^text\/html/);
    // No script may run on the page at all, even if markup slipped through.
    expect(page.headers['Content-Security-Policy']).toMatch(/default-src 'none'/);
    expect(page.headers['Content-Security-Policy']).not.toMatch(/script-src/);
    expectEscapedHtml(page.body);
    expect(page.body).toContain('{{7*7}}');
  });

  it('a form answer with markup in its note shows the page again with the note escaped', async () => {
    const note = encodeURIComponent(injected('Form'));
    const saved = await rsvpPage('POST', codeOf(guest), { rawBody: `status=maybe&note=${note}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const page = await rsvpPage('GET', codeOf(guest), { query: { answered: '1' } });

    expect(saved.status).toBe(303);
    expect(saved.headers.Location).toBe('/rsvp?answered=1');
    expectEscapedHtml(page.body);
  });
});
