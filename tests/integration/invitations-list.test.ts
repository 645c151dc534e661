import { describe, expect, it } from 'vitest';
import { signedInUser } from '../support/signed-in-user.ts';
import { createEvent, weddingInput } from './events-fixtures.ts';
import { addGuests } from './guests-fixtures.ts';
import { invitationsApi, uniqueTag } from './invitations-fixtures.ts';

/** GET /api/events/{id}/invitations a page at a time: batches newest first, a batch's rows by guest id. */
async function eventWithBatches(batchCount: number, guestCount: number) {
  const planner = await signedInUser();
  const event = await createEvent(planner, { ...weddingInput, event_date: '2031-06-20T17:00:00Z' });
  const tag = uniqueTag();
  const guests = await addGuests(planner, event.id, Array.from({ length: guestCount }, (_, index) => ({ name: `Guest ${index}`, email: `g${index}.${tag}@example.com` })));
  const batchIds: string[] = [];
  for (let index = 0; index < batchCount; index += 1) {
    const queued = await invitationsApi(planner, 'POST', `/api/events/${event.id}/invitations`, { send_date: '2031-01-01T09:00:00Z', resend: true });
    expect(queued.status).toBe(202);
    batchIds.push(queued.body.data.id);
  }
  const list = (query: Record<string, string>) => invitationsApi(planner, 'GET', `/api/events/${event.id}/invitations`, undefined, query);
  return { eventId: event.id as string, guests, batchIds, list };
}

describe('the invitations list', () => {
  it('pages batches newest first, each with its tallies and no rows', async () => {
    const { batchIds, list } = await eventWithBatches(3, 2);

    const first = await list({ limit: '2' });
    const second = await list({ limit: '2', cursor: first.body.meta.next_cursor });

    expect(first.status).toBe(200);
    expect(first.body.data.map((batch: { id: string }) => batch.id)).toEqual([batchIds[2], batchIds[1]]);
    expect(first.body.data[0]).toMatchObject({ status: 'scheduled', queued: 2, sent: 0 });
    expect(first.body.data[0]).not.toHaveProperty('recipients');
    expect(first.body.meta).toMatchObject({ count: 2, next_cursor: expect.any(String) });
    expect(second.body.data.map((batch: { id: string }) => batch.id)).toEqual([batchIds[0]]);
    expect(second.body.meta).toMatchObject({ count: 1, next_cursor: null });
  });

  it("pages one batch's rows by guest id, with the batch in meta", async () => {
    const { guests, batchIds, list } = await eventWithBatches(1, 5);
    const batchId = batchIds[0] as string;

    const first = await list({ batch_id: batchId, limit: '3' });
    const second = await list({ batch_id: batchId, limit: '3', cursor: first.body.meta.next_cursor });

    const listed = [...first.body.data, ...second.body.data];
    expect(listed.map((row: { guest_id: string }) => row.guest_id)).toEqual(guests.map((guest: { id: string }) => guest.id).sort());
    expect(listed[0]).toMatchObject({ batch_id: batchId, status: 'queued', guest_name: expect.stringMatching(/^Guest /), rsvp_status: 'pending', sent_at: null });
    expect(first.body.meta).toMatchObject({ count: 3, next_cursor: expect.any(String), batch: { id: batchId, queued: 5 } });
    expect(second.body.meta).toMatchObject({ count: 2, next_cursor: null });
  });

  it('refuses a cursor of another list, a forged cursor and a batch that is not the event’s', async () => {
    const { batchIds, list } = await eventWithBatches(2, 2);
    const batchesCursor = (await list({ limit: '1' })).body.meta.next_cursor as string;
    const rowsCursor = (await list({ batch_id: batchIds[0] as string, limit: '1' })).body.meta.next_cursor as string;
    const other = await eventWithBatches(1, 1);

    const rowsWithBatchesCursor = await list({ batch_id: batchIds[0] as string, cursor: batchesCursor });
    const otherBatchRows = await list({ batch_id: batchIds[1] as string, cursor: rowsCursor });
    const forged = await list({ cursor: Buffer.from(JSON.stringify({ pk: 'EVENT#x', sk: 'INVITATION#y' })).toString('base64url') });
    const foreignBatch = await list({ batch_id: other.batchIds[0] as string });

    expect(rowsWithBatchesCursor.status).toBe(400);
    expect(otherBatchRows.status).toBe(400);
    expect(forged.status).toBe(400);
    expect(forged.body.code).toBe('invalid_cursor');
    expect(foreignBatch.status).toBe(404);
  });
});
