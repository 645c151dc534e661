import type { FieldChange } from '../../data/audit.ts';
import { ConflictError, SubEventsFullError } from '../../http/errors.ts';
import type { Problem } from '../questions/definitions.ts';
import { inScheduleOrder, type SubEventAnswer, type SubEventInvitation, type SubEventRecord } from './rules.ts';

/**
 * The rules of a sub-event answer shared by every way one arrives (the guest's own link, a party's link,
 * a planner recording it for a guest or a party; docs/sub-events.md).
 */

/** The same words for a sub-event the guest is not invited to and one that does not exist: neither reveals the other. */
export const NOT_A_SUB_EVENT_OF_THIS_INVITATION = 'Not a sub-event of this invitation';

/** The answers naming a sub-event the guest is not invited to, each a problem at `<prefix>.<sub-event id>`. */
export function uninvitedAnswers(invitations: Pick<SubEventInvitation, 'sub_event_id'>[], answers: Record<string, SubEventAnswer>, prefix: string): Problem[] {
  const invited = new Set(invitations.map((invitation) => invitation.sub_event_id));
  return Object.keys(answers).filter((id) => !invited.has(id)).map((id) => ({ path: `${prefix}.${id}`, message: NOT_A_SUB_EVENT_OF_THIS_INVITATION, reason: { code: 'not_on_invitation' as const } }));
}

type AnsweredChange = { before: Pick<SubEventInvitation, 'sub_event_id' | 'status'> | null; after: Pick<SubEventInvitation, 'sub_event_id' | 'status'> | null };

/** The audit entry's changes of a guest's sub-event answers: one field per sub-event (`sub_event.<id>`), its status before and after. */
export const subEventAnswerChanges = (changes: AnsweredChange[]): FieldChange[] =>
  changes.map((change) => ({ field: `sub_event.${(change.after ?? change.before)?.sub_event_id ?? ''}`, before: change.before?.status ?? null, after: change.after?.status ?? null }));

/** The 409 of an answer refused for seats: the full sub-events by title, or `eventFull` when the event itself had no seat. */
export const capacityRefusal = (subEventTitles: string[], eventFull: string): ConflictError =>
  (subEventTitles.length > 0 ? new SubEventsFullError(subEventTitles) : new ConflictError('capacity_exceeded', eventFull));

/** The sub-events each guest is invited to and has not answered yet (`pending`), by guest id, in schedule order. */
export function subEventsAwaitingAnswer(subEvents: SubEventRecord[], invitations: Pick<SubEventInvitation, 'guest_id' | 'sub_event_id' | 'status'>[]): Map<string, SubEventRecord[]> {
  const byId = new Map(subEvents.map((subEvent) => [subEvent.id, subEvent]));
  const awaiting = new Map<string, SubEventRecord[]>();
  for (const invitation of invitations) {
    const subEvent = byId.get(invitation.sub_event_id);
    if (invitation.status !== 'pending' || !subEvent) continue;
    awaiting.set(invitation.guest_id, [...(awaiting.get(invitation.guest_id) ?? []), subEvent]);
  }
  return new Map([...awaiting].map(([guestId, list]) => [guestId, inScheduleOrder(list)]));
}
