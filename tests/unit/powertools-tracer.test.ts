import { describe, expect, it } from 'vitest';
import { traced } from '../../shared/observability/client-capture.ts';
import { tracer } from '../../shared/observability/tracer.ts';

/** Outside Lambda (npm start, the tests) there is no X-Ray daemon: the Tracer must be a no-op there. */
describe('the Powertools tracer off Lambda', () => {
  it('is disabled, and leaves SDK clients as they are', () => {
    const client = { middlewareStack: { use: () => undefined }, send: () => undefined };

    expect(tracer.isTracingEnabled()).toBe(false);
    expect(traced(client)).toBe(client);
  });
});
