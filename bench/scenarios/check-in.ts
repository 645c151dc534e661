import { decodeJwt } from 'jose';
import { createBenchEvent, expectStatus } from '../api.ts';
import { rawAccessRead, rawCheckIn } from '../raw-calls.ts';
import type { BenchScenario } from '../scenario.ts';

/**
 * Issue 18, check-in at the door (docs/check-in.md): the first scan of each of 50 attending guests' codes
 * (ONE TransactWriteItems after the access read that carries the guest, then the subscribers' Query of
 * the live counts' push), and the repeat scan of each (the access read alone: nothing changes), each
 * against the same raw DynamoDB calls made directly. The event has no custom questions, so no Query of them.
 * The budget is on calls (3 and 1), which do not vary with the machine's load; the ratio is reported
 * (docs/check-in.md has the figures).
 */
const GUESTS = 50;

export const checkInScenario: BenchScenario = {
  name: 'check-in',
  run: async (context) => {
    const { token, userId } = await context.signUp();
    const access = { sessionId: String(decodeJwt(token).sid), userId, eventId: await createBenchEvent(context.api, token, 'Bench door') };
    const added = await expectStatus(201, context.api('POST', `/api/events/${access.eventId}/guests`, {
      token, body: { guest_list: Array.from({ length: GUESTS }, (_, index) => ({ name: `Door guest ${index}` })) },
    }));
    const guests = added.body.data as { id: string }[];
    const codes: string[] = [];
    for (const guest of guests) {
      await expectStatus(200, context.api('POST', `/api/guests/${guest.id}/rsvp`, { token, body: { status: 'yes' } }));
      codes.push((await expectStatus(200, context.api('POST', `/api/guests/${guest.id}/check-in-code`, { token }))).body.data.check_in_code as string);
    }
    const scan = (index: number) => expectStatus(200, context.api('POST', `/api/events/${access.eventId}/check-ins`, { token, body: { code: codes[index], device_id: 'bench' } }));
    const guestKeyOf = (index: number) => (guests[index] as { id: string }).id;
    return [
      await context.measureEndpoint(
        'POST /api/events/{id}/check-ins (first scan)',
        GUESTS,
        scan,
        (index) => rawCheckIn(context, access, guestKeyOf(index)),
        'access+guest+seat BatchGetItem, ONE TransactWriteItems (guest, counter, audit), subscribers Query',
        undefined,
        undefined,
        3,
      ),
      await context.measureEndpoint(
        'POST /api/events/{id}/check-ins (repeat scan)',
        GUESTS,
        scan,
        () => rawAccessRead(context, access),
        'access+guest+seat BatchGetItem only: a repeat changes nothing',
        undefined,
        undefined,
        1,
      ),
    ];
  },
};
