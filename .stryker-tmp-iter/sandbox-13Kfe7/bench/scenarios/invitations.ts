// @ts-nocheck
import { runOutbox } from '../../functions/outbox/run.ts';
import { createLogger } from '../../shared/logger.ts';
import type { BenchScenario } from '../scenario.ts';

/**
 * Issue 4: 5,000 invitations through the outbox sender into the SES emulator, in one sender run: emails
 * per second and DynamoDB calls (and capacity) per email, counting every read and write of the run
 * (claims, row reads, guest reads, suppression checks, per-row records with the guests' invited_at).
 */
const GUESTS = 5_000;
const quiet = createLogger({ component: 'bench' }, 'silent');

export const invitationsScenario: BenchScenario = {
  name: 'invitations',
  run: async (context) => {
    const { token } = await context.signUp();
    const eventId = (await context.api('POST', '/api/events', {
      token, body: { name: 'Bench gala', event_date: '2031-06-20T18:00:00Z', timezone: 'Europe/London', event_type: 'party' },
    })).body.data.id as string;
    for (let offset = 0; offset < GUESTS; offset += 1000) {
      const guestList = Array.from({ length: 1000 }, (_, index) => ({ name: `Guest ${offset + index}`, email: `invitee.${offset + index}@example.com` }));
      await context.api('POST', `/api/events/${eventId}/guests`, { token, body: { guest_list: guestList } });
    }
    context.meter.reset();
    const queueStarted = performance.now();
    const queued = await context.api('POST', `/api/events/${eventId}/invitations`, { token, body: { invitation_template: 'formal' } });
    const queueMs = performance.now() - queueStarted;
    const queueCalls = context.meter.calls;
    if (queued.status !== 202) throw new Error(`queueing answered ${queued.status}`);

    context.meter.reset();
    const started = performance.now();
    const run = await runOutbox({ now: new Date(), deadline: Date.now() + 30 * 60_000, log: quiet });
    const elapsedMs = performance.now() - started;
    if (run.invitations_sent !== GUESTS) throw new Error(`sent ${run.invitations_sent} of ${GUESTS}: ${JSON.stringify(run)}`);
    const perEmail = (value: number) => Math.round((value / GUESTS) * 100) / 100;
    return [
      {
        endpoint: 'POST /api/events/{id}/invitations (5,000 guests)',
        requests: 1,
        dynamoCallsPerRequest: queueCalls,
        capacityUnitsPerRequest: 0,
        p50Ms: Math.round(queueMs),
        p95Ms: Math.round(queueMs),
        note: 'records the batch and 5,000 rows (BatchWriteItem) — no email in the request',
      },
      {
        endpoint: 'outbox sender: 5,000 invitations to the SES emulator',
        requests: GUESTS,
        dynamoCallsPerRequest: perEmail(context.meter.calls),
        capacityUnitsPerRequest: perEmail(context.meter.capacity),
        p50Ms: perEmail(elapsedMs),
        p95Ms: perEmail(elapsedMs),
        note: `${Math.round(GUESTS / (elapsedMs / 1000))} emails/s in one run; per-email figures (ms = mean wall time per email)`,
      },
    ];
  },
};
