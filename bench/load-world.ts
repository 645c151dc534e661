import { decodeJwt } from 'jose';
import type { BenchContext } from './scenario.ts';

/**
 * The data the load phase and the soak send traffic to: one organizer with a list of events, and one
 * event with guests (each with an invitation code), budget items and a timeline. Sizes grow with the
 * number of connections so concurrent writes land on different items (no version conflicts by design).
 */
export type LoadWorld = {
  token: string;
  access: { sessionId: string; eventId: string; userId: string };
  guests: { id: string; code: string }[];
  budgetItemIds: string[];
};

export type WorldSizes = { events: number; guests: number; budgetItems: number; timelineItems: number };

export const worldSizesFor = (connections: number): WorldSizes => ({
  events: 20,
  guests: Math.max(200, connections * 8),
  budgetItems: Math.max(40, connections * 4),
  timelineItems: 20,
});

const categories = ['venue', 'catering', 'entertainment', 'decor', 'attire', 'photography'];

export async function seedLoadWorld(context: BenchContext, sizes: WorldSizes): Promise<LoadWorld> {
  const { api } = context;
  const { token, userId } = await context.signUp();
  const expect = (what: string, status: number, wanted: number, body: unknown) => {
    if (status !== wanted) throw new Error(`seeding ${what} answered ${status}: ${JSON.stringify(body)}`);
  };
  for (let index = 1; index < sizes.events; index += 1) {
    const other = await api('POST', '/api/events', { token, body: { name: `Load event ${index}`, event_date: '2031-05-01T18:00:00Z', event_type: 'party' } });
    expect('an event', other.status, 201, other.body);
  }
  const created = await api('POST', '/api/events', {
    token,
    body: { name: 'Load wedding', event_date: '2031-06-20T18:00:00Z', event_type: 'wedding', budget_total: 250_000, currency: 'USD' },
  });
  expect('the event', created.status, 201, created.body);
  const eventId = String(created.body.data.id);
  const guests: LoadWorld['guests'] = [];
  for (let offset = 0; offset < sizes.guests; offset += 1000) {
    const guestList = Array.from({ length: Math.min(1000, sizes.guests - offset) }, (_, index) => ({
      name: `Load guest ${offset + index}`,
      email: `load.guest.${offset + index}@example.com`,
    }));
    const added = await api('POST', `/api/events/${eventId}/guests`, { token, body: { guest_list: guestList } });
    expect('guests', added.status, 201, added.body);
    guests.push(...(added.body.data as { id: string; invitation_code: string }[]).map((guest) => ({ id: guest.id, code: guest.invitation_code })));
  }
  const budgetItemIds: string[] = [];
  for (let index = 0; index < sizes.budgetItems; index += 1) {
    const item = await api('POST', `/api/events/${eventId}/budget/items`, {
      token,
      body: { category: categories[index % categories.length], description: `Load item ${index}`, estimated_cost: 100 + index },
    });
    expect('a budget item', item.status, 201, item.body);
    budgetItemIds.push(String(item.body.data.id));
  }
  for (let index = 0; index < sizes.timelineItems; index += 1) {
    const task = await api('POST', `/api/events/${eventId}/timeline`, {
      token,
      body: { title: `Load task ${index}`, due_date: `2031-0${1 + (index % 5)}-${String(1 + (index % 28)).padStart(2, '0')}`, duration_days: 1 },
    });
    expect('a timeline item', task.status, 201, task.body);
  }
  return { token, access: { sessionId: String(decodeJwt(token).sid), eventId, userId }, guests, budgetItemIds };
}
