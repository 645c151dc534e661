import { describe, expectTypeOf, it } from 'vitest';
import type { EventCounters, LiveClientMessage, LiveServerMessage } from '../../../client/src/index.ts';
import type { VisibleCounters as ServerCounters } from '../../../shared/domain/visibility/event.ts';
import type { ClientMessage, ServerMessage } from '../../../shared/realtime/messages.ts';

/**
 * The client writes the WebSocket protocol by hand (OpenAPI does not describe it); these assertions are
 * checked by `tsc --noEmit`, so a change on either side fails the typecheck until both agree: every
 * message one side may send, the other accepts.
 */
describe('client WebSocket protocol types', () => {
  it("agree with the server's", () => {
    expectTypeOf<EventCounters>().toEqualTypeOf<ServerCounters>();
    expectTypeOf<ServerMessage>().toExtend<LiveServerMessage>();
    expectTypeOf<LiveServerMessage>().toExtend<ServerMessage>();
    expectTypeOf<LiveClientMessage>().toExtend<ClientMessage>();
    expectTypeOf<ClientMessage>().toExtend<LiveClientMessage>();
  });
});
