import type { Api } from './api.ts';
import { planBudget } from './budget.ts';
import { demoDates } from './dates.ts';
import { uploadDocuments } from './documents.ts';
import { addGuests, queueInvitations, recordAnswers, seatPlan } from './guests.ts';
import { drawPeople } from './people.ts';
import { formTeam, type ReceivedEmail, type SignedIn, signUpOrIn, verifyEmailFromMail } from './team.ts';
import { planChecklist, planTimeline } from './timeline.ts';

/**
 * The demo world, built only through the public HTTP API. Idempotent by "a second run changes nothing":
 * the seed fixes every login, so a second run with the same seed signs in, finds the complete wedding and
 * stops; a run that was interrupted half way finds an incomplete wedding (its documents, the last step,
 * are missing), deletes it and builds it again. Another seed makes a second, separate world.
 */
export type DemoOptions = {
  api: Api;
  seed: number;
  guests: number;
  /** Makes the outbox send what is queued now (locally: one run of the outbox schedule); called until all is sent. */
  sendQueuedEmails: () => Promise<void>;
  /**
   * The emails the SES emulator received for an address, so the demo's people verify their email from
   * the mail like real users; absent (no emulator reachable): they stay unverified, and sending is refused.
   */
  readEmails?: (address: string) => Promise<ReceivedEmail[]>;
  log: (line: string) => void;
};

export type DemoWorld = {
  reused: boolean;
  eventId: string;
  eventName: string;
  users: SignedIn[];
  pendingTeamEmail: string;
  guestRsvpUrl: string | null;
  capacity: number;
  expectedWaitlisted: number;
};

const DOCUMENT_COUNT = 3;
const CHECKLIST_DONE = 6;
// Generous: on a loaded laptop the outbox sends a few emails a second.
const EMAIL_DEADLINE_MS = 600_000;

async function findWedding(api: Api, token: string, name: string): Promise<{ id: string; complete: boolean } | null> {
  const { data: events } = await api.call<Array<{ id: string; name: string }>>('GET', '/api/events?limit=100', { token });
  const found = events.find((event) => event.name === name);
  if (!found) return null;
  const { data: documents } = await api.call<Array<{ uploaded: boolean }>>('GET', `/api/events/${found.id}/documents`, { token });
  return { id: found.id, complete: documents.filter((document) => document.uploaded).length >= DOCUMENT_COUNT };
}

/** Has the outbox send until every invitation is out (its own schedule also runs every minute). */
async function sendInvitations(options: DemoOptions, token: string, eventId: string, queued: number): Promise<void> {
  const deadline = Date.now() + EMAIL_DEADLINE_MS;
  for (;;) {
    await options.sendQueuedEmails();
    // The demo's batches fit one page; each carries its own tallies (no totals across rows since API 0.6.0).
    const { data: batches } = await options.api.call<Array<{ sent: number }>>('GET', `/api/events/${eventId}/invitations?limit=100`, { token });
    const sent = batches.reduce((total, batch) => total + batch.sent, 0);
    if (sent >= queued) return;
    if (Date.now() > deadline) throw new Error(`Only ${sent} of ${queued} invitations were sent within ${EMAIL_DEADLINE_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

export async function buildDemoWorld(options: DemoOptions): Promise<DemoWorld> {
  const { api, log } = options;
  const people = drawPeople(options.seed, options.guests);
  const dates = demoDates();
  const eventName = `${people.couple[0]} & ${people.couple[1]}'s wedding`;
  const seats = seatPlan(people.guests);

  const users = [];
  for (const user of people.users) users.push(await signUpOrIn(api, user));
  const readEmails = options.readEmails;
  if (readEmails) {
    for (const user of users) await verifyEmailFromMail(api, user, { sendQueuedEmails: options.sendQueuedEmails, readEmails });
  } else log('No SES emulator to read the verification mails from: the demo accounts stay unverified.');
  const [organizer, coordinator, assistant] = users as [SignedIn, SignedIn, SignedIn];
  const world = { eventName, users, pendingTeamEmail: people.pendingTeamEmail, capacity: seats.capacity, expectedWaitlisted: seats.waitlisted };

  const existing = await findWedding(api, organizer.token, eventName);
  if (existing?.complete) {
    log(`The demo world of seed ${options.seed} is already there; nothing changed.`);
    return { ...world, reused: true, eventId: existing.id, guestRsvpUrl: null };
  }
  if (existing) {
    log('An interrupted run left an incomplete wedding: deleting it to build it again.');
    await api.call('DELETE', `/api/events/${existing.id}`, { token: organizer.token });
  }

  log(`Creating "${eventName}" on ${dates.weddingDay} for ${options.guests} guests...`);
  const { data: event } = await api.call('POST', '/api/events', {
    token: organizer.token,
    body: {
      name: eventName, event_type: 'wedding', date: dates.weddingDay, time: '14:00', timezone: 'Europe/Paris',
      location_name: 'Château de Lumière', location_address: '12 Allée des Tilleuls, 37000 Tours, France',
      description: `The wedding of ${people.couple[0]} and ${people.couple[1]}: ceremony in the garden, dinner and dancing.`,
      capacity: seats.capacity, waitlist_enabled: true, currency: 'EUR', rsvp_deadline: 'P42D',
    },
  });
  const eventId: string = event.id;
  await formTeam(api, eventId, organizer, [coordinator, assistant], people.pendingTeamEmail);

  log('Guests and households...');
  const added = await addGuests(api, organizer.token, eventId, people.guests);
  const queued = await queueInvitations(api, organizer.token, eventId);
  log(`Sending ${queued} invitations...`);
  await sendInvitations(options, organizer.token, eventId, queued);
  await recordAnswers(api, coordinator.token, people.guests, added);

  log('Vendors, budget and payments...');
  const budget = await planBudget(api, organizer.token, eventId, `${people.couple[0]} & ${people.couple[1]}`, dates);
  log('Timeline and checklist...');
  await planTimeline(api, coordinator.token, eventId, dates, { coordinator: coordinator.full_name, assistant: assistant.full_name });
  await planChecklist(api, assistant.token, eventId, CHECKLIST_DONE);

  // The answers' confirmations and the budget alert; not waited for.
  await options.sendQueuedEmails();

  // Last, so a world with its documents is a complete one (see findWedding).
  log('Documents...');
  await uploadDocuments(api, assistant.token, eventId, `${people.couple[0]} & ${people.couple[1]}`, budget.vendorIds);

  const pendingPage = added.find((guest, index) => people.guests[index]?.answer === 'pending' && guest.rsvp_url)?.rsvp_url ?? null;
  return { ...world, reused: false, eventId, guestRsvpUrl: pendingPage };
}
