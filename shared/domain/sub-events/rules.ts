import type { Problem } from '../questions/definitions.ts';

/**
 * Sub-events of an event (docs/sub-events.md): a rehearsal dinner, the ceremony, the reception, or the
 * sessions of a conference, each with its own time, place, capacity and optional waitlist. Guests are
 * invited to a subset and answer per sub-event; the counters on the sub-event item move in the same
 * transaction as the answer that moves them, so they always equal a recount of the invitations.
 */
export const MAX_SUB_EVENTS_PER_EVENT = 20;
/** Guests one bulk request invites or removes: two items each plus the sub-event's counters fit one transaction. */
export const MAX_GUESTS_PER_SUB_EVENT_BULK = 40;

export type SubEventRecord = {
  id: string;
  event_id: string;
  title: string;
  description?: string;
  starts_at: string;
  ends_at?: string;
  location_name?: string;
  location_address?: string;
  /** Seats (guests plus their plus-ones); absent: no limit. */
  capacity?: number;
  waitlist_enabled: boolean;
  position: number;
  invited_count: number;
  attending_count: number;
  attending_headcount: number;
  declined_count: number;
  waitlisted_count: number;
  /** Questions asked in this sub-event's section (docs/questions.md): moved by ADD with each question's own write; a sub-event with questions is not deleted. */
  question_count?: number;
  created_at: string;
  updated_at: string;
  version: number;
};

export const subEventAnswers = ['yes', 'no'] as const;
export type SubEventAnswer = (typeof subEventAnswers)[number];
export const subEventStatuses = ['pending', 'yes', 'no', 'waitlisted'] as const;
export type SubEventStatus = (typeof subEventStatuses)[number];

/** One guest's invitation to one sub-event and their answer to it. */
export type SubEventInvitation = {
  event_id: string;
  guest_id: string;
  sub_event_id: string;
  status: SubEventStatus;
  /** Seats this answer holds or waits for (the guest and their plus-ones when they answered). */
  headcount: number;
  waitlisted_at?: string;
  answered_at?: string;
  version: number;
};

export type SubEventInput = {
  title?: string;
  description?: string | null;
  starts_at?: string;
  ends_at?: string | null;
  location_name?: string | null;
  location_address?: string | null;
  capacity?: number | null;
  waitlist_enabled?: boolean;
  position?: number;
};

export type SubEventPlan = { outcome: 'invalid'; problems: Problem[] } | { outcome: 'change'; subEvent: SubEventRecord };

const setOrClear = <K extends keyof SubEventRecord>(record: SubEventRecord, name: K, value: SubEventRecord[K] | null | undefined) => {
  if (value === null) delete record[name];
  else if (value !== undefined) record[name] = value;
};

/**
 * A new sub-event (before null) or a change of one: every problem at once. Lowering the capacity below the
 * seats already taken is refused (the answers stand); the counters never come from the input.
 */
export function planSubEvent(before: SubEventRecord | null, input: SubEventInput, context: { id: string; eventId: string; now: string; position: number }): SubEventPlan {
  const problems: Problem[] = [];
  if (!before && !input.title) problems.push({ path: 'title', message: 'Required' });
  if (!before && !input.starts_at) problems.push({ path: 'starts_at', message: 'Required' });
  const subEvent: SubEventRecord = before
    ? { ...before }
    : {
        id: context.id, event_id: context.eventId, title: '', starts_at: '', waitlist_enabled: false, position: context.position,
        invited_count: 0, attending_count: 0, attending_headcount: 0, declined_count: 0, waitlisted_count: 0,
        created_at: context.now, updated_at: context.now, version: 0,
      };
  if (input.title !== undefined) subEvent.title = input.title;
  if (input.starts_at !== undefined) subEvent.starts_at = new Date(input.starts_at).toISOString().replace('.000Z', 'Z');
  if (input.ends_at !== undefined && input.ends_at !== null) subEvent.ends_at = new Date(input.ends_at).toISOString().replace('.000Z', 'Z');
  else if (input.ends_at === null) delete subEvent.ends_at;
  setOrClear(subEvent, 'description', input.description);
  setOrClear(subEvent, 'location_name', input.location_name);
  setOrClear(subEvent, 'location_address', input.location_address);
  setOrClear(subEvent, 'capacity', input.capacity);
  if (input.waitlist_enabled !== undefined) subEvent.waitlist_enabled = input.waitlist_enabled;
  if (input.position !== undefined) subEvent.position = input.position;
  if (subEvent.ends_at && subEvent.starts_at && Date.parse(subEvent.ends_at) <= Date.parse(subEvent.starts_at)) {
    problems.push({ path: 'ends_at', message: 'Must be after starts_at' });
  }
  if (before && subEvent.capacity !== undefined && subEvent.capacity < before.attending_headcount) {
    problems.push({ path: 'capacity', message: `${before.attending_headcount} seats are already taken` });
  }
  if (problems.length > 0) return { outcome: 'invalid', problems };
  subEvent.updated_at = context.now;
  subEvent.version = (before?.version ?? 0) + 1;
  return { outcome: 'change', subEvent };
}

/** Sub-events in the order the page shows them: by start, then position, then id. */
export const inScheduleOrder = <T extends Pick<SubEventRecord, 'starts_at' | 'position' | 'id'>>(subEvents: T[]): T[] =>
  [...subEvents].sort((a, b) => a.starts_at.localeCompare(b.starts_at) || a.position - b.position || a.id.localeCompare(b.id));

/** What one invitation contributes to its sub-event's counters. */
export type SubEventCounters = Pick<SubEventRecord, 'invited_count' | 'attending_count' | 'attending_headcount' | 'declined_count' | 'waitlisted_count'>;

export function countersOf(invitation: Pick<SubEventInvitation, 'status' | 'headcount'> | null): SubEventCounters {
  const status = invitation?.status;
  return {
    invited_count: invitation ? 1 : 0,
    attending_count: status === 'yes' ? 1 : 0,
    attending_headcount: status === 'yes' ? invitation?.headcount ?? 0 : 0,
    declined_count: status === 'no' ? 1 : 0,
    waitlisted_count: status === 'waitlisted' ? 1 : 0,
  };
}

/** after − before, field by field, only the fields that move. */
export function counterDelta(before: Pick<SubEventInvitation, 'status' | 'headcount'> | null, after: Pick<SubEventInvitation, 'status' | 'headcount'> | null): Partial<SubEventCounters> {
  const a = countersOf(before);
  const b = countersOf(after);
  const delta: Partial<SubEventCounters> = {};
  for (const name of Object.keys(a) as (keyof SubEventCounters)[]) if (b[name] !== a[name]) delta[name] = b[name] - a[name];
  return delta;
}

/** The seat condition of an answer: the stored headcount must be at most this before it adds its seats (null: no condition). */
export type SubEventSeatGuard = { maxHeadcountBefore: number } | null;

export type SubEventAnswerPlan =
  | { outcome: 'invalid'; problems: Problem[] }
  | { outcome: 'capacity_exceeded'; subEventIds: string[] }
  | { outcome: 'change'; changes: { before: SubEventInvitation; after: SubEventInvitation; seatGuard: SubEventSeatGuard; subEvent: SubEventRecord }[] };

/**
 * The guest's answers per sub-event, decided from the invitations and sub-events as read; the write
 * commits only while each invitation and each seat count is as read (else it is planned again). Only
 * sub-events the guest is invited to may be answered: any other id is refused as unknown, so an answer
 * never tells a guest that a sub-event they are not invited to exists. A yes that does not fit is
 * waitlisted where the sub-event keeps a waitlist, else the whole answer is refused; while guests wait,
 * a new yes joins the queue (nobody overtakes).
 */
export function planSubEventAnswers(
  invitations: SubEventInvitation[],
  subEvents: SubEventRecord[],
  answers: Record<string, SubEventAnswer>,
  context: { headcount: number; now: string },
): SubEventAnswerPlan {
  const invitedTo = new Map(invitations.map((invitation) => [invitation.sub_event_id, invitation]));
  const byId = new Map(subEvents.map((subEvent) => [subEvent.id, subEvent]));
  const problems: Problem[] = Object.keys(answers)
    .filter((id) => !invitedTo.has(id) || !byId.has(id))
    .map((id) => ({ path: `sub_events.${id}`, message: 'Not a sub-event of this invitation', reason: { code: 'not_on_invitation' as const } }));
  if (problems.length > 0) return { outcome: 'invalid', problems };
  const full: string[] = [];
  const changes: { before: SubEventInvitation; after: SubEventInvitation; seatGuard: SubEventSeatGuard; subEvent: SubEventRecord }[] = [];
  for (const [id, answer] of Object.entries(answers)) {
    const before = invitedTo.get(id) as SubEventInvitation;
    const subEvent = byId.get(id) as SubEventRecord;
    const after: SubEventInvitation = { ...before, answered_at: context.now, version: before.version + 1 };
    let seatGuard: SubEventSeatGuard = null;
    if (answer === 'no') {
      if (before.status === 'no') continue;
      after.status = 'no';
      delete after.waitlisted_at;
    } else if (before.status === 'waitlisted' || (before.status === 'yes' && before.headcount === context.headcount)) {
      continue;
    } else {
      const held = before.status === 'yes' ? before.headcount : 0;
      const added = context.headcount - held;
      const fitsNow = subEvent.capacity === undefined || subEvent.attending_headcount + added <= subEvent.capacity;
      const queueWaits = subEvent.waitlist_enabled && subEvent.waitlisted_count > 0 && before.status !== 'yes';
      if (fitsNow && !queueWaits) {
        after.status = 'yes';
        after.headcount = context.headcount;
        if (subEvent.capacity !== undefined && added > 0) seatGuard = { maxHeadcountBefore: subEvent.capacity - added };
      } else if (before.status !== 'yes' && subEvent.waitlist_enabled) {
        after.status = 'waitlisted';
        after.headcount = context.headcount;
        after.waitlisted_at = context.now;
      } else {
        full.push(id);
        continue;
      }
    }
    changes.push({ before, after, seatGuard, subEvent });
  }
  if (full.length > 0) return { outcome: 'capacity_exceeded', subEventIds: full };
  return { outcome: 'change', changes };
}

/** The head of a sub-event's waitlist takes a seat when it fits (a strict queue, as for the event). */
export function planSubEventPromotion(subEvent: SubEventRecord, head: SubEventInvitation, now: string): { after: SubEventInvitation; seatGuard: SubEventSeatGuard } | null {
  if (head.status !== 'waitlisted') return null;
  if (subEvent.capacity !== undefined && subEvent.attending_headcount + head.headcount > subEvent.capacity) return null;
  const after: SubEventInvitation = { ...head, status: 'yes', answered_at: now, version: head.version + 1 };
  delete after.waitlisted_at;
  return { after, seatGuard: subEvent.capacity === undefined ? null : { maxHeadcountBefore: subEvent.capacity - head.headcount } };
}

/** What a guest sees of one sub-event they are invited to: never the counts, never other guests. */
export type GuestSubEventView = {
  id: string;
  title: string;
  description: string | null;
  starts_at: string;
  ends_at: string | null;
  location_name: string | null;
  location_address: string | null;
  status: SubEventStatus;
};

/** What a sub-event is and where and when, as the planners and its guests both see it. */
export const subEventOutline = (subEvent: SubEventRecord) => ({
  id: subEvent.id,
  title: subEvent.title,
  description: subEvent.description ?? null,
  starts_at: subEvent.starts_at,
  ends_at: subEvent.ends_at ?? null,
  location_name: subEvent.location_name ?? null,
  location_address: subEvent.location_address ?? null,
});

/** The sub-events a guest is invited to, in schedule order; the others never appear. */
export function guestSubEventsView(subEvents: SubEventRecord[], invitations: SubEventInvitation[]): GuestSubEventView[] {
  const statusOf = new Map(invitations.map((invitation) => [invitation.sub_event_id, invitation.status]));
  return inScheduleOrder(subEvents.filter((subEvent) => statusOf.has(subEvent.id))).map((subEvent) => ({
    ...subEventOutline(subEvent),
    status: statusOf.get(subEvent.id) as SubEventStatus,
  }));
}

/** A sub-event without an end is shown in calendars for this many hours. */
const DEFAULT_SUB_EVENT_HOURS = 2;

/** When a sub-event ends in a calendar: its own end, or DEFAULT_SUB_EVENT_HOURS after it starts. */
export const subEventEndsAt = (subEvent: Pick<SubEventRecord, 'starts_at' | 'ends_at'>): string =>
  subEvent.ends_at ?? new Date(Date.parse(subEvent.starts_at) + DEFAULT_SUB_EVENT_HOURS * 3_600_000).toISOString();

/**
 * A sub-event's UID in one guest's calendar: stable per guest and sub-event, and the same in the page's
 * calendar file and in the emails' .ics, so whichever the guest imports last updates the entry in place.
 */
export const subEventCalendarUid = (subEventId: string, guestId: string): string => `sub-event-${subEventId}-${guestId}@event-planning`;

/** The sub-events a guest attends (their answer is yes), in schedule order: what their calendar holds. */
export function attendedSubEvents(subEvents: SubEventRecord[], invitations: SubEventInvitation[]): SubEventRecord[] {
  const attending = new Set(invitations.filter((invitation) => invitation.status === 'yes').map((invitation) => invitation.sub_event_id));
  return inScheduleOrder(subEvents.filter((subEvent) => attending.has(subEvent.id)));
}

/**
 * A guest's invitations set to exactly `wanted`: new ones pending, the others removed with their answers.
 * Ids that are not sub-events of the event are refused (every one named).
 */
export function planInvitationSet(
  current: SubEventInvitation[],
  wanted: string[],
  subEventIds: string[],
  context: { eventId: string; guestId: string; headcount: number },
): { outcome: 'invalid'; problems: Problem[] } | { outcome: 'change'; changes: { before: SubEventInvitation | null; after: SubEventInvitation | null }[] } {
  const known = new Set(subEventIds);
  const problems = wanted.flatMap((id, index) => (known.has(id) ? [] : [{ path: `sub_event_ids.${index}`, message: 'Not a sub-event of this event' }]));
  if (problems.length > 0) return { outcome: 'invalid', problems };
  const want = new Set(wanted);
  const have = new Map(current.map((invitation) => [invitation.sub_event_id, invitation]));
  const changes: { before: SubEventInvitation | null; after: SubEventInvitation | null }[] = [];
  for (const id of want) {
    if (!have.has(id)) changes.push({ before: null, after: newInvitation(context.eventId, context.guestId, id, context.headcount) });
  }
  for (const [id, invitation] of have) if (!want.has(id)) changes.push({ before: invitation, after: null });
  return { outcome: 'change', changes };
}

export const newInvitation = (eventId: string, guestId: string, subEventId: string, headcount: number): SubEventInvitation => ({
  event_id: eventId, guest_id: guestId, sub_event_id: subEventId, status: 'pending', headcount, version: 1,
});

/** A change that frees seats (a no, a removal, fewer seats in an attending answer): worth running the sub-event's waitlist afterwards. */
export const freesSeats = (before: SubEventInvitation | null, after: SubEventInvitation | null): boolean =>
  before?.status === 'yes' && (after?.status !== 'yes' || after.headcount < before.headcount);

/** The counters of each sub-event recounted from its invitations: what the stored counters must equal. */
export function recountSubEvents(invitations: SubEventInvitation[]): Map<string, SubEventCounters> {
  const counts = new Map<string, SubEventCounters>();
  for (const invitation of invitations) {
    const total = counts.get(invitation.sub_event_id) ?? countersOf(null);
    const one = countersOf(invitation);
    for (const name of Object.keys(total) as (keyof SubEventCounters)[]) total[name] += one[name];
    counts.set(invitation.sub_event_id, total);
  }
  return counts;
}
