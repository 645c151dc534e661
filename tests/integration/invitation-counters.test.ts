import { describe, expect, it } from 'vitest';
import { handler as emailEvents } from '../../functions/email-events/handler.ts';
import { handler as invitationOpens } from '../../functions/invitation-opens/handler.ts';
import { listInvitationRows } from '../../shared/data/invitations/rows.ts';
import { invitationOpenedEvent } from '../../shared/domain/invitations/open-event.ts';
import { testEventBus } from '../support/event-bus.ts';
import { lambdaContext } from '../support/http-event.ts';
import { signedInUser } from '../support/signed-in-user.ts';
import { createEvent, weddingInput } from './events-fixtures.ts';
import { addGuests, codeOf, guestsApi, rsvpApi } from './guests-fixtures.ts';
import { invitationsApi, runSender, uniqueTag } from './invitations-fixtures.ts';

/**
 * The batches' open and answer counters (shared/domain/invitations/counters.ts): a GET of the invitation
 * only announces the open on the bus, the invitation-opens consumer records it, an answer counts in its
 * own transaction, and each row counts at most once, for the latest batch that reached the guest.
 */
async function sentToTwo() {
  const planner = await signedInUser();
  const event = await createEvent(planner, { ...weddingInput, event_date: '2031-06-20T17:00:00Z' });
  const tag = uniqueTag();
  const [ann, bob] = await addGuests(planner, event.id, [{ name: 'Ann', email: `ann.${tag}@example.com` }, { name: 'Bob', email: `bob.${tag}@example.com` }]);
  await invitationsApi(planner, 'POST', `/api/events/${event.id}/invitations`, {});
  await runSender();
  const batches = async () => (await invitationsApi(planner, 'GET', `/api/events/${event.id}/invitations`)).body.data as Record<string, unknown>[];
  const view = (guest: { rsvp_url: string }) => rsvpApi('GET', '/api/rsvp', { headers: { 'invitation-code': codeOf(guest) } });
  const answer = (guest: { rsvp_url: string }, status: string) => rsvpApi('POST', '/api/rsvp', { headers: { 'invitation-code': codeOf(guest) }, body: { status } });
  return { planner, eventId: event.id as string, ann, bob, batches, view, answer };
}

const openEmail = (row: { event_id: string; batch_id: string; guest_id: string; message_id?: string }) => emailEvents({
  version: '0', id: uniqueTag(), 'detail-type': 'Email Opened', source: 'aws.ses', account: '000000000000', time: new Date().toISOString(), region: 'us-east-1', resources: [],
  detail: {
    eventType: 'Open',
    mail: { timestamp: '2030-01-01T10:00:00.000Z', messageId: row.message_id, tags: { kind: ['invitation'], event_id: [row.event_id], batch_id: [row.batch_id], guest_id: [row.guest_id] } },
    open: { timestamp: '2030-01-01T11:00:00.000Z' },
  },
}, lambdaContext());

describe('invitation batch counters', () => {
  it('count each row once: views, an SES open of the same row and changed answers move nothing twice', async () => {
    const { eventId, ann, bob, batches, view, answer } = await sentToTwo();

    await view(ann);
    await view(ann);
    await testEventBus.idle();
    const annRow = (await listInvitationRows(eventId)).find((row) => row.guest_id === ann.id);
    const sesOpen = await openEmail(annRow as NonNullable<typeof annRow>);
    await answer(bob, 'yes');
    await answer(bob, 'no');
    const [batch] = await batches();

    expect(sesOpen).toBe('already_noted');
    expect(batch).toMatchObject({ sent: 2, opened: 1, answered: 1, open_rate: 0.5, response_rate: 0.5 });
    const rows = await listInvitationRows(eventId);
    expect(rows.find((row) => row.guest_id === ann.id)?.opened_at).toMatch(/Z$/);
    expect(rows.find((row) => row.guest_id === bob.id)).toMatchObject({ answered_at: expect.stringMatching(/Z$/) });
    expect(rows.find((row) => row.guest_id === bob.id)?.opened_at).toBeUndefined();
  });

  it('count views and answers for the latest batch that reached the guest, and an SES open for its own email', async () => {
    const { planner, eventId, ann, batches, view, answer } = await sentToTwo();
    await view(ann);
    await testEventBus.idle();
    const [first] = await batches();
    await invitationsApi(planner, 'POST', `/api/events/${eventId}/invitations`, { resend: true });
    await runSender();

    await view(ann);
    await testEventBus.idle();
    await answer(ann, 'yes');
    const firstRowOfBob = (await listInvitationRows(eventId)).find((row) => row.guest_id !== ann.id && row.batch_id === first?.id);
    await openEmail(firstRowOfBob as NonNullable<typeof firstRowOfBob>);
    const [latest, earlier] = await batches();

    expect(latest).toMatchObject({ sent: 2, opened: 1, answered: 1, open_rate: 0.5, response_rate: 0.5 });
    expect(earlier).toMatchObject({ id: first?.id, sent: 2, opened: 2, answered: 0, open_rate: 1, response_rate: 0 });
  });

  it('never write on a GET: an open the bus refused is not recorded, and the next view announces it again', async () => {
    const { planner, ann, batches, view } = await sentToTwo();

    testEventBus.failNext(1);
    const refused = await view(ann);
    await testEventBus.idle();
    const unrecorded = await guestsApi(planner, 'GET', `/api/guests/${ann.id}`);
    const [before] = await batches();
    await view(ann);
    await testEventBus.idle();
    const recorded = await guestsApi(planner, 'GET', `/api/guests/${ann.id}`);
    const [after] = await batches();

    expect(refused.status).toBe(200);
    expect(unrecorded.body.data.opened_at).toBeNull();
    expect(before).toMatchObject({ opened: 0 });
    expect(recorded.body.data.opened_at).toMatch(/Z$/);
    expect(after).toMatchObject({ opened: 1 });
  });

  it('record a redelivered open once, report a removed guest, and drop what is not an open', async () => {
    const { eventId, ann, batches } = await sentToTwo();
    const [batch] = await batches();
    const open = invitationOpenedEvent({ event_id: eventId, guest_id: ann.id, batch_id: String(batch?.id) }, new Date('2030-01-01T12:00:00Z'));
    const delivery = (detail: unknown) => invitationOpens({ version: '0', id: uniqueTag(), 'detail-type': 'invitation.opened', source: 'event-planning.api', account: '0', time: '', region: 'us-east-1', resources: [], detail }, lambdaContext());

    const outcomes = [
      await delivery(open),
      await delivery(open),
      await delivery(invitationOpenedEvent({ event_id: eventId, guest_id: 'gone', batch_id: String(batch?.id) }, new Date())),
      await delivery({ ...open, detail: {} }),
    ];
    const [counted] = await batches();

    expect(outcomes).toEqual(['recorded', 'already', 'guest_gone', 'invalid']);
    expect(counted).toMatchObject({ opened: 1 });
  });
});
