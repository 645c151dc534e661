import { afterEach, describe, expect, it } from 'vitest';
import { resetConfigForTests } from '../../shared/config.ts';
import { db } from '../../shared/data/client.ts';
import { claimRowSend, listInvitationRows } from '../../shared/data/invitations/rows.ts';
import { signedInUser } from '../support/signed-in-user.ts';
import { createEvent, weddingInput } from './events-fixtures.ts';
import { addGuests } from './guests-fixtures.ts';
import { addressOf, deliverSesEvents, emailsFor, invitationsApi, plannerWithBudgetAlert, runSender, uniqueTag } from './invitations-fixtures.ts';

/**
 * The sends the outbox cannot know the fate of, without a crash: a row claimed for a send whose record
 * was lost after SES accepted the email (an invitation, a notice), and a row claimed by a run that died
 * before calling SES. Both
 * stay in doubt for SES_SEND_EVENT_GRACE_SECONDS; the first is recorded from SES's Send event (through
 * the emulator's events and the email-events function) and never sent again, the second is sent once
 * after the grace.
 */
const MINUTE = 60_000;

async function queuedBatch(count: number) {
  const planner = await signedInUser();
  const event = await createEvent(planner, { ...weddingInput, event_date: '2031-06-20T17:00:00Z' });
  const tag = uniqueTag();
  await addGuests(planner, event.id, Array.from({ length: count }, (_, index) => ({ name: `Guest ${index}`, email: `g${index}.${tag}@example.com` })));
  await invitationsApi(planner, 'POST', `/api/events/${event.id}/invitations`, {});
  return { planner, eventId: event.id as string, tag };
}

function perAddress(emails: Awaited<ReturnType<typeof emailsFor>>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const email of emails) {
    const address = addressOf(email.destination.to[0] as string);
    counts.set(address, (counts.get(address) ?? 0) + 1);
  }
  return counts;
}

/** The writes that record a send (the claim writes `send_attempt`, the record `message_id`) of these rows fail. */
function loseRecordsOf(sortKeys: Set<string>): () => void {
  const name = `lose-records-${uniqueTag()}`;
  db().middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { Key?: { sk?: string }; UpdateExpression?: string; TransactItems?: Array<{ Update?: { Key?: { sk?: string }; UpdateExpression?: string } }> };
      const update = input.TransactItems?.[0]?.Update ?? input;
      if (sortKeys.has(update.Key?.sk ?? '') && update.UpdateExpression?.includes('message_id')) throw Object.assign(new Error('connection reset'), { name: 'NetworkingError' });
      return next(args);
    },
    { step: 'initialize', name },
  );
  return () => db().middlewareStack.remove(name);
}

/** The PutItem that records a notice email sent (over its claim) fails. */
function loseNoticeRecords(): () => void {
  const name = `lose-notice-records-${uniqueTag()}`;
  db().middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { Item?: { sk?: string; status?: string } };
      if (input.Item?.sk?.startsWith('SENT#') && input.Item.status === 'sent') throw Object.assign(new Error('connection reset'), { name: 'NetworkingError' });
      return next(args);
    },
    { step: 'initialize', name },
  );
  return () => db().middlewareStack.remove(name);
}

function withGrace(seconds: number): void {
  process.env.SES_SEND_EVENT_GRACE_SECONDS = String(seconds);
  resetConfigForTests();
}

afterEach(() => {
  delete process.env.SES_SEND_EVENT_GRACE_SECONDS;
  resetConfigForTests();
});

describe('a send in doubt', () => {
  it('accepted by SES but never recorded is recorded from its Send event and not sent again', async () => {
    const { planner, eventId, tag } = await queuedBatch(10);
    const rowsBefore = await listInvitationRows(eventId);
    const lost = new Set(rowsBefore.slice(0, 3).map((row) => `INVITEE#${row.guest_id}`));
    const restore = loseRecordsOf(lost);
    withGrace(30 * 60);

    const crashed = await runSender();
    restore();
    const afterCrash = await listInvitationRows(eventId);
    const inDoubt = afterCrash.filter((row) => row.sending_at && row.status !== 'sent');
    // The lease (15 minutes) is over, the grace (30 minutes) is not: the rows in doubt wait.
    const waiting = await runSender(new Date(Date.now() + 16 * MINUTE));
    const emailsWhileWaiting = await emailsFor(tag);
    const outcomes = await deliverSesEvents();
    const recordedRows = await listInvitationRows(eventId);
    withGrace(60);
    const later = await runSender(new Date(Date.now() + 40 * MINUTE));
    const emails = await emailsFor(tag);
    const history = await invitationsApi(planner, 'GET', `/api/events/${eventId}/invitations`);

    expect(crashed.errors).toBe(1);
    expect(inDoubt.map((row) => row.guest_id).sort()).toEqual(rowsBefore.slice(0, 3).map((row) => row.guest_id).sort());
    expect(waiting.invitations_sent).toBe(emailsWhileWaiting.length - crashed.invitations_sent - 3);
    expect(outcomes.filter((outcome) => outcome === 'recorded').length).toBeGreaterThanOrEqual(3);
    for (const row of recordedRows.filter((candidate) => lost.has(`INVITEE#${candidate.guest_id}`))) {
      const email = emailsWhileWaiting.find((candidate) => addressOf(candidate.destination.to[0] as string) === row.email);
      expect(row).toMatchObject({ status: 'sent', message_id: email?.messageId });
      expect(row.sending_at).toBeUndefined();
    }
    expect(later.invitations_sent).toBe(0);
    expect(emails).toHaveLength(10);
    expect([...perAddress(emails).values()]).toEqual(Array(10).fill(1));
    expect(history.body.data[0]).toMatchObject({ status: 'sent', sent: 10 });
  });

  it('claimed by a run that died before calling SES is sent exactly once after the grace', async () => {
    const { planner, eventId, tag } = await queuedBatch(6);
    const rows = await listInvitationRows(eventId);
    const claimedAt = new Date();
    const dead = rows.slice(0, 2);
    for (const row of dead) expect(await claimRowSend(row, { attempt: uniqueTag(), at: claimedAt.toISOString(), staleBefore: new Date(0).toISOString() })).toBe(true);
    withGrace(10 * 60);

    const first = await runSender(claimedAt);
    const whileInDoubt = await invitationsApi(planner, 'GET', `/api/events/${eventId}/invitations`);
    await deliverSesEvents();
    const early = await runSender(new Date(claimedAt.getTime() + 5 * MINUTE));
    const afterGrace = await runSender(new Date(claimedAt.getTime() + 11 * MINUTE));
    const again = await runSender(new Date(claimedAt.getTime() + 30 * MINUTE));
    const emails = await emailsFor(tag);
    const history = await invitationsApi(planner, 'GET', `/api/events/${eventId}/invitations`);

    expect(first.invitations_sent).toBe(4);
    expect(whileInDoubt.body.data[0]).toMatchObject({ status: 'sending', sent: 4 });
    expect(early.invitations_sent).toBe(0);
    expect(afterGrace.invitations_sent).toBe(2);
    expect(again.invitations_sent).toBe(0);
    expect(emails).toHaveLength(6);
    expect([...perAddress(emails).values()]).toEqual(Array(6).fill(1));
    expect(history.body.data[0]).toMatchObject({ status: 'sent', sent: 6 });
  });

  it('of a notice accepted by SES but never recorded is recorded from its Send event and not sent again', async () => {
    const { tag } = await plannerWithBudgetAlert();
    const restore = loseNoticeRecords();
    withGrace(30 * 60);

    const crashed = await runSender();
    restore();
    const waiting = await runSender(new Date(Date.now() + 16 * MINUTE));
    const outcomes = await deliverSesEvents();
    withGrace(60);
    const later = await runSender(new Date(Date.now() + 40 * MINUTE));
    const emails = await emailsFor(`planner_${tag}`);

    expect(crashed.errors).toBe(1);
    expect(waiting.notice_emails_sent).toBe(0);
    expect(outcomes).toContain('recorded');
    expect(later.notice_emails_sent).toBe(0);
    expect(emails.map((email) => email.subject)).toEqual([`Budget alert: ${weddingInput.name}`]);
  });
});
