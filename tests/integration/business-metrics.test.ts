import type { EventBridgeEvent } from 'aws-lambda';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handler as emailEvents } from '../../functions/email-events/handler.ts';
import { handler as outbox } from '../../functions/outbox/handler.ts';
import { businessMetrics } from '../../shared/observability/metric-names.ts';
import { captureOutput } from '../support/captured-output.ts';
import { type FaultInjector, injectDynamoDbFaults } from '../support/fault-injection.ts';
import { lambdaContext } from '../support/http-event.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { api, createEvent, weddingInput } from './events-fixtures.ts';
import { addGuests, codeOf, guestsApi, rsvpApi } from './guests-fixtures.ts';
import { invitationsApi, uniqueTag } from './invitations-fixtures.ts';

/**
 * Each business metric (shared/observability/metrics.ts) is emitted where it happens, through Powertools
 * Metrics' embedded metric format as CloudWatch reads it: namespace POWERTOOLS_METRICS_NAMESPACE,
 * dimension `service`, flushed by the logMetrics middleware at the end of the invocation.
 */
let planner: SignedInUser;
let output: ReturnType<typeof captureOutput> | undefined;
let injector: FaultInjector | undefined;

beforeAll(async () => {
  planner = await signedInUser();
});

afterEach(() => {
  output?.stop();
  injector?.remove();
  output = undefined;
  injector = undefined;
});

// Powertools writes a metric added several times in one invocation as the list of its values.
const sum = (points: { value: unknown }[]) => points.flatMap((point) => [point.value].flat()).reduce((total: number, value) => total + Number(value), 0);

describe('business metrics', () => {
  it('RsvpAnswered: one per answer saved, by the status it left the guest in; none for a repeat', async () => {
    const event = await createEvent(planner, { ...weddingInput, event_date: '2031-06-20T17:00:00Z' });
    const [grace] = await addGuests(planner, event.id, [{ name: 'Grace' }]);
    output = captureOutput();

    const answer = () => rsvpApi('POST', '/api/rsvp', { headers: { 'invitation-code': codeOf(grace) }, body: { status: 'yes' } });
    expect((await answer()).status).toBe(200);
    expect((await answer()).status).toBe(200);

    expect(output.metric(businessMetrics.rsvpAnswered)).toEqual([{ value: 1, namespace: 'EventPlanning-local', dimensions: { service: 'local', answer: 'yes' } }]);
  });

  it('TransactionConflictsRetried for each retry of a cancelled transaction, and ServiceUnavailableGiven for the 503 when they never clear', async () => {
    const event = await createEvent(planner, { ...weddingInput, event_date: '2031-06-20T17:00:00Z' });
    const [guest] = await addGuests(planner, event.id, [{ name: 'Ada' }]);
    output = captureOutput();

    injector = injectDynamoDbFaults([{ fault: 'transaction-conflict', commands: ['TransactWriteItems'], firstCalls: 3 }], { seed: 16 });
    const cleared = await guestsApi(planner, 'POST', `/api/guests/${guest.id}/rsvp`, { body: { status: 'no' } });
    const afterClearing = sum(output.metric(businessMetrics.transactionConflictsRetried));
    injector.remove();
    injector = injectDynamoDbFaults([{ fault: 'transaction-conflict', commands: ['TransactWriteItems'], probability: 1 }], { seed: 16 });
    // An event change is one transaction (an answer would also replan and try again several times).
    const stuck = await api(planner, 'PUT', `/api/events/${event.id}`, { body: { name: 'Renamed' } });

    expect(cleared.status).toBe(200);
    expect(afterClearing).toBe(3);
    expect(stuck.status).toBe(503);
    // Six retries (shared/data/transact.ts) before the 503.
    expect(sum(output.metric(businessMetrics.transactionConflictsRetried)) - afterClearing).toBe(6);
    expect(output.metric(businessMetrics.serviceUnavailableGiven)).toEqual([expect.objectContaining({ value: 1, dimensions: { service: 'local' } })]);
  });

  it('InvitationsSent, OutboxBacklog and OutboxOldestAgeSeconds from an outbox run', async () => {
    const event = await createEvent(planner, { ...weddingInput, event_date: '2031-06-20T17:00:00Z' });
    const tag = uniqueTag();
    await addGuests(planner, event.id, [{ name: 'One', email: `one.${tag}@example.com` }, { name: 'Two', email: `two.${tag}@example.com` }]);
    await invitationsApi(planner, 'POST', `/api/events/${event.id}/invitations`, {});
    output = captureOutput();

    const run = await outbox({}, lambdaContext());

    expect(run.invitations_sent).toBe(2);
    expect(output.metric(businessMetrics.invitationsSent)).toEqual([expect.objectContaining({ value: 2, namespace: 'EventPlanning-local' })]);
    expect(output.metric(businessMetrics.outboxBacklog)).toEqual([expect.objectContaining({ value: run.due_entries })]);
    expect(run.due_entries).toBeGreaterThanOrEqual(1);
    expect(output.metric(businessMetrics.outboxOldestAgeSeconds)).toEqual([expect.objectContaining({ value: run.oldest_pending_age_seconds })]);
  });

  it('EmailsBounced: the recipients of an SES bounce event', async () => {
    const tag = uniqueTag();
    const bounce: EventBridgeEvent<string, unknown> = {
      version: '0', id: tag, 'detail-type': 'Email Bounced', source: 'aws.ses', account: '000000000000', time: new Date().toISOString(), region: 'us-east-1', resources: [],
      detail: {
        eventType: 'Bounce',
        mail: { timestamp: '2030-01-01T10:00:00.000Z', messageId: `message-${tag}`, tags: {} },
        bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: `a.${tag}@example.com` }, { emailAddress: `b.${tag}@example.com` }] },
      },
    };
    output = captureOutput();

    expect(await emailEvents(bounce, lambdaContext())).toBe('suppressed_only');

    expect(output.metric(businessMetrics.emailsBounced)).toEqual([expect.objectContaining({ value: 2, dimensions: { service: 'local' } })]);
  });
});
