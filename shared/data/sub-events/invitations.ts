import type { Problem } from '../../domain/questions/definitions.ts';
import {
  freesSeats, newInvitation, planInvitationSet, planSubEventAnswers, type SubEventAnswer, type SubEventInvitation, type SubEventRecord,
} from '../../domain/sub-events/rules.ts';
import { ServiceUnavailableError } from '../../http/errors.ts';
import { leavesSubEventSeats } from '../../domain/seating/rules.ts';
import { releaseSeatsOfGuest } from '../seating/release.ts';
import { batchGetAll } from '../collection.ts';
import { childKeys, subEventKeys } from '../keys.ts';
import type { TransactItem } from '../transact.ts';
import { droppedAnswerWrites } from '../questions/sub-event-answers.ts';
import { type InvitationChange, invitationsOfGuest, listSubEvents, promoteSubEventWaitlist, writeInvitationChanges } from './records.ts';

/**
 * Inviting guests to sub-events and recording their answers: plan from a read, write in one transaction
 * (writeInvitationChanges), and when the write finds an invitation or a seat count changed since, read
 * and plan again. After a write that freed seats, the sub-event's waitlist moves up.
 */
const MAX_ATTEMPTS = 20;

const stepAside = (tries: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(1_000, 10 * 2 ** tries)));

/**
 * Runs a sub-event's waitlist after a change that freed seats or joined its queue (whatever the read said
 * about the queue: a guest joining it while another leaves is seated by whichever of the two runs last).
 */
async function promoteWhereFreed(eventId: string, changes: InvitationChange[], subEvents: SubEventRecord[], now: string): Promise<void> {
  const queued = new Set(subEvents.filter((subEvent) => subEvent.waitlist_enabled).map((subEvent) => subEvent.id));
  const moved = new Set(changes.filter((change) => freesSeats(change.before, change.after) || change.after?.status === 'waitlisted')
    .map((change) => (change.after ?? change.before as SubEventInvitation).sub_event_id));
  for (const id of moved) if (queued.has(id)) await promoteSubEventWaitlist(eventId, id, now);
}

/**
 * After a change that took guests out of a sub-event (a no, an uninvitation, fewer seats in their answer):
 * the seats they held at its tables are freed and the organizer told, as after a no to the event
 * (docs/seating.md, "Per sub-event"). The notification's id is the change's (the invitations' versions
 * left), so a second run of the same change tells nobody twice.
 */
async function releaseWhereLeft(eventId: string, changes: InvitationChange[], now: string): Promise<void> {
  const left = new Map<string, string[]>();
  for (const change of changes) {
    if (!change.before || !leavesSubEventSeats(change.before, change.after)) continue;
    left.set(change.before.guest_id, [...(left.get(change.before.guest_id) ?? []), `${change.before.sub_event_id}.${change.before.version}`]);
  }
  await Promise.all([...left].map(([guestId, marks]) => releaseSeatsOfGuest({ eventId, guestId, domainEventId: `sub-event.${guestId}.${marks.sort().join('.')}`, now: new Date(now) })));
}

/** After invitation changes committed elsewhere (a guest's plus-ones, shared/data/sub-events/headcounts.ts): the waitlists move and seats at the tables are freed. */
export async function afterInvitationChanges(eventId: string, changes: InvitationChange[], subEvents: SubEventRecord[], now: string): Promise<void> {
  await Promise.all([promoteWhereFreed(eventId, changes, subEvents, now), releaseWhereLeft(eventId, changes, now)]);
}

export type SetOutcome = { outcome: 'saved'; invitations: SubEventInvitation[]; subEvents: SubEventRecord[] } | { outcome: 'invalid'; problems: Problem[] } | { outcome: 'gone' };

/** PUT /api/guests/{id}/sub-events: the guest invited to exactly these sub-events. */
export async function setGuestSubEvents(
  eventId: string,
  guestId: string,
  wanted: string[],
  context: { headcount: number; now: string; alsoWrite: (changes: InvitationChange[]) => TransactItem[] },
): Promise<SetOutcome> {
  for (let tries = 0; tries < MAX_ATTEMPTS; tries += 1) {
    const [current, subEvents] = await Promise.all([invitationsOfGuest(eventId, guestId), listSubEvents(eventId)]);
    const plan = planInvitationSet(current, wanted, subEvents.map((subEvent) => subEvent.id), { eventId, guestId, headcount: context.headcount });
    if (plan.outcome === 'invalid') return plan;
    const after = () => [...current.filter((invitation) => wanted.includes(invitation.sub_event_id)), ...plan.changes.flatMap((change) => (change.after ? [change.after] : []))];
    if (plan.changes.length === 0) return { outcome: 'saved', invitations: after(), subEvents };
    const drops = await droppedAnswerWrites(eventId, plan.changes, context.now);
    const outcome = await writeInvitationChanges(eventId, plan.changes, { guestIds: [guestId] }, [...context.alsoWrite(plan.changes), ...drops]).catch(contended);
    if (outcome === 'gone') return { outcome: 'gone' };
    if (outcome === 'saved') {
      await Promise.all([promoteWhereFreed(eventId, plan.changes, subEvents, context.now), releaseWhereLeft(eventId, plan.changes, context.now)]);
      return { outcome: 'saved', invitations: after(), subEvents };
    }
    await stepAside(tries);
  }
  throw new ServiceUnavailableError(1);
}

const contended = (error: unknown): 'stale' => {
  if (error instanceof ServiceUnavailableError) return 'stale';
  throw error;
};

export type BulkOutcome = { outcome: 'saved'; invited: number; removed: number } | { outcome: 'unknown_guests'; guestIds: string[] } | { outcome: 'gone' };

/** POST /api/sub-events/{id}/guests: guests invited to (add) and removed from (remove) one sub-event, in one transaction. */
export async function changeSubEventGuests(
  subEvent: SubEventRecord,
  add: string[],
  remove: string[],
  context: { now: string; headcountOf: (guest: Record<string, unknown>) => number; alsoWrite: (changes: InvitationChange[]) => TransactItem[] },
): Promise<BulkOutcome> {
  const eventId = subEvent.event_id;
  const adding = [...new Set(add)];
  const removing = [...new Set(remove)].filter((id) => !adding.includes(id));
  for (let tries = 0; tries < MAX_ATTEMPTS; tries += 1) {
    const [guests, invitationItems] = await Promise.all([
      batchGetAll(adding.map((guestId) => childKeys.item('guest', eventId, guestId))),
      batchGetAll([...adding, ...removing].map((guestId) => subEventKeys.invitation(eventId, guestId, subEvent.id))),
    ]);
    const found = new Map(guests.map((guest) => [String(guest.id), guest]));
    const unknown = adding.filter((id) => !found.has(id));
    if (unknown.length > 0) return { outcome: 'unknown_guests', guestIds: unknown };
    const held = new Map(invitationItems.map((item) => [String(item.guest_id), item as unknown as SubEventInvitation]));
    const changes: InvitationChange[] = [
      ...adding.filter((id) => !held.has(id)).map((id) => ({ before: null, after: newInvitation(eventId, id, subEvent.id, context.headcountOf(found.get(id) as Record<string, unknown>)) })),
      ...removing.flatMap((id) => (held.has(id) ? [{ before: stripKeys(held.get(id) as SubEventInvitation), after: null }] : [])),
    ];
    const invited = changes.filter((change) => change.after).length;
    if (changes.length === 0) return { outcome: 'saved', invited: 0, removed: 0 };
    const drops = await droppedAnswerWrites(eventId, changes, context.now);
    const outcome = await writeInvitationChanges(eventId, changes, { guestIds: adding.filter((id) => !held.has(id)) }, [...context.alsoWrite(changes), ...drops]).catch(contended);
    if (outcome === 'gone') return { outcome: 'gone' };
    if (outcome === 'saved') {
      await Promise.all([promoteWhereFreed(eventId, changes, [subEvent], context.now), releaseWhereLeft(eventId, changes, context.now)]);
      return { outcome: 'saved', invited, removed: changes.length - invited };
    }
    await stepAside(tries);
  }
  throw new ServiceUnavailableError(1);
}

const stripKeys = (item: SubEventInvitation): SubEventInvitation => {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item as SubEventInvitation & { pk?: string; sk?: string; type?: string };
  return rest;
};

export type AnswerOutcome =
  | { outcome: 'saved' | 'unchanged'; invitations: SubEventInvitation[]; subEvents: SubEventRecord[] }
  | { outcome: 'invalid'; problems: Problem[] }
  | { outcome: 'capacity_exceeded'; subEvents: SubEventRecord[] };

/** A guest's answers per sub-event (only those they are invited to), with the seats under each sub-event's guard. */
export async function answerSubEvents(
  eventId: string,
  guestId: string,
  answers: Record<string, SubEventAnswer>,
  context: {
    headcount: number; now: string; alsoWrite: (changes: InvitationChange[]) => TransactItem[];
    /** What the caller has just read of them: the first try plans from it (the writes are conditional, so a stale read only costs a retry). */
    read?: { invitations: SubEventInvitation[]; subEvents: SubEventRecord[] };
  },
): Promise<AnswerOutcome> {
  for (let tries = 0; tries < MAX_ATTEMPTS; tries += 1) {
    const [invitations, subEvents] = tries === 0 && context.read
      ? [context.read.invitations, context.read.subEvents]
      : await Promise.all([invitationsOfGuest(eventId, guestId), listSubEvents(eventId)]);
    const plan = planSubEventAnswers(invitations, subEvents, answers, context);
    if (plan.outcome === 'invalid') return plan;
    if (plan.outcome === 'capacity_exceeded') return { outcome: 'capacity_exceeded', subEvents: subEvents.filter((subEvent) => plan.subEventIds.includes(subEvent.id)) };
    if (plan.changes.length === 0) return { outcome: 'unchanged', invitations, subEvents };
    const drops = await droppedAnswerWrites(eventId, plan.changes, context.now);
    const outcome = await writeInvitationChanges(eventId, plan.changes, { guestIds: [guestId] }, [...context.alsoWrite(plan.changes), ...drops]).catch(contended);
    if (outcome === 'gone') return { outcome: 'invalid', problems: [{ path: 'sub_events', message: 'The invitation is gone' }] };
    if (outcome === 'saved') {
      await Promise.all([promoteWhereFreed(eventId, plan.changes, subEvents, context.now), releaseWhereLeft(eventId, plan.changes, context.now)]);
      const changed = new Map(plan.changes.map((change) => [change.after.sub_event_id, change.after]));
      return { outcome: 'saved', invitations: invitations.map((invitation) => changed.get(invitation.sub_event_id) ?? invitation), subEvents };
    }
    await stepAside(tries);
  }
  throw new ServiceUnavailableError(1);
}
