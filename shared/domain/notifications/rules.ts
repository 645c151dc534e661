import type { DomainEvent, DomainEventType } from '../domain-events/contract.ts';
import { type Area, can, effectivePermissions, type PermissionMap, type Role } from '../permissions.ts';

/**
 * Who is told about a domain event in the app, what the notification says, and which kinds a user may
 * also have emailed. Pure: the consumer (functions/notify) reads the team and the users, then asks here.
 */
export const NOTIFICATION_TTL_DAYS = 90;

/** The area a domain event is about: its notification goes to the team members who may read that area. */
export function notificationArea(event: Pick<DomainEvent, 'type' | 'entity_type'>): Area {
  switch (event.type) {
    case 'rsvp.received':
    case 'rsvp.changed':
    case 'guest.added':
    case 'guest.removed':
      return 'guests';
    case 'event.changed':
    case 'event.cancelled':
      return 'event';
    case 'budget.alert':
      return 'budget';
    case 'task.assigned':
    case 'task.completed':
      return event.entity_type === 'checklistItem' ? 'checklist' : 'timeline';
    case 'checklist_item.completed':
      return 'checklist';
    case 'team.member_joined':
      return 'team';
    case 'document.uploaded':
    case 'document.infected':
      return 'documents';
  }
}

export type TeamMemberFacts = { user_id: string; role: Role; permissions?: Partial<PermissionMap>; status: 'active' | 'pending' };

/**
 * The users to notify: a task's assignee alone for an assignment (if on the team); otherwise every active
 * member who may read the event's area. Never the person who made the change, never a pending invitee.
 */
export function notificationRecipients(event: DomainEvent, team: TeamMemberFacts[]): string[] {
  const active = team.filter((member) => member.status === 'active' && member.user_id !== event.actor_id);
  if (event.type === 'task.assigned') {
    const assignee = event.detail.assignee_id;
    return active.filter((member) => member.user_id === assignee && can(effectivePermissions(member.role, member.permissions), notificationArea(event), 'read')).map((member) => member.user_id);
  }
  const area = notificationArea(event);
  return [...new Set(active.filter((member) => can(effectivePermissions(member.role, member.permissions), area, 'read')).map((member) => member.user_id))];
}

const text = (value: unknown, fallback: string) => (typeof value === 'string' && value.trim() ? value : fallback);
const quoted = (value: unknown, fallback: string) => (typeof value === 'string' && value.trim() ? `"${value}"` : fallback);

const answerWords: Record<string, string> = { yes: 'will attend', no: 'will not attend', maybe: 'might attend', waitlisted: 'is on the waiting list', pending: 'has not answered' };

/** One sentence saying what happened, for the feed and the email's subject. */
export function notificationMessage(event: DomainEvent): string {
  const detail = event.detail;
  const guest = text(detail.guest_name, 'A guest');
  switch (event.type) {
    case 'rsvp.received':
      return `${guest} answered: ${answerWords[String(detail.rsvp_status)] ?? String(detail.rsvp_status)}.`;
    case 'rsvp.changed': {
      // A guest's new email or phone (their own, on the RSVP page) is worth naming: the planners reach them by it.
      const contact = (Array.isArray(detail.fields) ? detail.fields : []).filter((field) => field === 'email' || field === 'phone');
      if (contact.length > 0 && detail.rsvp_status === detail.previous_status) return `${guest} changed their ${contact.join(' and ')}.`;
      return detail.rsvp_status === detail.previous_status
        ? `${guest} changed their answer's details.`
        : `${guest} changed their answer: ${answerWords[String(detail.rsvp_status)] ?? String(detail.rsvp_status)}.`;
    }
    case 'guest.added':
      return detail.count === 1 ? 'A guest was added to the list.' : `${String(detail.count)} guests were added to the list.`;
    case 'guest.removed':
      return `${guest} was removed from the guest list.`;
    case 'event.changed':
      return `The event changed: ${(Array.isArray(detail.fields) ? detail.fields : []).map((field) => String(field).replaceAll('_', ' ')).join(', ')}.`;
    case 'event.cancelled':
      return detail.deleted ? 'The event was deleted.' : 'The event was cancelled.';
    case 'budget.alert':
      return text(detail.message, `A budget line (${text(detail.line, 'budget')}) crossed its limit.`);
    case 'task.assigned':
      return `You were assigned ${quoted(detail.title, 'a task')}.`;
    case 'task.completed':
      return `${quoted(detail.title, 'A task')} was completed.`;
    case 'checklist_item.completed':
      return `${quoted(detail.title, 'A checklist item')} was ticked off.`;
    case 'team.member_joined':
      return 'A new member joined the planning team.';
    case 'document.uploaded':
      return `${quoted(detail.name, 'A document')} was uploaded.`;
    case 'document.infected':
      return `The malware scan found a threat in ${quoted(detail.name, 'a document')} (version ${String(detail.version ?? '?')}): the file was removed and cannot be downloaded.`;
  }
}

/**
 * Kinds a user may also have emailed. Budget alerts are not among them: they are emailed to every planner
 * who may change the budget already (issue 5's `budget_alert` notice), and a second email would repeat it.
 */
export const emailableNotificationTypes = [
  'rsvp.received', 'rsvp.changed', 'guest.added', 'guest.removed', 'event.changed', 'event.cancelled',
  'task.assigned', 'task.completed', 'checklist_item.completed', 'team.member_joined', 'document.uploaded',
] as const satisfies readonly DomainEventType[];
export type EmailableNotificationType = (typeof emailableNotificationTypes)[number];

/** Every kind off until the user turns it on: the app's feed is the default, email an opt-in. */
export type EmailPreferences = Record<EmailableNotificationType, boolean>;

export function emailPreferences(stored: Partial<Record<string, unknown>> | undefined): EmailPreferences {
  return Object.fromEntries(emailableNotificationTypes.map((type) => [type, stored?.[type] === true])) as EmailPreferences;
}

export const wantsEmail = (preferences: EmailPreferences, type: DomainEventType): boolean =>
  (emailableNotificationTypes as readonly string[]).includes(type) && preferences[type as EmailableNotificationType];

/** DynamoDB's TTL attribute (epoch seconds) of a notification created at `createdAt`. */
export const notificationExpiry = (createdAt: Date): number => Math.floor(createdAt.getTime() / 1000) + NOTIFICATION_TTL_DAYS * 24 * 3600;
