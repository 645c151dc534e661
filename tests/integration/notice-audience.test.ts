import { describe, expect, it } from 'vitest';
import { signedInUser } from '../support/signed-in-user.ts';
import { api, createEvent, weddingInput } from './events-fixtures.ts';
import { addGuests, guestsApi } from './guests-fixtures.ts';
import { addressOf, emailsFor, invitationsApi, runSender, uniqueTag } from './invitations-fixtures.ts';

/**
 * Who hears of a change, a cancellation or a deletion (docs/notices.md): every guest in contact with the
 * hosts (invited, or holding an answer the guest or a planner entered), by the kind's rule on the answer.
 */
async function eventWithEveryKindOfGuest() {
  const planner = await signedInUser();
  const event = await createEvent(planner, { ...weddingInput, event_date: '2031-06-20T17:00:00Z' });
  const tag = uniqueTag();
  const address = (name: string) => `${name}.${tag}@example.com`;
  const [invited, enteredYes, enteredNo, enteredMaybe] = await addGuests(planner, event.id, [
    { name: 'Invited', email: address('invited') },
    { name: 'Entered Yes', email: address('entered-yes') },
    { name: 'Entered No', email: address('entered-no') },
    { name: 'Entered Maybe', email: address('entered-maybe') },
    { name: 'Silent', email: address('silent') },
  ]);
  expect((await invitationsApi(planner, 'POST', `/api/events/${event.id}/invitations`, { guest_ids: [invited.id] })).status).toBe(202);
  for (const [guest, status] of [[enteredYes, 'yes'], [enteredNo, 'no'], [enteredMaybe, 'maybe']] as const) {
    expect((await guestsApi(planner, 'POST', `/api/guests/${guest.id}/rsvp`, { body: { status } })).status).toBe(200);
  }
  await runSender();
  return { planner, eventId: event.id as string, tag, address, enteredYes };
}

const recipientsOf = async (tag: string, subjectStart: string) =>
  (await emailsFor(tag)).filter((email) => email.subject.startsWith(subjectStart)).map((email) => addressOf(email.destination.to[0] ?? '')).sort();

describe('notices to guests', () => {
  it('tells every guest in contact of a cancellation, guests whose answer a planner entered included', async () => {
    const { planner, eventId, tag, address } = await eventWithEveryKindOfGuest();

    const cancelled = await api(planner, 'PUT', `/api/events/${eventId}`, { body: { status: 'cancelled' } });
    await runSender();

    expect(cancelled.status).toBe(200);
    expect(await recipientsOf(tag, 'Cancelled:')).toEqual(['entered-maybe', 'entered-no', 'entered-yes', 'invited'].map(address));
  });

  it('tells every guest in contact of a deletion, from the snapshot taken before the guests go', async () => {
    const { planner, eventId, tag, address } = await eventWithEveryKindOfGuest();

    const deleted = await api(planner, 'DELETE', `/api/events/${eventId}`);
    await runSender();

    expect(deleted.status).toBe(200);
    expect(await recipientsOf(tag, 'Cancelled:')).toEqual(['entered-maybe', 'entered-no', 'entered-yes', 'invited'].map(address));
  });

  it('tells a new date or place to guests in contact who may still come, never to one who declined', async () => {
    const { planner, eventId, tag, address } = await eventWithEveryKindOfGuest();

    const changed = await api(planner, 'PUT', `/api/events/${eventId}`, { body: { event_date: '2031-07-04T16:00:00Z', location_name: 'The Barn' } });
    await runSender();

    expect(changed.status).toBe(200);
    expect(await recipientsOf(tag, 'Changed:')).toEqual(['entered-maybe', 'entered-yes', 'invited'].map(address));
  });

  it('tells a removed guest whose answer a planner entered that they were removed', async () => {
    const { planner, tag, address, enteredYes } = await eventWithEveryKindOfGuest();

    const removed = await guestsApi(planner, 'DELETE', `/api/guests/${enteredYes.id}`);
    await runSender();

    expect(removed.status).toBe(200);
    expect(await recipientsOf(tag, 'Update about')).toEqual([address('entered-yes')]);
  });
});
