import { batchGetAll } from '#shared/data/collection.ts';
import { getEventsByIds } from '#shared/data/events/records.ts';
import { userKeys } from '#shared/data/keys.ts';
import { listEventMembers } from '#shared/data/team/members.ts';
import { eventSnapshot, type EventSnapshot, noticePut } from '#shared/data/notices.ts';
import { type NotificationRecord, notificationPut } from '#shared/data/notifications.ts';
import { TransactionConditionFailed, transact } from '#shared/data/transact.ts';
import { effectivePermissions } from '#shared/domain/permissions.ts';
import { visibleDomainEvent } from '#shared/domain/visibility/domain-events.ts';
import type { DomainEvent } from '#shared/domain/domain-events/contract.ts';
import { emailPreferences, notificationExpiry, notificationMessage, notificationRecipients, type TeamMemberFacts, wantsEmail } from '#shared/domain/notifications/rules.ts';

/**
 * Turns one domain event into notifications: one per recipient, each written with its email notice (when
 * the user asked for this kind by email) in one transaction conditional on the notification being new.
 * A redelivered domain event finds every notification there already and writes nothing, email included.
 */
export type NotifyOutcome = { recipients: number; created: NotificationRecord[]; duplicates: number; emailed: number };

/** Facts kept in the domain event for consumers only: a deleted event's team and snapshot stay out of the feed. */
const INTERNAL_DETAIL = new Set(['team', 'event']);

type Audience = { snapshot: EventSnapshot; team: TeamMemberFacts[] };

const permissionsOf = (team: TeamMemberFacts[], userId: string) => {
  const member = team.find((each) => each.user_id === userId) as TeamMemberFacts;
  return effectivePermissions(member.role, member.permissions ?? {});
};

/** The event and its team now; for a deleted event (gone, or going), the snapshot its domain event carries. */
async function audienceOf(domainEvent: DomainEvent): Promise<Audience | null> {
  const { team, event } = domainEvent.detail as { team?: TeamMemberFacts[]; event?: EventSnapshot };
  if (team && event) return { snapshot: event, team };
  const [planned] = await getEventsByIds([domainEvent.event_id]);
  if (!planned) return null;
  return { snapshot: eventSnapshot(planned), team: await listEventMembers(domainEvent.event_id) };
}

export async function notifyFor(domainEvent: DomainEvent, now: Date): Promise<NotifyOutcome> {
  const outcome: NotifyOutcome = { recipients: 0, created: [], duplicates: 0, emailed: 0 };
  const audience = await audienceOf(domainEvent);
  if (!audience) return outcome;
  // Each recipient hears of the domain event as their own permissions show it (an event change without
  // the budget fields for a member who may not read the budget), or not at all.
  const seen = new Map(notificationRecipients(domainEvent, audience.team).flatMap((userId) => {
    const visible = visibleDomainEvent(domainEvent, permissionsOf(audience.team, userId));
    return visible ? [[userId, visible] as const] : [];
  }));
  const recipients = [...seen.keys()];
  outcome.recipients = recipients.length;
  if (recipients.length === 0) return outcome;
  const users = new Map((await batchGetAll(recipients.map((userId) => userKeys.item(userId)))).map((user) => [String(user.id), user]));

  await Promise.all(recipients.map(async (userId) => {
    const visible = seen.get(userId) as DomainEvent;
    const message = notificationMessage(visible);
    const detail = Object.fromEntries(Object.entries(visible.detail).filter(([key]) => !INTERNAL_DETAIL.has(key)));
    const record: NotificationRecord = {
      id: domainEvent.id,
      user_id: userId,
      kind: domainEvent.type,
      event_id: domainEvent.event_id,
      event_name: audience.snapshot.name,
      entity_type: domainEvent.entity_type,
      entity_id: domainEvent.entity_id,
      actor_id: domainEvent.actor_id,
      message,
      detail,
      created_at: domainEvent.occurred_at,
      ttl: notificationExpiry(new Date(domainEvent.occurred_at)),
    };
    const user = users.get(userId);
    const email = user && wantsEmail(emailPreferences(user.email_notifications as Record<string, unknown> | undefined), domainEvent.type)
      ? noticePut({
          kind: 'notification',
          event_id: domainEvent.event_id,
          event: audience.snapshot,
          changes: [],
          actor_id: domainEvent.actor_id,
          recipient_user_ids: [userId],
          details: { message, domain_event_id: domainEvent.id, domain_event_type: domainEvent.type },
        }, now)
      : null;
    try {
      await transact([notificationPut(record), ...(email ? [email.write] : [])]);
      outcome.created.push(record);
      if (email) outcome.emailed += 1;
    } catch (error) {
      // Already notified of this domain event (a redelivery): the email went with the first one.
      if (error instanceof TransactionConditionFailed && error.failedIndexes.includes(0)) {
        outcome.duplicates += 1;
        return;
      }
      throw error;
    }
  }));
  return outcome;
}
