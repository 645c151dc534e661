import { expectStatus, invitationCodeHeader } from '../api.ts';
import { rawPartyRsvp } from '../raw-calls.ts';
import type { BenchScenario } from '../scenario.ts';

/**
 * Issue 17: a party's answer (POST /api/party-rsvp), a party of 4 all saying yes, seated as one decision in
 * ONE TransactWriteItems. The raw comparison makes the same calls directly: the code GetItem, the event and
 * party BatchGetItem, the members' BatchGetItem and one transaction of the same size (rawPartyRsvp).
 */
const PARTIES = 25;
const MEMBERS = 4;

export const partiesScenario: BenchScenario = {
  name: 'parties',
  run: async (context) => {
    const { token } = await context.signUp();
    const event = await context.api('POST', '/api/events', { token, body: { name: 'Bench family wedding', event_date: '2031-06-20T18:00:00Z', event_type: 'wedding', capacity: 5000 } });
    const eventId = event.body.data.id as string;
    const added = await context.api('POST', `/api/events/${eventId}/guests`, {
      token, body: { guest_list: Array.from({ length: PARTIES * MEMBERS }, (_, index) => ({ name: `Member ${index}` })) },
    });
    const memberIds = (added.body.data as { id: string }[]).map((guest) => guest.id);
    const parties: { code: string; id: string; members: string[] }[] = [];
    for (let index = 0; index < PARTIES; index += 1) {
      const members = memberIds.slice(index * MEMBERS, (index + 1) * MEMBERS);
      const made = await context.api('POST', `/api/events/${eventId}/parties`, { token, body: { name: `Family ${index}`, member_ids: members } });
      parties.push({ code: made.body.data.invitation_code, id: made.body.data.id, members });
    }
    const party = (index: number) => parties[index] as { code: string; id: string; members: string[] };
    return [
      await context.measureEndpoint(
        `POST /api/party-rsvp (a party of ${MEMBERS}, all yes)`,
        PARTIES,
        (index) => expectStatus(200, context.api('POST', '/api/party-rsvp', {
          headers: invitationCodeHeader(party(index).code), body: { members: party(index).members.map((id) => ({ guest_id: id, status: 'yes' })) },
        })),
        (index) => rawPartyRsvp(context, eventId, party(index).id, party(index).members),
        'code GetItem, event+party BatchGetItem, members BatchGetItem, ONE TransactWriteItems (event, party check, per member: guest, audit, notice), then one published mark per member\'s audit entry, in parallel',
        undefined,
        undefined,
        // The answer's 4 calls and one domain-event published mark per member (shared/events/publish.ts).
        4 + MEMBERS,
      ),
    ];
  },
};
