import { describe, expect, it } from 'vitest';
import { spokenReplyBy } from '../../shared/domain/rsvp/view.ts';
import { invitationContent, type InvitationValues } from '../../shared/email/invitation-templates.ts';
import { renderEmail } from '../../shared/email/layout.ts';
import { composeRawEmail } from '../../shared/email/mime.ts';

const values: InvitationValues = {
  guest_name: '<script>alert(1)</script>',
  event_name: 'Tom & Jerry "party"',
  event_date: 'Friday 20 June 2031, 18:00 (BST)',
  location: 'Kew <Gardens>',
  rsvp_link: 'https://app.example.com/rsvp/abc_DEF-123',
  host_name: "O'Brien",
  rsvp_deadline: 'Monday, 1 March 2027',
};

describe('invitation emails', () => {
  it.each(['formal', 'casual', 'save_the_date'] as const)('%s escapes every typed value in HTML and keeps it plain in text', (kind) => {
    const email = renderEmail(invitationContent({ kind }, values, 'en'));

    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.html).toContain('Kew &lt;Gardens&gt;');
    expect(email.html).toContain('href="https://app.example.com/rsvp/abc_DEF-123"');
    expect(email.text).toContain('<script>alert(1)</script>');
    expect(email.text).toContain(values.rsvp_link);
  });

  it.each(['formal', 'casual', 'save_the_date'] as const)('%s states the RSVP deadline in words', (kind) => {
    const email = renderEmail(invitationContent({ kind }, values, 'en'));

    expect(email.text).toContain('Please reply by Monday, 1 March 2027.');
    expect(renderEmail(invitationContent({ kind }, { ...values, rsvp_deadline: '' }, 'en')).text).not.toContain('Please reply by');
  });

  it('adds the deadline after a custom body unless the body places it', () => {
    const appended = renderEmail(invitationContent({ kind: 'custom', subject: 'Hi', body: 'Come!' }, values, 'en'));
    const placed = renderEmail(invitationContent({ kind: 'custom', subject: 'Hi', body: 'Come, and answer by {{rsvp_deadline}}.' }, values, 'en'));

    expect(appended.text).toContain('Come!\n\nPlease reply by Monday, 1 March 2027.');
    expect(placed.text).toContain('Come, and answer by Monday, 1 March 2027.');
    expect(placed.text).not.toContain('Please reply by');
  });

  it('fills a custom body’s placeholders, escapes the body itself, and links the RSVP placeholder', () => {
    const email = renderEmail(invitationContent({ kind: 'custom', subject: 'Hi {{guest_name}}!', body: 'Dear {{ guest_name }},\n<b>come</b> on {{event_date}}.\n\nAnswer: {{rsvp_link}}' }, values, 'en'));

    expect(email.subject).toBe('Hi <script>alert(1)</script>!');
    expect(email.text).toContain('Dear <script>alert(1)</script>,\n<b>come</b> on Friday 20 June 2031, 18:00 (BST).');
    expect(email.html).toContain('Dear &lt;script&gt;alert(1)&lt;/script&gt;,<br>&lt;b&gt;come&lt;/b&gt; on');
    expect(email.html).toContain(`Answer: <a href="${values.rsvp_link}">${values.rsvp_link}</a>`);
  });

  it('composes a MIME message with text, HTML and the calendar attachment', async () => {
    const raw = (await composeRawEmail({ from: 'planner@example.com', to: { name: 'Ada', address: 'ada@example.com' }, subject: 'Hé', text: 'plain', html: '<p>rich</p>', calendar: { filename: 'invitation.ics', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' } })).toString();

    expect(raw).toMatch(/Content-Type: multipart\/mixed/);
    expect(raw).toMatch(/Content-Type: text\/plain/);
    expect(raw).toMatch(/Content-Type: text\/html/);
    expect(raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=PUBLISH;\s+name=invitation.ics/);
    expect(raw).toMatch(/Content-Disposition: attachment; filename=invitation.ics/);
    expect(raw).toContain('Subject: =?UTF-8?');
  });
});

describe('the RSVP deadline in words', () => {
  it('names the last day to reply in the event’s time zone, the day before a deadline at local midnight', () => {
    const event = { event_date: '2027-06-20T16:00:00Z', timezone: 'Europe/Berlin' };

    expect(spokenReplyBy({ ...event, rsvp_deadline: '2027-03-01T23:00:00Z' }, 'en')).toBe('Monday, 1 March 2027');
    expect(spokenReplyBy({ ...event, rsvp_deadline: '2027-03-01T23:30:00Z' }, 'en')).toBe('Tuesday, 2 March 2027, 00:30 (CET)');
    // A span before the event: 14 days before 18:00 local on 20 June.
    expect(spokenReplyBy({ ...event, rsvp_deadline: 'P14D' }, 'en')).toBe('Sunday, 6 June 2027, 18:00 (CEST)');
    expect(spokenReplyBy(event, 'en')).toBeNull();
  });
});
