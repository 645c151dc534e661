/**
 * Rules of deleting one's own account (DELETE /api/auth/user, docs/accounts.md). Pure: the auth code
 * reads the events and teams, then asks here what to do with them.
 */

/** What the audit trail shows as the actor of an entry whose account no longer exists (or is being deleted). */
export const DELETED_ACTOR = 'deleted-user';

/** An event the account organizes, with the members who could take it over (active, not the account). */
export type OwnedEvent = { event_id: string; active_member_ids: string[] };

/** The owner's choice: `transfers` names a new organizer per event; `owned_events: "delete"` deletes every other one. */
export type OwnedEventsChoice = { owned_events?: 'delete' | 'transfer' | undefined; transfers?: Record<string, string> | undefined };

export type EventProblem = { event_id: string; message: string };

export type OwnedEventsPlan =
  | { outcome: 'planned'; transfers: { event_id: string; to: string }[]; deletes: string[] }
  /** A transfer that cannot be: an event the account does not organize, or a new organizer who is not an active member. */
  | { outcome: 'invalid_transfer'; problems: EventProblem[] }
  /** Events the choice says nothing about (no transfer and no `owned_events: "delete"`). */
  | { outcome: 'choice_needed'; problems: EventProblem[] };

/**
 * Every event the account organizes is transferred or deleted as the owner chose; nothing is decided for
 * them. Transfers are checked first, so a choice naming a wrong member is not also asked about the rest.
 */
export function planOwnedEvents(userId: string, owned: readonly OwnedEvent[], choice: OwnedEventsChoice): OwnedEventsPlan {
  const byId = new Map(owned.map((event) => [event.event_id, event]));
  const transfers = Object.entries(choice.transfers ?? {}).map(([event_id, to]) => ({ event_id, to }));
  const invalid = transfers.flatMap(({ event_id, to }): EventProblem[] => {
    const event = byId.get(event_id);
    if (!event) return [{ event_id, message: 'You do not organize this event, so there is nothing to transfer.' }];
    if (to === userId || !event.active_member_ids.includes(to)) return [{ event_id, message: "The new organizer must be another active member of this event's team." }];
    return [];
  });
  if (invalid.length > 0) return { outcome: 'invalid_transfer', problems: invalid };
  const transferred = new Set(transfers.map((transfer) => transfer.event_id));
  const rest = owned.filter((event) => !transferred.has(event.event_id)).map((event) => event.event_id);
  if (rest.length > 0 && choice.owned_events !== 'delete') {
    return {
      outcome: 'choice_needed',
      problems: rest.map((event_id) => ({ event_id, message: 'You organize this event: transfer it to a member (`transfers`) or delete it (`owned_events: "delete"`).' })),
    };
  }
  return { outcome: 'planned', transfers, deletes: rest };
}

/** A membership of the account being deleted: an event it still organizes goes with it; any other team it leaves. */
export const membershipFate = (member: { role: string }): 'delete_event' | 'leave_team' => (member.role === 'organizer' ? 'delete_event' : 'leave_team');
