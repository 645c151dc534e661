import type { Limits, Mix, ModelInput, Workload } from './capacity.ts';

/**
 * The declared peak the capacity model is run at: a Monday peak hour when one 20,000-guest event sends its
 * invitations, the weekly digests go out, and the rest of the service has its busiest hour. Every number
 * is an assumption, said why next to it; the model's multiples are relative to this profile.
 */

/** Route names as measured by bench/model/measure.ts (or declared in bench/model/declared-costs.ts). */
export const routeNames = {
  rsvpLink: 'GET /rsvp/{code} (the link: 303 to /rsvp)',
  rsvpPage: 'GET /rsvp',
  rsvpAnswer: 'POST /api/rsvp',
  rsvpAnswerChanged: 'POST /api/rsvp (changing an answer)',
  rsvpConsumers: 'bus consumers of one RSVP',
  streamRecord: 'table stream: one domain event',
  invitationQueued: 'POST /api/events/{id}/invitations (per guest)',
  invitationSent: 'outbox: one invitation email',
  login: 'POST /api/auth/login',
  eventsList: 'GET /api/events',
  eventRead: 'GET /api/events/{id}',
  guestPage: 'GET /api/events/{id}/guests',
  budgetItemUpdate: 'PUT /api/budget/items/{id}',
  digest: 'reminders: one weekly digest',
  noticeSent: 'outbox: one notice email',
} as const;

const r = routeNames;

export const population = {
  /** Registered accounts. */
  users: 1_000_000,
  /** Events being planned this month (any activity). */
  activeEvents: 100_000,
  /** The big event's guests. */
  bigEventGuests: 20_000,
};

/** The big event's invitations and answers. */
const bigEvent = {
  /** The queueing request writes its rows as fast as it can; it must finish within API Gateway's 30 s. */
  queueSeconds: 20,
  /** "At once": the outbox sends the whole batch within 10 minutes of the queueing. */
  sendSeconds: 600,
  /** 30% answer within 10 minutes of the send. */
  answeringShare: 0.3,
  answerSeconds: 600,
};

/** Background: the busiest hour of everyone else. */
const background = {
  /** 10% of accounts are signed in during the peak hour... */
  activeUsers: population.users * 0.1,
  /** ...and each makes this many planner requests in it (reads mostly: an event, its guests, the list). */
  requestsPerActiveUser: 30,
  /** A new sign-in per active user in the hour (access tokens last 15 min, refresh keeps most sessions). */
  loginsPerActiveUser: 1,
  /**
   * Guests of all other events answer at 5 per second per 10,000 active events at peak: 150 guests an event
   * over ~30 days of an event's active month, with the peak hour at 4x the mean.
   */
  rsvpsPerSecond: (population.activeEvents / 10_000) * 5,
};

const perHour = (count: number) => count / 3600;
const plannerPerSecond = perHour(background.activeUsers * background.requestsPerActiveUser);
const bigRsvpsPerSecond = (population.bigEventGuests * bigEvent.answeringShare) / bigEvent.answerSeconds;

/** The one big event: every stream naming `gala` lands on its one EVENT# partition. */
const gala = { event: 'the big event' } as const;

export const peakWorkloads: Workload[] = [
  // The big event: invitation rows written, emails sent, pages opened and answers, all on its partition.
  { name: 'big event: invitations queued', route: r.invitationQueued, perSecond: population.bigEventGuests / bigEvent.queueSeconds, keys: gala },
  { name: 'big event: invitations sent', route: r.invitationSent, perSecond: population.bigEventGuests / bigEvent.sendSeconds, keys: { ...gala, guest: population.bigEventGuests } },
  { name: 'big event: RSVP links opened', route: r.rsvpLink, perSecond: bigRsvpsPerSecond },
  { name: 'big event: RSVP pages opened', route: r.rsvpPage, perSecond: bigRsvpsPerSecond, keys: { ...gala, guest: population.bigEventGuests } },
  { name: 'big event: RSVPs', route: r.rsvpAnswer, perSecond: bigRsvpsPerSecond, keys: { ...gala, guest: population.bigEventGuests } },
  // The big event's organizer is one user: the RSVP notifications all go to one USER# partition.
  { name: 'big event: RSVP consumers', route: r.rsvpConsumers, perSecond: bigRsvpsPerSecond, keys: { ...gala, user: 'the big event organizer' } },
  { name: 'big event: RSVPs through the table stream', route: r.streamRecord, perSecond: bigRsvpsPerSecond },
  // Monday digests: one per active event, all within the hour, then one email to each organizer.
  { name: 'Monday digests', route: r.digest, perSecond: perHour(population.activeEvents) },
  { name: 'Monday digest emails', route: r.noticeSent, perSecond: perHour(population.activeEvents) },
  // Everyone else's peak hour: a planner mix (share of the 30 requests) and guests answering elsewhere.
  { name: 'planners: GET event', route: r.eventRead, perSecond: plannerPerSecond * 0.4 },
  { name: 'planners: GET events', route: r.eventsList, perSecond: plannerPerSecond * 0.2 },
  { name: 'planners: guest pages', route: r.guestPage, perSecond: plannerPerSecond * 0.25 },
  { name: 'planners: budget item changes', route: r.budgetItemUpdate, perSecond: plannerPerSecond * 0.15 },
  { name: 'sign-ins', route: r.login, perSecond: perHour(background.activeUsers * background.loginsPerActiveUser) },
  { name: 'other events: RSVP links opened', route: r.rsvpLink, perSecond: background.rsvpsPerSecond },
  { name: 'other events: RSVP pages opened', route: r.rsvpPage, perSecond: background.rsvpsPerSecond },
  { name: 'other events: RSVPs', route: r.rsvpAnswer, perSecond: background.rsvpsPerSecond },
  { name: 'other events: RSVP consumers', route: r.rsvpConsumers, perSecond: background.rsvpsPerSecond },
  { name: 'other events: RSVPs through the table stream', route: r.streamRecord, perSecond: background.rsvpsPerSecond },
];

export const limits: Limits = {
  partitionWcuPerSecond: 1_000,
  partitionRcuPerSecond: 3_000,
  /** Default account quota per region. */
  lambdaConcurrency: 1_000,
  /** A production SES account starts at 14/s; raised on request (assumed asked for: 200/s). */
  sesSendsPerSecond: 200,
  /** API Gateway's default account throttle per region. */
  apiRequestsPerSecond: 10_000,
};

/** How many keys each scope spreads over when a stream does not say (a guest, an address: one per RSVP). */
export const peakPopulation: ModelInput['population'] = {
  event: population.activeEvents,
  user: population.users,
  guest: population.users * 10,
  address: population.users * 10,
  session: population.users,
  item: Number.POSITIVE_INFINITY,
};

/**
 * One guest's answer: the invitation's link (which only redirects), the page it opens, the answer, the
 * table stream's consumer that publishes its domain event, and the bus consumers of that event.
 */
export const oneRsvp: Mix = [
  { route: r.rsvpLink, count: 1 },
  { route: r.rsvpPage, count: 1 },
  { route: r.rsvpAnswer, count: 1 },
  { route: r.streamRecord, count: 1 },
  { route: r.rsvpConsumers, count: 1 },
];

/**
 * One active event's month: 150 guests invited (one email each), two thirds of them answer, its planners'
 * requests (two planners, a few sessions a week), four Monday digests.
 */
export const activeEventMonth: Mix = [
  { route: r.invitationQueued, count: 150 },
  { route: r.invitationSent, count: 150 },
  ...oneRsvp.map((step) => ({ ...step, count: 100 })),
  { route: r.eventRead, count: 300 },
  { route: r.eventsList, count: 150 },
  { route: r.guestPage, count: 200 },
  { route: r.budgetItemUpdate, count: 60 },
  { route: r.login, count: 20 },
  { route: r.digest, count: 4 },
  { route: r.noticeSent, count: 4 },
];

/** Stored per active event (its items, rows, audit and indexes; 150 guests at ~1 KB with their rows). */
export const storedGbPerActiveEvent = 0.0005;
