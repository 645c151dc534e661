import type { EventBridgeEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler as emailEvents } from '../../functions/email-events/handler.ts';
import { listInvitationRows } from '../../shared/data/invitations/rows.ts';
import { signedInUser } from '../support/signed-in-user.ts';
import { lambdaContext } from '../support/http-event.ts';
import { createEvent, weddingInput } from './events-fixtures.ts';
import { addGuests, guestsApi } from './guests-fixtures.ts';
import { emailsFor, invitationsApi, runSender, uniqueTag } from './invitations-fixtures.ts';

/**
 * SES events as EventBridge delivers them (no SES events exist locally, so the test builds them in the
 * shape SES documents) are noted on the invitation rows; a bounced address is never mailed again.
 */
type Row = Awaited<ReturnType<typeof listInvitationRows>>[number];

function sesEvent(detailType: string, eventType: string, row: Row, extra: Record<string, unknown> = {}): EventBridgeEvent<string, unknown> {
  return {
    version: '0', id: uniqueTag(), 'detail-type': detailType, source: 'aws.ses', account: '000000000000', time: new Date().toISOString(), region: 'us-east-1', resources: [],
    detail: {
      eventType,
      mail: {
        timestamp: '2030-01-01T10:00:00.000Z', messageId: row.message_id, destination: [row.email],
        tags: { 'ses:configuration-set': ['event-planning'], kind: ['invitation'], event_id: [row.event_id], batch_id: [row.batch_id], guest_id: [row.guest_id] },
      },
      ...extra,
    },
  };
}

describe('SES events', () => {
  it('mark delivery, opens and bounces on the rows, count in the batch tallies, and stop mail to bounced addresses', async () => {
    const planner = await signedInUser();
    const event = await createEvent(planner, { ...weddingInput, event_date: '2031-06-20T17:00:00Z' });
    const tag = uniqueTag();
    await addGuests(planner, event.id, [{ name: 'Opens', email: `opens.${tag}@example.com` }, { name: 'Bounces', email: `bounces.${tag}@example.com` }]);
    await invitationsApi(planner, 'POST', `/api/events/${event.id}/invitations`, {});
    await runSender();
    const rows = await listInvitationRows(event.id);
    const opener = rows.find((row) => row.email?.startsWith('opens')) as Row;
    const bouncer = rows.find((row) => row.email?.startsWith('bounces')) as Row;

    const outcomes = [
      await emailEvents(sesEvent('Email Delivered', 'Delivery', opener, { delivery: { timestamp: '2030-01-01T10:00:05.000Z' } }), lambdaContext()),
      await emailEvents(sesEvent('Email Opened', 'Open', opener, { open: { timestamp: '2030-01-01T11:00:00.000Z' } }), lambdaContext()),
      await emailEvents(sesEvent('Email Opened', 'Open', opener, { open: { timestamp: '2030-01-02T11:00:00.000Z' } }), lambdaContext()),
      await emailEvents(sesEvent('Email Bounced', 'Bounce', bouncer, { bounce: { bounceType: 'Permanent', timestamp: '2030-01-01T10:00:09.000Z', bouncedRecipients: [{ emailAddress: bouncer.email }] } }), lambdaContext()),
      await emailEvents({ ...sesEvent('Email Opened', 'Open', opener), detail: { nonsense: true } }, lambdaContext()),
    ];
    const [batch] = (await invitationsApi(planner, 'GET', `/api/events/${event.id}/invitations`)).body.data;
    const history = await invitationsApi(planner, 'GET', `/api/events/${event.id}/invitations`, undefined, { batch_id: batch.id });
    await invitationsApi(planner, 'POST', `/api/events/${event.id}/invitations`, { resend: true });
    const resend = await runSender();

    expect(outcomes).toEqual(['recorded', 'recorded', 'already_noted', 'recorded', 'ignored']);
    const recipients = history.body.data;
    expect(recipients.find((row: { guest_name: string }) => row.guest_name === 'Opens')).toMatchObject({ delivered_at: '2030-01-01T10:00:05.000Z', opened_at: '2030-01-01T11:00:00.000Z' });
    expect(recipients.find((row: { guest_name: string }) => row.guest_name === 'Bounces')).toMatchObject({ bounced_at: '2030-01-01T10:00:09.000Z' });
    expect(history.body.meta).toMatchObject({ count: 2, next_cursor: null, batch: { id: batch.id, sent: 2, failed: 0, opened: 1, open_rate: 0.5 } });
    expect(resend).toMatchObject({ invitations_sent: 1, skipped: 1 });
    expect((await emailsFor(`bounces.${tag}`))).toHaveLength(1);
    expect((await emailsFor(`opens.${tag}`))).toHaveLength(2);
  });

  it('record a Send event on a row the sender did not record, once, and report a second message for it', async () => {
    const planner = await signedInUser();
    const event = await createEvent(planner, { ...weddingInput, event_date: '2031-06-20T17:00:00Z' });
    const tag = uniqueTag();
    await addGuests(planner, event.id, [{ name: 'Unrecorded', email: `unrecorded.${tag}@example.com` }]);
    await invitationsApi(planner, 'POST', `/api/events/${event.id}/invitations`, {});
    const [queued] = (await listInvitationRows(event.id)) as [Row];
    const accepted = { ...queued, message_id: 'ses-message-1' };
    const sent = (row: Row) => sesEvent('Email Sent', 'Send', row, { send: {} });

    const outcomes = [
      await emailEvents(sent(accepted), lambdaContext()),
      await emailEvents(sent(accepted), lambdaContext()),
      await emailEvents(sent({ ...queued, message_id: 'ses-message-2' }), lambdaContext()),
      await emailEvents(sent({ ...queued, batch_id: 'gone', message_id: 'ses-message-3' }), lambdaContext()),
    ];
    const [row] = await listInvitationRows(event.id);
    const guests = await guestsApi(planner, 'GET', `/api/events/${event.id}/guests`);
    const rerun = await runSender();

    expect(outcomes).toEqual(['recorded', 'recorded', 'duplicate_send', 'row_gone']);
    expect(row).toMatchObject({ status: 'sent', message_id: 'ses-message-1', sent_at: '2030-01-01T10:00:00.000Z' });
    expect(guests.body.data[0].invited_at).toBe('2030-01-01T10:00:00.000Z');
    expect(rerun.invitations_sent).toBe(0);
    expect(await emailsFor(tag)).toHaveLength(0);
  });
});
