import { describe, expect, it } from 'vitest';
import { fakeApi, json, registration, signedIn } from './fake-api.ts';

/** Cursor pagination as an async iterator: follows meta.next_cursor, keeps the filters, fetches lazily. */
const pages: Record<string, { ids: string[]; next: string | null }> = {
  first: { ids: ['g1', 'g2'], next: 'c2' },
  c2: { ids: ['g3', 'g4'], next: 'c3' },
  c3: { ids: ['g5'], next: null },
};

function listServer() {
  return fakeApi((request) => {
    if (request.path === '/api/auth/register') return signedIn('access-1', 'refresh-1');
    const page = pages[request.query.get('cursor') ?? 'first'];
    return json(200, { data: page?.ids.map((id) => ({ id, name: `Guest ${id}` })), meta: { count: page?.ids.length, next_cursor: page?.next } });
  });
}

describe('client pagination', () => {
  it('yields every item of every page, passing the cursor and keeping the query', async () => {
    const server = listServer();
    const client = server.client();
    await client.signUp(registration);

    const ids: string[] = [];
    for await (const guest of client.paginate('/api/events/{id}/guests', { params: { path: { id: 'e1' }, query: { rsvp_status: 'yes', limit: 2 } } })) ids.push(guest.id);

    const lists = server.sent.filter((request) => request.path === '/api/events/e1/guests');
    expect(ids).toEqual(['g1', 'g2', 'g3', 'g4', 'g5']);
    expect(lists.map((request) => request.query.get('cursor'))).toEqual([null, 'c2', 'c3']);
    expect(lists.every((request) => request.query.get('rsvp_status') === 'yes' && request.query.get('limit') === '2')).toBe(true);
  });

  it('fetches the next page only when iteration reaches it', async () => {
    const server = listServer();
    const client = server.client();
    await client.signUp(registration);

    for await (const guest of client.paginate('/api/events/{id}/guests', { params: { path: { id: 'e1' } } })) {
      if (guest.id === 'g1') break;
    }

    expect(server.sent.filter((request) => request.path === '/api/events/e1/guests')).toHaveLength(1);
  });

  it('answers one page with its meta', async () => {
    const server = listServer();
    const client = server.client();
    await client.signUp(registration);

    const page = await client.page('/api/events/{id}/guests', { params: { path: { id: 'e1' } } });

    expect(page.meta.next_cursor).toBe('c2');
    expect(page.data.map((guest) => guest.id)).toEqual(['g1', 'g2']);
  });
});
