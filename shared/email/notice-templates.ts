import type { NoticeRecord } from '../data/notices.ts';
import { spokenDateTime, spokenReplyBy } from '../domain/rsvp/view.ts';
import type { EmailContent } from './layout.ts';

/**
 * The email of each outbox notice kind, for one recipient. Dates are spoken in the event's time zone
 * (luxon, through spokenDateTime), whoever reads them. `calendar` says whether to attach the event's .ics.
 */
export type NoticeEmailContext = {
  recipientName: string;
  /** The guest's RSVP link, when the notice is for a guest whose code could be recovered. */
  rsvpLink?: string;
  /** A team invitation's page (its single-use token in the path), when the notice's token could be opened. */
  teamInvitationLink?: string | undefined;
  /** Base URL for links to the planning app. */
  appBaseUrl: string;
};

export type NoticeEmail = { content: EmailContent; calendar: 'none' | 'event' | 'cancelled' };

const fieldLabels: Record<string, string> = {
  event_date: 'Date and time',
  timezone: 'Time zone',
  location_name: 'Place',
  location_address: 'Address',
  status: 'Status',
};

const placeOf = (event: NoticeRecord['event']) => [event.location_name, event.location_address].filter(Boolean).join(', ');

function changeValue(notice: NoticeRecord, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '(none)';
  if (field === 'event_date' && typeof value === 'string') return spokenDateTime(value, notice.event.timezone);
  return String(value);
}

const eventDetails = (notice: NoticeRecord): Array<[string, string]> => [
  ['When', spokenDateTime(notice.event.event_date, notice.event.timezone)],
  ...(placeOf(notice.event) ? [['Where', placeOf(notice.event)] as [string, string]] : []),
];

const answerWords: Record<string, string> = {
  yes: 'you will attend',
  no: 'you will not attend',
  maybe: 'you might attend',
  waitlisted: 'you are on the waiting list (the event is full for now; we will write when a seat frees up)',
  pending: 'no answer yet',
};

const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

export function noticeEmail(notice: NoticeRecord, context: NoticeEmailContext): NoticeEmail {
  const name = notice.event.name;
  const hello = `Dear ${context.recipientName},`;
  const action = context.rsvpLink ? { label: 'See or change your answer', url: context.rsvpLink } : undefined;
  switch (notice.kind) {
    case 'rsvp_confirmation': {
      const status = notice.recipient?.rsvp_status ?? 'pending';
      const promoted = notice.actor_id === 'system:waitlist';
      return {
        calendar: status === 'yes' ? 'event' : 'none',
        content: {
          subject: promoted ? `A seat is yours: ${name}` : `Your answer for ${name}`,
          heading: promoted ? 'Good news: a seat freed up' : 'Thank you for your answer',
          paragraphs: [hello, promoted ? `You were on the waiting list for ${name}, and now you are attending.` : `We recorded that ${answerWords[status] ?? status}.`],
          details: eventDetails(notice),
          ...(action ? { action } : {}),
        },
      };
    }
    case 'event_changed':
      return {
        calendar: 'event',
        content: {
          subject: `Changed: ${name}`,
          heading: `${name} has changed`,
          paragraphs: [hello, 'The details of the event have changed:'],
          details: notice.changes.map((change) => [fieldLabels[change.field] ?? change.field, `${changeValue(notice, change.field, change.after)} (was ${changeValue(notice, change.field, change.before)})`]),
          ...(action ? { action } : {}),
        },
      };
    case 'event_cancelled':
    case 'event_deleted':
      return {
        calendar: 'cancelled',
        content: { subject: `Cancelled: ${name}`, heading: `${name} is cancelled`, paragraphs: [hello, `We are sorry to tell you that ${name} will not take place.`], details: eventDetails(notice) },
      };
    case 'guest_removed':
      return {
        calendar: 'cancelled',
        content: { subject: `Update about ${name}`, heading: name, paragraphs: [hello, `Your invitation to ${name} has been withdrawn by the hosts. Your earlier link no longer works.`] },
      };
    case 'budget_alert': {
      const alerts = notice.alerts ?? (notice.alert ? [notice.alert] : []);
      const amount = (value: unknown, currency: unknown) => `${text(value)} ${text(currency)}`;
      return {
        calendar: 'none',
        content: {
          subject: `Budget alert: ${name}`,
          heading: 'Budget alert',
          paragraphs: [hello, alerts.length > 1 ? `A change to the budget of ${name} crossed ${alerts.length} limits:` : text(alerts[0]?.message) || `A budget line of ${name} was crossed.`],
          // Each line by the name a planner knows it by (a stored line without one is named by its message).
          details: alerts.map((alert) => [
            text(alert.label) || text(alert.message),
            `${alerts.length > 1 ? `${text(alert.message)}: ` : ''}${amount(alert.value, alert.currency)} (limit ${amount(alert.limit, alert.currency)})`,
          ]),
        },
      };
    }
    case 'team_invitation': {
      // The link opens a page that explains the invitation; the token in it accepts once, for whoever
      // signs in with it, so the email asks not to forward it. Without a link (an invitation recorded
      // before tokens), the person accepts by signing in with this (verified) address.
      const inviter = text(notice.details?.inviter_name);
      const expires = text(notice.details?.expires_at);
      return {
        calendar: 'none',
        content: {
          subject: `You are invited to plan ${name}`,
          heading: `Join the planning team of ${name}`,
          paragraphs: [
            hello,
            `${inviter ? `${inviter} invited you` : 'You were invited'} to help plan ${name} as ${text(notice.details?.role) || 'a team member'}.`,
            context.teamInvitationLink
              ? `Open the invitation to accept it${expires ? ` by ${spokenDateTime(expires, notice.event.timezone)}` : ''}. The link works once and only for you: please do not forward it.`
              : 'Sign in with this email address (verified) or register with it, and accept the invitation in the planning app.',
          ],
          ...(context.teamInvitationLink ? { action: { label: 'Open the invitation', url: context.teamInvitationLink } } : {}),
        },
      };
    }
    case 'task_reminder': {
      const tasks = notice.details?.tasks as { title: string; due_date: string }[] | undefined;
      if (tasks) {
        return {
          calendar: 'none',
          content: {
            subject: `Overdue: ${tasks.length} tasks (${name})`,
            heading: `${tasks.length} tasks are overdue`,
            paragraphs: [hello, `These tasks for ${name} are past their due date:`],
            details: tasks.map((task) => [spokenDateTime(task.due_date, notice.event.timezone), task.title]),
          },
        };
      }
      const due = text(notice.details?.due_date);
      const overdue = notice.details?.reminder === 'overdue';
      return {
        calendar: 'none',
        content: {
          subject: `${overdue ? 'Overdue' : 'Due soon'}: ${text(notice.details?.title)} (${name})`,
          heading: overdue ? 'A task is overdue' : 'A task is due soon',
          paragraphs: [hello, `"${text(notice.details?.title)}" for ${name} ${overdue ? 'was' : 'is'} due ${due ? spokenDateTime(due, notice.event.timezone) : 'soon'}.`],
        },
      };
    }
    case 'rsvp_reminder': {
      const deadline = text(notice.details?.rsvp_deadline);
      return {
        calendar: 'none',
        content: {
          subject: `Reminder: will you come to ${name}?`,
          heading: 'We are still hoping to hear from you',
          // The deadline as the invitation said it (`details.rsvp_deadline` is the instant answering closes).
          paragraphs: [hello, `Please let us know whether you can come to ${name}${deadline ? ` by ${spokenReplyBy({ ...notice.event, rsvp_deadline: deadline })}` : ''}.`],
          details: eventDetails(notice),
          ...(context.rsvpLink ? { action: { label: 'Reply to the invitation', url: context.rsvpLink } } : {}),
        },
      };
    }
    case 'day_before_reminder':
      return {
        calendar: 'event',
        content: {
          subject: `Tomorrow: ${name}`,
          heading: `See you tomorrow at ${name}`,
          paragraphs: [hello, 'A reminder that the event is coming up soon.'],
          details: eventDetails(notice),
          ...(action ? { action } : {}),
        },
      };
    case 'notification':
      return {
        calendar: 'none',
        content: {
          subject: `${name}: ${text(notice.details?.message)}`,
          heading: name,
          paragraphs: [hello, text(notice.details?.message), 'You get this email because you asked for this kind of notification by email. You can change that in your notification preferences.'],
        },
      };
    case 'weekly_digest': {
      const entries = [...((notice.details?.items_due as { title: string; due_date: string }[] | undefined) ?? []), ...((notice.details?.payments_due as { title: string; due_date: string }[] | undefined) ?? [])];
      return {
        calendar: 'none',
        content: {
          subject: `This week for ${name}`,
          heading: `The week ahead: ${name}`,
          paragraphs: [hello, entries.length ? 'Due this week:' : 'Nothing is due this week.', `Guests yet to answer: ${text(notice.details?.rsvp_pending) || '0'}.`],
          details: entries.map((entry) => [spokenDateTime(entry.due_date, notice.event.timezone), entry.title]),
        },
      };
    }
  }
}
