// @ts-nocheck
import { localEventBusName, startLocalEventBus } from '../../infra/local/event-bus.ts';

/**
 * Per test file: the local EventBridge bus (infra/local/event-bus.ts) in the file's own process, so the
 * consumers it calls write to the file's own table, as they would in the stack. The environment points
 * the functions at it (tests/support/environment.ts); tests wait on `testEventBus.idle()` for deliveries.
 */
export const testEventBus = await startLocalEventBus({ port: 0, busName: localEventBusName });
