import type { Api } from './api.ts';
import type { DemoGuest } from './people.ts';

/**
 * The guest list and its answers. Answers are recorded in a fixed order, one after another, because the
 * waitlist is a queue: with the capacity below, exactly the last `waitlisted` guests who say yes wait.
 */
export type SeatPlan = { capacity: number; waitlisted: number };

const headcount = (guest: DemoGuest) => 1 + guest.plus_ones;

/** The capacity that seats every yes but the last few (about one in twenty, at least one). */
export function seatPlan(guests: DemoGuest[]): SeatPlan {
  const yes = guests.filter((guest) => guest.answer === 'yes');
  const waitlisted = yes.length < 2 ? 0 : Math.max(1, Math.round(yes.length / 20));
  const capacity = yes.slice(0, yes.length - waitlisted).reduce((seats, guest) => seats + headcount(guest), 0);
  return { capacity: Math.max(capacity, 1), waitlisted };
}

export type AddedGuest = { id: string; rsvp_url: string | null };

/**
 * Adds the whole list in one request; answers the guests in the same order. The ids come from the list
 * itself, by email: a retried request (after a 503 on a loaded machine) skips those already added, and
 * only the added ones come with their RSVP page.
 */
export async function addGuests(api: Api, token: string, eventId: string, guests: DemoGuest[]): Promise<AddedGuest[]> {
  const guestList = guests.map((guest) => ({
    name: guest.name,
    email: guest.email,
    party_name: guest.party_name,
    dietary_restrictions: guest.dietary_restrictions,
    plus_one_allowed: guest.plus_one_allowed,
    ...(guest.plus_one_allowed ? { plus_one_limit: 1 } : {}),
  }));
  const { data: added } = await api.call<Array<{ email: string; rsvp_url: string }>>('POST', `/api/events/${eventId}/guests`, { token, body: { guest_list: guestList } });
  const pages = new Map(added.map((guest) => [guest.email, guest.rsvp_url]));
  const ids = new Map<string, string>();
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = await api.call<Array<{ id: string; email: string }>>('GET', `/api/events/${eventId}/guests?limit=100${query}`, { token });
    for (const guest of page.data) ids.set(guest.email, guest.id);
    cursor = (page.meta?.next_cursor as string | null | undefined) ?? null;
  } while (cursor);
  return guests.map((guest) => {
    const id = ids.get(guest.email);
    if (!id) throw new Error(`${guest.email} is not on the guest list after adding it`);
    return { id, rsvp_url: pages.get(guest.email) ?? null };
  });
}

/** Queues the invitation of every guest; the outbox sender emails them. */
export async function queueInvitations(api: Api, token: string, eventId: string): Promise<number> {
  const { data } = await api.call<{ queued: number }>('POST', `/api/events/${eventId}/invitations`, { token, body: { invitation_template: 'formal' } });
  return data.queued;
}

/** Records each planned answer for the guest, as a planner does for answers given by phone or in person. */
export async function recordAnswers(api: Api, token: string, guests: DemoGuest[], added: AddedGuest[]): Promise<void> {
  for (const [index, guest] of guests.entries()) {
    if (guest.answer === 'pending') continue;
    await api.call('POST', `/api/guests/${added[index]?.id}/rsvp`, {
      token,
      body: { status: guest.answer, ...(guest.answer === 'yes' ? { plus_one_count: guest.plus_ones } : {}) },
    });
  }
}
