// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { signedInUser } from '../support/signed-in-user.ts';
import { createEvent } from './events-fixtures.ts';
import { call } from './timeline-fixtures.ts';

/**
 * Regression (found by the route fuzzer): a refused request releases its Idempotency-Key; a repeat that
 * arrived meanwhile failed to claim the key, then found no record and answered 500. Now it claims the
 * freed key (or answers 409 while the key keeps changing hands).
 */
describe('repeats of a refused POST with the same Idempotency-Key, all at once', () => {
  it('answer 400 or 409, never 500', async () => {
    const user = await signedInUser();
    const event = await createEvent(user);
    const statuses: number[] = [];

    for (let round = 0; round < 5; round += 1) {
      const answers = await Promise.all(Array.from({ length: 20 }, () =>
        call(user, 'POST', `/api/events/${event.id}/checklist`, { body: { task: '' }, headers: { 'idempotency-key': `race-key-${round}` } })));
      statuses.push(...answers.map((answer) => answer.status));
    }

    expect(statuses.filter((status) => status !== 400 && status !== 409)).toEqual([]);
    expect(statuses).toContain(400);
  });
});
