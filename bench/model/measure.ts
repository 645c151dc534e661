import { runOutbox } from '../../functions/outbox/run.ts';
import { consumerNeeds, groupNeeds, scheduleNeeds } from '../../infra/function-needs.ts';
import { createLogger } from '../../shared/logger.ts';
import { invitationCodeHeader, rsvpPageCookie } from '../api.ts';
import { type LoadWorld, seedLoadWorld } from '../load-world.ts';
import type { Meter } from '../meter.ts';
import type { BenchContext } from '../scenario.ts';
import { mixTouches, type RouteCost } from './capacity.ts';
import { routeNames } from './profile.ts';
import type { Touch } from './touches.ts';

/**
 * `npm run bench -- --model`, its measuring half: each route of the peak profile run against DynamoDB
 * Local through the local server, with the meter recording calls and capacity by partition-key family
 * (ReturnConsumedCapacity=INDEXES). Durations are wall time here: a proxy for Lambda's, noisy, for the
 * concurrency estimate only.
 */
const REQUESTS = 20;
const GUESTS = 200;
const quiet = createLogger({ component: 'bench' }, 'silent');

/** The domain events a request publishes to the bus (EventBridge PutEvents entries): one per change. */
const BUS_EVENTS: Record<string, number> = { [routeNames.rsvpAnswer]: 1, [routeNames.budgetItemUpdate]: 1 };

type Share = { calls: number; touches: Map<string, Touch> };

const perRequest = (share: Share, count: number): Pick<RouteCost, 'calls' | 'touches'> => ({
  calls: round(share.calls / count),
  touches: [...share.touches.values()].map((touch) => ({ ...touch, units: round(touch.units / count, 3) })).sort((a, b) => b.units - a.units),
});

const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

export type MeasureStack = { apiPort: string; eventBusIdle: () => Promise<void> };

export async function measureRouteCosts(context: BenchContext, stack: MeasureStack): Promise<{ costs: RouteCost[]; world: LoadWorld }> {
  const { api, meter } = context;
  const world = await seedLoadWorld(context, { events: 20, guests: GUESTS, budgetItems: 20, timelineItems: 5 });
  const { token } = world;
  const { eventId } = world.access;
  const costs: RouteCost[] = [];
  const own = (m: Meter): Share => m.byServerPort[stack.apiPort] ?? { calls: 0, touches: new Map() };
  /** Runs `count` requests one after another and records the route's own share of the meter. */
  const route = async (name: string, fn: string, count: number, request: (index: number) => Promise<{ status: number }>, expected: number) => {
    meter.reset();
    const started = performance.now();
    for (let index = 0; index < count; index += 1) {
      const response = await request(index);
      if (response.status !== expected) throw new Error(`${name} answered ${response.status}`);
    }
    const durationMs = (performance.now() - started) / count;
    await stack.eventBusIdle();
    const mine = own(meter);
    costs.push({
      route: name, fn, source: 'measured', ...perRequest(mine, count), durationMs: round(durationMs),
      memoryMb: memoryOf(fn), emails: 0, busEvents: BUS_EVENTS[name] ?? 0, viaApi: true,
    });
    return { calls: meter.calls - mine.calls, touches: subtract(meter.touches, mine.touches) };
  };

  // Invitations first, as in life: a guest answers an invitation that was sent, so the answers below are
  // measured on guests carrying their invitation's fields (a bigger item: more units in every index that
  // projects it). The queueing request per guest, then the outbox sender per email (a job, not a route).
  await route(routeNames.invitationQueued, 'invitations', 1, () => api('POST', `/api/events/${eventId}/invitations`, { token, body: { invitation_template: 'formal' } }), 202);
  const queued = costs.pop() as RouteCost;
  costs.push({ ...queued, ...perRequest(own(meter), GUESTS), durationMs: round(queued.durationMs / GUESTS, 3) });
  meter.reset();
  const started = performance.now();
  const run = await runOutbox({ now: new Date(), deadline: Date.now() + 10 * 60_000, log: quiet });
  if (run.invitations_sent !== GUESTS) throw new Error(`sent ${run.invitations_sent} of ${GUESTS}`);
  costs.push({
    route: routeNames.invitationSent, fn: 'outbox', source: 'measured', ...perRequest({ calls: meter.calls, touches: meter.touches }, GUESTS),
    durationMs: round((performance.now() - started) / GUESTS), memoryMb: memoryOf('outbox'), emails: 1, busEvents: 0, viaApi: false,
  });
  const guest = (index: number) => world.guests[index % world.guests.length] as { id: string; code: string };
  await route(routeNames.rsvpPage, 'rsvp', REQUESTS, (index) => api('GET', '/rsvp', { headers: rsvpPageCookie(guest(index).code) }), 200);
  const consumers = await route(routeNames.rsvpAnswer, 'rsvp', REQUESTS, (index) => api('POST', '/api/rsvp', { headers: invitationCodeHeader(guest(index).code), body: { status: 'yes' } }), 200);
  costs.push({
    route: routeNames.rsvpConsumers, fn: 'notify + realtime-push', source: 'measured', ...perRequest(consumers, REQUESTS),
    // Not timed here (they run on the in-process bus): two short invocations, one per rule, 60 ms in all.
    durationMs: 60, memoryMb: memoryOf('notify'), emails: 0, busEvents: 0, viaApi: false, invocations: 2,
  });
  // Not in the profile (its answers are first answers); measured beside the first answer to compare.
  await route(routeNames.rsvpAnswerChanged, 'rsvp', REQUESTS, (index) => api('POST', '/api/rsvp', { headers: invitationCodeHeader(guest(index).code), body: { status: 'no' } }), 200);
  await route(routeNames.eventRead, 'events', REQUESTS, () => api('GET', `/api/events/${eventId}`, { token }), 200);
  await route(routeNames.eventsList, 'events', REQUESTS, () => api('GET', '/api/events?limit=20', { token }), 200);
  await route(routeNames.guestPage, 'guests', REQUESTS, () => api('GET', `/api/events/${eventId}/guests?limit=50`, { token }), 200);
  await route(routeNames.budgetItemUpdate, 'budget', REQUESTS, (index) =>
    api('PUT', `/api/budget/items/${world.budgetItemIds[index % world.budgetItemIds.length]}`, { token, body: { actual_cost: 100 + index } }), 200);
  const { username } = await context.signUp();
  await route(routeNames.login, 'auth', 5, () => api('POST', '/api/auth/login', { body: { username, password: 'correct horse battery staple' } }), 200);

  return { costs, world };
}

function subtract(all: Map<string, Touch>, part: Map<string, Touch>): Map<string, Touch> {
  const rest = new Map<string, Touch>();
  for (const [key, touch] of all) {
    const units = touch.units - (part.get(key)?.units ?? 0);
    if (units > 1e-9) rest.set(key, { ...touch, units });
  }
  return rest;
}

/** The memory the stack gives a function (infra/function-needs.ts): Lambda bills GB-s by it. */
export function memoryOf(fn: string): number {
  const needs: Record<string, { memorySize: number }> = { ...groupNeeds, ...scheduleNeeds, ...consumerNeeds };
  const found = needs[fn];
  if (!found) throw new Error(`No function needs for ${fn}`);
  return found.memorySize;
}

export type MixCheck = { index: string; family: string; op: string; modelled: number; measured: number };

/**
 * The model checked against DynamoDB Local: a mix of the measured routes sent at once to the world they
 * were measured on (10 first answers, 10 event reads, 5 budget changes, 5 guest pages), its capacity
 * per family as measured next to the sum the model makes of the per-route costs. Consumers included.
 */
export async function checkMixAgainstModel(context: BenchContext, stack: MeasureStack, costs: RouteCost[], world: LoadWorld): Promise<MixCheck[]> {
  const { api, meter } = context;
  const { token } = world;
  const budgetItemIds = world.budgetItemIds.slice(0, 5);
  const { eventId } = world.access;
  meter.reset();
  // First answers, as the per-route cost measured them: guests the measuring run left unanswered.
  const guest = (index: number) => world.guests[REQUESTS + index] as { code: string };
  const responses = await Promise.all([
    ...Array.from({ length: 10 }, (_, index) => api('POST', '/api/rsvp', { headers: invitationCodeHeader(guest(index).code), body: { status: 'yes' } })),
    ...Array.from({ length: 10 }, () => api('GET', `/api/events/${eventId}`, { token })),
    ...budgetItemIds.map((id, index) => api('PUT', `/api/budget/items/${id}`, { token, body: { actual_cost: 50 + index } })),
    ...Array.from({ length: 5 }, () => api('GET', `/api/events/${eventId}/guests?limit=50`, { token })),
  ]);
  await stack.eventBusIdle();
  const failed = responses.filter((response) => response.status !== 200);
  if (failed.length > 0) throw new Error(`the mix had ${failed.length} failed requests (${failed.map((response) => response.status).join(', ')})`);
  const modelled = mixTouches([
    { route: routeNames.rsvpAnswer, count: 10 },
    { route: routeNames.rsvpConsumers, count: 10 },
    { route: routeNames.eventRead, count: 10 },
    { route: routeNames.budgetItemUpdate, count: budgetItemIds.length },
    { route: routeNames.guestPage, count: 5 },
  ], costs);
  const rows = new Map<string, MixCheck>();
  for (const touch of modelled) rows.set(`${touch.index} ${touch.family} ${touch.op}`, { index: touch.index, family: touch.family, op: touch.op, modelled: touch.units, measured: 0 });
  for (const [key, touch] of meter.touches) {
    const row = rows.get(key) ?? { index: touch.index, family: touch.family, op: touch.op, modelled: 0, measured: 0 };
    row.measured = round(touch.units, 3);
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => b.measured - a.measured);
}
