import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type AsyncHandler, functionHandler, type HandlerSource, redriveDeadLetters } from '../../infra/local/async-invoke.ts';
import { localDeadLetters } from '../../infra/local/dead-letters.ts';
import { type LocalEventBus, localEventBusName, startLocalEventBus } from '../../infra/local/event-bus.ts';
import { forgetConfigAndClients } from '../../infra/local/function-clients.ts';
import { publishPendingDomainEvents } from '../support/domain-event-feed.ts';
import { signedInUser } from '../support/signed-in-user.ts';
import { addMember, createEvent } from './events-fixtures.ts';
import { notificationsOf } from './notifications-fixtures.ts';
import { call } from './timeline-fixtures.ts';

/**
 * Nothing dropped on the local bus (issue 16): a consumer that throws is retried twice, as Lambda's
 * asynchronous invocation is, then its event waits in the dead-letter folder, and the redrive
 * (`npm run dlq:redrive -- notify`) hands it to the real consumer exactly once. The bus is this file's own,
 * with the real notify function behind a switch that makes it throw while armed; everything else is real:
 * the API publishes through the EventBridge SDK client, notify writes to DynamoDB Local.
 */
const deadLetters = localDeadLetters(await mkdtemp(join(inject('scratchDir'), 'dead-letters-test-')));
let failuresLeft = 0;
let notifyCalls = 0;
const notifyDownWhileArmed: HandlerSource = async (target) => {
  const real = await functionHandler(target);
  if (target !== 'notify') return real;
  const wrapped: AsyncHandler = async (event, context) => {
    notifyCalls += 1;
    if (failuresLeft > 0) {
      failuresLeft -= 1;
      throw new Error('notify is down');
    }
    return real(event, context);
  };
  return wrapped;
};
let bus: LocalEventBus;

beforeAll(async () => {
  bus = await startLocalEventBus({ port: 0, busName: localEventBusName, deadLetters, handlerFor: notifyDownWhileArmed });
  process.env.EVENTBRIDGE_ENDPOINT = bus.endpoint;
  forgetConfigAndClients();
});
afterAll(() => bus.close());

describe('the local dead-letter queues and their redrive', () => {
  it('dead-letters an event whose consumer throws three times, and the redrive delivers it exactly once', async () => {
    const organizer = await signedInUser();
    const viewer = await signedInUser();
    const event = await createEvent(organizer);
    await addMember(event.id, viewer.userId, 'viewer');
    // What the table's stream consumer does in the stack (tests/support/domain-event-feed.ts), onto this file's bus.
    await publishPendingDomainEvents();
    await bus.idle();
    const before = await notificationsOf(viewer);
    failuresLeft = 3;
    notifyCalls = 0;

    const changed = await call(organizer, 'PUT', `/api/events/${event.id}`, { body: { location_name: 'Hampton Court' } });
    await publishPendingDomainEvents();
    await bus.idle();
    const callsWhileDown = notifyCalls;
    const waiting = await deadLetters.list('notify');
    const notifiedWhileDown = await notificationsOf(viewer);
    const redriven = await redriveDeadLetters({ target: 'notify', deadLetters, handlerFor: notifyDownWhileArmed });
    const callsByRedrive = notifyCalls - callsWhileDown;
    const again = await redriveDeadLetters({ target: 'notify', deadLetters, handlerFor: notifyDownWhileArmed });

    expect(changed.status).toBe(200);
    // The first attempt and Lambda's two retries, then the dead letter with the last error.
    expect(callsWhileDown).toBe(3);
    expect(waiting).toEqual([expect.objectContaining({ target: 'notify', attempts: 3, error: 'notify is down', event: expect.objectContaining({ 'detail-type': 'event.changed' }) })]);
    expect(notifiedWhileDown).toEqual(before);
    expect(redriven).toEqual({ target: 'notify', delivered: 1, failed: [] });
    expect(callsByRedrive).toBe(1);
    expect((await notificationsOf(viewer)).filter((notification) => notification.kind === 'event.changed')).toHaveLength(1);
    expect(await deadLetters.list('notify')).toEqual([]);
    expect(again).toEqual({ target: 'notify', delivered: 0, failed: [] });
  });

  it('keeps a letter whose consumer still throws on the redrive, for the next one', async () => {
    const letter = await deadLetters.put({ target: 'notify', event: { 'detail-type': 'event.changed', detail: {} }, error: 'earlier', attempts: 3 });
    failuresLeft = 1;

    const failed = await redriveDeadLetters({ target: 'notify', deadLetters, handlerFor: notifyDownWhileArmed });
    const kept = await deadLetters.list('notify');

    expect(failed).toEqual({ target: 'notify', delivered: 0, failed: [{ id: letter.id, error: 'notify is down' }] });
    expect(kept.map((entry) => entry.id)).toEqual([letter.id]);
    await deadLetters.claim(letter).then((claim) => claim?.done());
  });

  it('lets one redrive only replay a letter: a second claim of it finds nothing', async () => {
    const letter = await deadLetters.put({ target: 'outbox', event: { 'detail-type': 'Scheduled Event' }, error: 'down', attempts: 3 });

    const first = await deadLetters.claim(letter);
    const second = await deadLetters.claim(letter);
    await first?.release();
    const afterRelease = await deadLetters.list('outbox');
    await (await deadLetters.claim(letter))?.done();

    expect(first).not.toBeNull();
    expect(second).toBeNull();
    expect(afterRelease.map((entry) => entry.id)).toEqual([letter.id]);
    expect(await deadLetters.list('outbox')).toEqual([]);
  });
});
