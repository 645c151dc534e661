import type { SubEventInvitation, SubEventRecord, SubEventSeatGuard } from './rules.ts';

/**
 * A guest's plus-ones changed (their own answer, a party's answer, a planner's edit or answer): the sub-event
 * answers they hold follow (docs/sub-events.md, "Plus-ones that change"). A yes holds `1 + plus_one_count`
 * seats; a waiting answer waits for that many. More seats must fit the sub-event's capacity: an answer
 * already attending keeps its seats and the change is refused (409 capacity_exceeded naming the sub-event),
 * whether or not the sub-event keeps a waitlist, as when an attending guest asks for more seats than are
 * free. Fewer seats free the difference. Pending and declined invitations hold nothing and are left alone.
 */
export type HeadcountChange = { before: SubEventInvitation; after: SubEventInvitation; seatGuard: SubEventSeatGuard };

export type HeadcountPlan = { outcome: 'full'; subEventIds: string[] } | { outcome: 'change'; changes: HeadcountChange[] };

/**
 * The changes of one guest's invitations for their new headcount, against the sub-events as read.
 * `added` holds the seats this request already adds per sub-event (another member of the same party): it
 * is updated here, so each guest's fit and seat guard count what the request adds in total (the counter
 * write of a sub-event takes the smallest guard of its changes: the capacity less the total added).
 * `declining`: the sub-events the same request answers no (not grown, so a guest can bring a plus-one and
 * give up a full sub-event in one answer).
 */
export function planHeadcountChange(invitations: SubEventInvitation[], subEvents: Map<string, SubEventRecord>, headcount: number, added: Map<string, number>, declining: ReadonlySet<string> = new Set()): HeadcountPlan {
  const full: string[] = [];
  const changes: HeadcountChange[] = [];
  for (const before of invitations) {
    // A sub-event the same request declines is left to that answer (which frees its seats right after).
    if (before.headcount === headcount || (before.status !== 'yes' && before.status !== 'waitlisted') || declining.has(before.sub_event_id)) continue;
    const subEvent = subEvents.get(before.sub_event_id);
    if (!subEvent) continue;
    const after: SubEventInvitation = { ...before, headcount, version: before.version + 1 };
    let seatGuard: SubEventSeatGuard = null;
    if (before.status === 'yes') {
      const already = added.get(subEvent.id) ?? 0;
      const total = already + headcount - before.headcount;
      if (subEvent.capacity !== undefined && total > 0 && headcount > before.headcount) {
        if (subEvent.attending_headcount + total > subEvent.capacity) {
          full.push(subEvent.id);
          continue;
        }
        seatGuard = { maxHeadcountBefore: subEvent.capacity - total };
      }
      added.set(subEvent.id, total);
    }
    changes.push({ before, after, seatGuard });
  }
  if (full.length > 0) return { outcome: 'full', subEventIds: full };
  return { outcome: 'change', changes };
}

/** A guest's sub-event seats as their audit entry records them: per sub-event its id, title and headcount. */
export type SeatsHeld = { sub_event_id: string; title: string; headcount: number }[];

/**
 * The audit change of each guest whose sub-event seats followed their plus-ones, by guest id:
 * `sub_event_headcounts` with the seats before and after, per sub-event (in the order planned). It goes on
 * the guest's own audit entry of the same change (their answer, a party's answer, a planner's edit), so the
 * entry exists exactly when the seats moved, at no extra item in the transaction.
 */
export function seatChangesByGuest(changes: HeadcountChange[], subEvents: Pick<SubEventRecord, 'id' | 'title'>[]): Map<string, { field: 'sub_event_headcounts'; before: SeatsHeld; after: SeatsHeld }> {
  const titles = new Map(subEvents.map((subEvent) => [subEvent.id, subEvent.title]));
  const byGuest = new Map<string, { field: 'sub_event_headcounts'; before: SeatsHeld; after: SeatsHeld }>();
  for (const { before, after } of changes) {
    const entry = byGuest.get(before.guest_id) ?? { field: 'sub_event_headcounts' as const, before: [], after: [] };
    const title = titles.get(before.sub_event_id) ?? before.sub_event_id;
    entry.before.push({ sub_event_id: before.sub_event_id, title, headcount: before.headcount });
    entry.after.push({ sub_event_id: after.sub_event_id, title, headcount: after.headcount });
    byGuest.set(before.guest_id, entry);
  }
  return byGuest;
}
