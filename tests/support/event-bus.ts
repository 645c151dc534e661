import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { inject } from 'vitest';
import { localDeadLetters } from '../../infra/local/dead-letters.ts';
import { localEventBusName, startLocalEventBus } from '../../infra/local/event-bus.ts';
import { publishPendingDomainEvents } from './domain-event-feed.ts';

/**
 * Per test file: the local EventBridge bus (infra/local/event-bus.ts) in the file's own process, so the
 * consumers it calls write to the file's own table, as they would in the stack. The environment points
 * the functions at it (tests/support/environment.ts).
 * Events a consumer kept failing on go to a dead-letter folder of the process's own, in the run's scratch.
 */
export const testDeadLetters = localDeadLetters(await mkdtemp(join(inject('scratchDir'), 'dead-letters-')));
const bus = await startLocalEventBus({ port: 0, busName: localEventBusName, deadLetters: testDeadLetters });

export const testEventBus = {
  ...bus,
  /**
   * Tests wait on this for the domain events of what they did: the file's pending audit entries published,
   * as the table's stream consumer does in the stack (tests/support/domain-event-feed.ts), and every
   * delivery finished; again while the consumers committed more. A pass the bus refused ends it.
   */
  idle: async (): Promise<void> => {
    for (;;) {
      await bus.idle();
      const published = await publishPendingDomainEvents().catch(() => 0);
      await bus.idle();
      if (published === 0) return;
    }
  },
  /** Only the deliveries in flight (a file's start, before its table exists). */
  deliveriesIdle: bus.idle,
};
