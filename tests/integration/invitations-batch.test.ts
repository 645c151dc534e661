import { describe, expect, it } from 'vitest';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { createEvent, weddingInput } from './events-fixtures.ts';
import { addGuests } from './guests-fixtures.ts';
import { listInvitationRows } from '../../shared/data/invitations/rows.ts';
import { addressOf, deliverSesEvents, emailsFor, injectDynamoFailures, injectSesFailures, invitationsApi, runSender, sesError, uniqueTag } from './invitations-fixtures.ts';

/** Invitation batches through the real sender and the SES emulator. */
const guestsNamed = (tag: string, count: number) => Array.from({ length: count }, (_, index) => ({ name: `Guest ${index}`, email: `g${index}.${tag}@example.com` }));

async function eventWithGuests(count: number) {
  const planner = await signedInUser();
  const event = await createEvent(planner, { ...weddingInput, event_date: '2031-06-20T17:00:00Z' });
  const tag = uniqueTag();
  const added = await addGuests(planner, event.id, guestsNamed(tag, count));
  return { planner, eventId: event.id as string, tag, added };
}

describe('an invitation batch', () => {
  // 120: five write batches (25 each, the last 20) and three pages of the rows (50, 50, 20); sending at
  // volume is the bench's.
  it('of 120 guests sends exactly 120 emails, each to its guest with that guest’s own link', { timeout: 90_000 }, async () => {
    const { planner, eventId, tag, added } = await eventWithGuests(120);

    const queued = await invitationsApi(planner, 'POST', `/api/events/${eventId}/invitations`, { invitation_template: 'casual' });
    const run = await runSender();
    const emails = await emailsFor(tag);

    expect(queued.status).toBe(202);
    expect(queued.body.data).toMatchObject({ queued: 120, status: 'sending' });
    expect(run.invitations_sent).toBe(120);
    expect(emails).toHaveLength(120);
    const linkByAddress = new Map(added.map((guest) => [guest.email, guest.rsvp_url]));
    for (const email of emails) {
      const address = addressOf(email.destination.to[0] as string);
      expect(email.body.text).toContain(linkByAddress.get(address));
    }
    expect(new Set(emails.map((email) => email.destination.to[0])).size).toBe(120);
    const history = await invitationsApi(planner, 'GET', `/api/events/${eventId}/invitations`);
    expect(history.body.data[0]).toMatchObject({ status: 'sent', queued: 120, sent: 120, failed: 0 });
    const pages = await rowPages(planner, eventId, history.body.data[0].id, 50);
    expect(pages.map((page) => page.length)).toEqual([50, 50, 20]);
    const rows = pages.flat();
    expect(new Set(rows.map((row) => row.guest_id)).size).toBe(120);
    expect(rows.map((row) => row.guest_id)).toEqual(rows.map((row) => row.guest_id).sort());
    expect(rows.every((row) => row.status === 'sent' && row.responded_at === null && linkByAddress.has(row.email))).toBe(true);
  });

  it('rerun after failed chunks sends only what was missing: no guest gets two emails', async () => {
    // 70: two chunks of the sender (50 and 20); the 30 guests g0 to g29 fail on the first run.
    const { planner, eventId, tag } = await eventWithGuests(70);
    const failing = injectSesFailures((recipient) => (/^g(1?[0-9]|2[0-9])\./.test(recipient) ? sesError('InternalFailure', 'SES had a bad moment') : null));
    await invitationsApi(planner, 'POST', `/api/events/${eventId}/invitations`, {});

    const first = await runSender();
    failing();
    const early = await runSender();
    const later = await runSender(new Date(Date.now() + 6 * 3_600_000));
    const emails = await emailsFor(tag);

    expect(first.invitations_sent).toBe(40);
    expect(first.failures).toBe(30);
    expect(early.invitations_sent).toBe(0);
    expect(later.invitations_sent).toBe(30);
    expect(emails).toHaveLength(70);
    expect(new Set(emails.map((email) => email.destination.to[0])).size).toBe(70);
  });

  it('that a run dies in the middle of is finished after the lease, every guest emailed exactly once', async () => {
    const { planner, eventId, tag } = await eventWithGuests(60);
    let written = 0;
    // The table becomes unreachable after 25 row writes (claims and records), as if the process died: the
    // emails in flight went out but their rows were never recorded. SES's Send events record them.
    const dying = injectDynamoFailures((sortKey) => sortKey.startsWith('INVITEE#') && ++written > 25);
    await invitationsApi(planner, 'POST', `/api/events/${eventId}/invitations`, {});

    const crashed = await runSender();
    dying();
    const whileLeased = await runSender();
    const beforeEvents = (await listInvitationRows(eventId)).filter((row) => row.status === 'sent').length;
    const outcomes = await deliverSesEvents();
    const sentRows = (await listInvitationRows(eventId)).filter((row) => row.status === 'sent');
    const acceptedBeforeLease = (await emailsFor(tag)).length;
    const afterLease = await runSender(new Date(Date.now() + 20 * 60_000));
    const emails = await emailsFor(tag);
    const perAddress = new Map<string, number>();
    for (const email of emails) perAddress.set(email.destination.to[0] as string, (perAddress.get(email.destination.to[0] as string) ?? 0) + 1);

    expect(crashed.errors).toBe(1);
    expect(whileLeased.entries_busy).toBe(1);
    expect(whileLeased.invitations_sent).toBe(0);
    // Sends SES accepted that the dead run never recorded, now recorded from their Send events.
    expect(sentRows.length).toBeGreaterThan(beforeEvents);
    expect(outcomes.filter((outcome) => outcome === 'recorded').length).toBeGreaterThanOrEqual(sentRows.length - beforeEvents);
    expect(sentRows.length).toBe(acceptedBeforeLease);
    expect(afterLease.invitations_sent).toBe(60 - acceptedBeforeLease);
    expect(perAddress.size).toBe(60);
    expect(emails).toHaveLength(60);
  });

  it('retries an SES throttle with backoff and still sends each email once', async () => {
    const { planner, eventId, tag } = await eventWithGuests(20);
    let throttled = 0;
    const throttle = injectSesFailures(() => (throttled < 6 ? (throttled++, sesError('TooManyRequestsException', 'Maximum sending rate exceeded')) : null));
    await invitationsApi(planner, 'POST', `/api/events/${eventId}/invitations`, {});

    const run = await runSender();
    throttle();
    const emails = await emailsFor(tag);

    expect(throttled).toBe(6);
    expect(run.invitations_sent).toBe(20);
    expect(run.failures).toBe(0);
    expect(emails).toHaveLength(20);
  });

  it('with a future send_date waits for its time', async () => {
    const { planner, eventId, tag } = await eventWithGuests(3);
    const sendAt = new Date(Date.now() + 2 * 3_600_000);

    const queued = await invitationsApi(planner, 'POST', `/api/events/${eventId}/invitations`, { send_date: sendAt.toISOString(), invitation_template: 'save_the_date' });
    await runSender();
    const before = await emailsFor(tag);
    await runSender(new Date(sendAt.getTime() + 60_000));
    const after = await emailsFor(tag);

    expect(queued.body.data).toMatchObject({ status: 'scheduled', send_at: sendAt.toISOString(), queued: 3 });
    expect(before).toHaveLength(0);
    expect(after).toHaveLength(3);
    expect(after[0]?.subject).toMatch(/^Save the date/);
  });
});

type ListedRow = { guest_id: string; status: string; email: string; responded_at: string | null };

/** Every page of a batch's rows, following next_cursor to the end. */
async function rowPages(planner: SignedInUser, eventId: string, batchId: string, limit: number): Promise<ListedRow[][]> {
  const pages: ListedRow[][] = [];
  let cursor: string | null = null;
  do {
    const query: Record<string, string> = { batch_id: batchId, limit: String(limit), ...(cursor ? { cursor } : {}) };
    const page = await invitationsApi(planner, 'GET', `/api/events/${eventId}/invitations`, undefined, query);
    expect(page.status).toBe(200);
    expect(page.body.meta.batch.id).toBe(batchId);
    pages.push(page.body.data);
    cursor = page.body.meta.next_cursor;
  } while (cursor);
  return pages;
}
