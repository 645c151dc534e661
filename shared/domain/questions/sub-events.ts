import { isAsked, type StoredAnswers, type SubEventStatuses } from './answers.ts';
import type { QuestionRecord } from './definitions.ts';

/**
 * Questions asked per sub-event (docs/questions.md, "Sub-events"): which of a guest's answers stop being
 * asked when their invitations to sub-events change, and the guest's statuses an answer is checked with.
 */

type InvitationState = { sub_event_id: string; status: string };

/** An invitation change as the sub-event writes plan it: before and after (null: not invited). */
export type SubEventInvitationChange = { before: (InvitationState & { guest_id: string }) | null; after: (InvitationState & { guest_id: string }) | null };

/**
 * The guest's answers per sub-event as they will be after this answer: the invitations read, with the
 * answers given applied (a yes may end up waitlisted: both are a yes to a question's audience).
 */
export function statusesAfterAnswer(invitations: InvitationState[], given: Record<string, string> | undefined): Map<string, string> {
  const statuses = new Map(invitations.map((invitation) => [invitation.sub_event_id, invitation.status]));
  for (const [id, answer] of Object.entries(given ?? {})) {
    const current = statuses.get(id);
    if (current === undefined) continue;
    statuses.set(id, answer === 'yes' && current === 'waitlisted' ? current : answer);
  }
  return statuses;
}

/** Whether a change can stop a sub-event's questions being asked: a removal, or an answer that is no longer a yes. */
export const mayStopAsking = (change: SubEventInvitationChange): boolean =>
  change.before !== null && (change.after === null || (change.after.status !== 'yes' && change.after.status !== 'waitlisted'));

/**
 * Per guest, the answers kept after their invitation changes: an answer to a question of a changed
 * sub-event that is no longer asked (`isAsked` with the invitation as it will be) is dropped. Only
 * guests losing an answer appear, with the counter moves it makes.
 */
export function answersDroppedBy(
  changes: SubEventInvitationChange[],
  questions: QuestionRecord[],
  answersOf: (guestId: string) => StoredAnswers | undefined,
): Map<string, { answers: StoredAnswers; dropped: string[] }> {
  const afterByGuest = new Map<string, Map<string, string | null>>();
  for (const change of changes) {
    const side = change.after ?? change.before;
    if (!side) continue;
    const statuses = afterByGuest.get(side.guest_id) ?? new Map<string, string | null>();
    statuses.set(side.sub_event_id, change.after?.status ?? null);
    afterByGuest.set(side.guest_id, statuses);
  }
  const result = new Map<string, { answers: StoredAnswers; dropped: string[] }>();
  for (const [guestId, changed] of afterByGuest) {
    const stored = answersOf(guestId) ?? {};
    const statuses: SubEventStatuses = new Map([...changed].flatMap(([id, status]) => (status === null ? [] : [[id, status] as [string, string]])));
    const dropped = questions.filter((question) => question.sub_event_id !== undefined && changed.has(question.sub_event_id)
      && stored[question.id] !== undefined && !isAsked(question, '', statuses)).map((question) => question.id);
    if (dropped.length === 0) continue;
    result.set(guestId, { answers: Object.fromEntries(Object.entries(stored).filter(([id]) => !dropped.includes(id))), dropped });
  }
  return result;
}
