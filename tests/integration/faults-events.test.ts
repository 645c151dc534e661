import { afterEach, describe, expect, it } from 'vitest';
import { eventKeys, outboxKeys } from '../../shared/data/keys.ts';
import { testEventBus } from '../support/event-bus.ts';
import { injectEventBridgeFaults, type FaultInjector } from '../support/fault-injection.ts';
import { signedInUser } from '../support/signed-in-user.ts';
import { addMember, collection, createEvent } from './events-fixtures.ts';
import { runSender } from './invitations-fixtures.ts';
import { notificationsOf } from './notifications-fixtures.ts';
import { call } from './timeline-fixtures.ts';

/**
 * Domain events under injected EventBridge faults (PutEvents failing with a 500 through the SDK's
 * retries, or answering FailedEntryCount > 0): the write that made the event still succeeds, its audit
 * entry stays in the outbox, and a later outbox run publishes it, so every change reaches its consumer
 * exactly once (the notify consumer keys on the event id).
 */
let injector: FaultInjector | undefined;
afterEach(() => injector?.remove());

const pendingAuditEntries = async (eventId: string) =>
  (await collection(eventId)).filter((item) => String(item.sk).startsWith(eventKeys.auditPrefix) && item.gsi2pk === outboxKeys.partition(String(item.id)));

async function eventWithViewer() {
  const organizer = await signedInUser();
  const viewer = await signedInUser();
  const event = await createEvent(organizer);
  await addMember(event.id, viewer.userId, 'viewer');
  await testEventBus.idle();
  return { organizer, viewer, eventId: event.id as string };
}

describe('domain events under injected EventBridge faults', () => {
  it('a PutEvents that fails through every SDK retry leaves the write done and its events pending for the outbox run', async () => {
    const { organizer, viewer, eventId } = await eventWithViewer();
    injector = await injectEventBridgeFaults([{ fault: 'eventbridge-internal', commands: ['PutEvents'], probability: 1 }], { seed: 11 });

    const changed = await call(organizer, 'PUT', `/api/events/${eventId}`, { body: { location_name: 'Hampton Court' } });
    await testEventBus.idle();
    const pendingWhileDown = await pendingAuditEntries(eventId);
    const failedRun = await runSender(new Date(Date.now() + 60_000));
    injector.pause();
    const laterRun = await runSender(new Date(Date.now() + 6 * 3_600_000));
    await testEventBus.idle();

    expect(changed.status).toBe(200);
    // The SDK made its 3 attempts (shared/aws/client-options.ts) for the stream consumer's publish.
    expect(injector.attempts.PutEvents).toBeGreaterThanOrEqual(3);
    expect(pendingWhileDown).toHaveLength(1);
    expect(failedRun).toMatchObject({ domain_events_published: 0, failures: 1 });
    expect(laterRun.domain_events_published).toBe(1);
    expect(await pendingAuditEntries(eventId)).toEqual([]);
    expect(await notificationsOf(viewer)).toEqual([expect.objectContaining({ kind: 'event.changed' })]);
  });

  it('under a mix of failed calls and failed entries, every change is published once, over several runs', async () => {
    const { organizer, viewer, eventId } = await eventWithViewer();
    injector = await injectEventBridgeFaults([
      { fault: 'eventbridge-internal', commands: ['PutEvents'], firstCalls: 2, probability: 0.2 },
      { fault: 'eventbridge-partial', commands: ['PutEvents'], probability: 0.4 },
    ], { seed: 12 });

    const names = Array.from({ length: 8 }, (_, index) => `Venue ${index}`);
    for (const name of names) expect((await call(organizer, 'PUT', `/api/events/${eventId}`, { body: { location_name: name } })).status).toBe(200);
    await testEventBus.idle();
    const leftPending = (await pendingAuditEntries(eventId)).length;
    let runs = 0;
    for (let at = Date.now(); runs < 10 && (await pendingAuditEntries(eventId)).length > 0; runs += 1) {
      at += 6 * 3_600_000;
      await runSender(new Date(at));
      await testEventBus.idle();
    }
    injector.pause();
    const notifications = await notificationsOf(viewer);
    console.info('faults-events', JSON.stringify({ injected: injector.injected, attempts: injector.attempts, leftPending, runs }));

    expect(injector.injected['eventbridge-partial']).toBeGreaterThan(0);
    expect(injector.injected['eventbridge-internal']).toBeGreaterThan(0);
    expect(leftPending).toBeGreaterThan(0);
    expect(await pendingAuditEntries(eventId)).toEqual([]);
    // One notification per change: none lost, none doubled by a publish repeated after a partial failure.
    expect(notifications.filter((item) => item.kind === 'event.changed')).toHaveLength(names.length);
  });
});
