import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { inject } from 'vitest';
import { localDeadLetters } from '../../infra/local/dead-letters.ts';
import { localEventBusName, startLocalEventBus } from '../../infra/local/event-bus.ts';

/**
 * Per test file: the local EventBridge bus (infra/local/event-bus.ts) in the file's own process, so the
 * consumers it calls write to the file's own table, as they would in the stack. The environment points
 * the functions at it (tests/support/environment.ts); tests wait on `testEventBus.idle()` for deliveries.
 * Events a consumer kept failing on go to a dead-letter folder of the process's own, in the run's scratch.
 */
export const testDeadLetters = localDeadLetters(await mkdtemp(join(inject('scratchDir'), 'dead-letters-')));
export const testEventBus = await startLocalEventBus({ port: 0, busName: localEventBusName, deadLetters: testDeadLetters });
