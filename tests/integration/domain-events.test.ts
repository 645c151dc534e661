import { describe, expect, it } from 'vitest';
import { handler as notifyHandler } from '../../functions/notify/handler.ts';
import { eventKeys, outboxKeys } from '../../shared/data/keys.ts';
import { type DomainEvent, domainEventSource } from '../../shared/domain/domain-events/contract.ts';
import { putDomainEvents } from '../../shared/events/bus.ts';
import { testEventBus } from '../support/event-bus.ts';
import { lambdaContext } from '../support/http-event.ts';
import { signedInUser } from '../support/signed-in-user.ts';
import { addMember, collection, createEvent, getItem } from './events-fixtures.ts';
import { runSender } from './invitations-fixtures.ts';
import { notificationsOf } from './notifications-fixtures.ts';
import { expectStatus } from './timeline-fixtures.ts';

/**
 * Domain events end to end: a committed write's audit entry is published (by the stream consumer's
 * publishCommitted, from the outbox index in this file: tests/support/domain-event-feed.ts) through the
 * REAL EventBridge SDK client to the local bus (infra/local/event-bus.ts), which invokes the notify consumer
 * in-process; a replay creates nothing new; a publish that fails leaves the entry in the outbox, and the
 * outbox run publishes it later.
 */
async function team() {
  const organizer = await signedInUser();
  const assistant = await signedInUser();
  const viewer = await signedInUser();
  const event = await createEvent(organizer);
  await addMember(event.id, assistant.userId, 'assistant');
  await addMember(event.id, viewer.userId, 'viewer');
  await testEventBus.idle();
  return { organizer, assistant, viewer, eventId: event.id as string };
}

const auditEntries = async (eventId: string) => (await collection(eventId)).filter((item) => String(item.sk).startsWith(eventKeys.auditPrefix));

describe('domain events', () => {
  it('reach the notify consumer through the local bus once the write commits', async () => {
    const { organizer, assistant, viewer, eventId } = await team();

    const task = await expectStatus(201, organizer, 'POST', `/api/events/${eventId}/timeline`, { body: { title: 'Book the band', due_date: '2027-05-01' } });
    await expectStatus(200, organizer, 'PUT', `/api/timeline/${task.data.id}`, { body: { assigned_to: assistant.userId } });
    await testEventBus.idle();

    const [assigned, ...more] = await notificationsOf(assistant);
    expect(more).toEqual([]);
    expect(assigned).toMatchObject({ kind: 'task.assigned', event_id: eventId, entity_id: task.data.id, actor_id: organizer.userId, message: 'You were assigned "Book the band".' });
    // The assignment is the assignee's business alone; the actor is never told of their own change.
    expect(await notificationsOf(viewer)).toEqual([]);
    expect(await notificationsOf(organizer)).toEqual([]);
    // Published: the audit entry has left the outbox, and still carries its events.
    const entry = (await auditEntries(eventId)).find((item) => item.action === 'timeline.updated');
    expect(entry?.gsi2pk).toBeUndefined();
    expect(entry?.domain_events).toEqual([expect.objectContaining({ id: `${String(entry?.id)}.task.assigned`, type: 'task.assigned' })]);
  });

  it('tells everyone who may read the area, once each, and a replayed event creates nothing new', async () => {
    const { organizer, assistant, viewer, eventId } = await team();
    const task = await expectStatus(201, organizer, 'POST', `/api/events/${eventId}/timeline`, { body: { title: 'Print menus', due_date: '2027-05-01' } });

    await expectStatus(200, assistant, 'PUT', `/api/timeline/${task.data.id}`, { body: { status: 'completed' } });
    await testEventBus.idle();
    const entry = (await auditEntries(eventId)).find((item) => item.action === 'timeline.updated');
    const [completed] = entry?.domain_events as DomainEvent[];
    await putDomainEvents({ events: [completed!, completed!] });
    await testEventBus.idle();
    const direct = await notifyHandler({
      version: '0', id: 'replay', 'detail-type': completed!.type, source: domainEventSource, account: '0', time: completed!.occurred_at, region: 'us-east-1', resources: [], detail: completed!,
    }, lambdaContext());

    expect((await notificationsOf(organizer)).map((item) => item.kind)).toEqual(['task.completed']);
    expect((await notificationsOf(viewer)).map((item) => item.kind)).toEqual(['task.completed']);
    expect(await notificationsOf(assistant)).toEqual([]);
    expect(direct).toEqual({ recipients: 2, created: 0, duplicates: 2, emailed: 0 });
  });

  it('leaves a refused event in the outbox, and the outbox run publishes it later', async () => {
    const { organizer, viewer, eventId } = await team();

    testEventBus.failNext(1);
    await expectStatus(200, organizer, 'PUT', `/api/events/${eventId}`, { body: { location_name: 'Hampton Court' } });
    await testEventBus.idle();
    const pending = (await auditEntries(eventId)).find((item) => item.action === 'event.updated');
    expect(pending).toMatchObject({ gsi2pk: outboxKeys.partition(String(pending?.id)) });
    expect(await notificationsOf(viewer)).toEqual([]);

    const early = await runSender(new Date());
    const run = await runSender(new Date(Date.now() + 60_000));
    await testEventBus.idle();

    expect(early.domain_events_published).toBe(0);
    expect(run.domain_events_published).toBeGreaterThanOrEqual(1);
    expect(await getItem({ pk: String(pending?.pk), sk: String(pending?.sk) })).not.toHaveProperty('gsi2pk');
    expect(await notificationsOf(viewer)).toEqual([expect.objectContaining({ kind: 'event.changed', message: 'The event changed: location name.' })]);
  });

  it('has a local bus that speaks PutEvents only, and refuses bad entries one by one as EventBridge does', async () => {
    const post = (target: string, body: unknown) => fetch(testEventBus.endpoint, {
      method: 'POST', headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify(body),
    });
    const entry = { Source: domainEventSource, DetailType: 'event.changed', EventBusName: testEventBus.busName };

    const other = await post('AWSEvents.ListRules', {});
    const empty = await post('AWSEvents.PutEvents', { Entries: [] });
    const mixed = await post('AWSEvents.PutEvents', { Entries: [{ ...entry, Detail: '{"not": "a domain event"}' }, { ...entry, Detail: 'not json' }, { ...entry, EventBusName: 'elsewhere', Detail: '{}' }] });
    await testEventBus.idle();

    expect(other.status).toBe(400);
    expect(empty.status).toBe(400);
    expect(await mixed.json()).toEqual({
      FailedEntryCount: 2,
      Entries: [{ EventId: expect.any(String) }, expect.objectContaining({ ErrorCode: 'MalformedDetail' }), expect.objectContaining({ ErrorCode: 'InvalidArgument' })],
    });
  });

  it('publishes a deletion as a cancellation to the team the event had', async () => {
    const { organizer, assistant, eventId } = await team();

    await expectStatus(200, organizer, 'DELETE', `/api/events/${eventId}`);
    await testEventBus.idle();

    expect(await notificationsOf(assistant)).toEqual([
      expect.objectContaining({ kind: 'event.cancelled', event_name: 'Ada & Grace wedding', message: 'The event was deleted.', detail: { deleted: true, event_name: 'Ada & Grace wedding' } }),
    ]);
  });
});
