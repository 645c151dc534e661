import type { NoticeRecord } from '../data/notices.ts';
import { spokenReplyBy } from '../domain/rsvp/view.ts';
import { spokenDateTime, spokenMoney } from '../i18n/format.ts';
import type { Language } from '../i18n/languages.ts';
import { messagesFor } from '../i18n/messages.ts';
import type { EmailContent } from './layout.ts';
import type { SubEventRecord } from '../domain/sub-events/rules.ts';

/**
 * The email of each outbox notice kind, for one recipient. Dates are spoken in the event's time zone
 * (Intl, through spokenDateTime), whoever reads them. `calendar` says whether to attach the event's .ics.
 */
export type NoticeEmailContext = {
  recipientName: string;
  /** The guest's RSVP link, when the notice is for a guest whose code could be recovered. */
  rsvpLink?: string;
  /** A team invitation's page (its single-use token in the path), when the notice's token could be opened. */
  teamInvitationLink?: string | undefined;
  /** Base URL for links to the planning app. */
  appBaseUrl: string;
  /** The recipient's language, for the kinds guests receive (shared/i18n/languages.ts chooseLanguage). */
  language: Language;
  /** An attending guest's check-in code and its QR code as PNG, for their confirmation (docs/check-in.md). */
  checkIn?: { code: string; png: Buffer } | undefined;
  /** The sub-events the guest attends, in schedule order, read when a confirmation is sent (docs/sub-events.md). */
  attendingSubEvents?: SubEventRecord[] | undefined;
  /** An RSVP reminder's guest: whether they answered the event (yes), and the sub-events awaiting their answer (docs/sub-events.md). */
  awaitingAnswer?: { eventAnswered: boolean; subEvents: SubEventRecord[] } | undefined;
};

/**
 * `calendar`: which .ics to attach: the event's (`event`; with the sub-events the guest attends, for a
 * confirmation), its cancellation, or only the sub-events they attend (`sub_events`: a guest who declined
 * the event itself may still come to some of them).
 */
export type NoticeEmail = { content: EmailContent; calendar: 'none' | 'event' | 'cancelled' | 'sub_events' };

const placeOf = (event: NoticeRecord['event']) => [event.location_name, event.location_address].filter(Boolean).join(', ');

const isKeyOf = <T extends object>(record: T, key: string): key is Extract<keyof T, string> => Object.hasOwn(record, key);

function changeValue(notice: NoticeRecord, field: string, value: unknown, language: Language): string {
  const words = messagesFor(language).notice.changed;
  if (value === null || value === undefined || value === '') return words.none;
  if (field === 'event_date' && typeof value === 'string') return spokenDateTime(value, notice.event.timezone, language);
  if (field === 'status' && typeof value === 'string' && isKeyOf(words.statuses, value)) return words.statuses[value];
  return String(value);
}

const eventDetails = (notice: NoticeRecord, language: Language): Array<[string, string]> => {
  const { details } = messagesFor(language);
  return [
    [details.when, spokenDateTime(notice.event.event_date, notice.event.timezone, language)],
    ...(placeOf(notice.event) ? [[details.where, placeOf(notice.event)] as [string, string]] : []),
  ];
};

/** The check-in QR code of a confirmation, with the code in words for the plain part and for a reader that shows no pictures. */
const checkInImage = (checkIn: { code: string; png: Buffer }, language: Language) => {
  const words = messagesFor(language).checkIn;
  return { contentId: 'check-in-qr@event-planning', png: checkIn.png, alt: `${words.codeLabel}: ${checkIn.code}`, heading: words.heading, text: `${words.hint} ${words.codeLabel}: ${checkIn.code}` };
};

/** One line per sub-event the guest attends: its title, then when and where (in the event's time zone). */
const subEventDetails = (notice: NoticeRecord, subEvents: Pick<SubEventRecord, 'title' | 'starts_at' | 'location_name' | 'location_address'>[], language: Language): Array<[string, string]> =>
  subEvents.map((subEvent) => {
    const place = [subEvent.location_name, subEvent.location_address].filter(Boolean).join(', ');
    return [subEvent.title, `${spokenDateTime(subEvent.starts_at, notice.event.timezone, language)}${place ? `, ${place}` : ''}`];
  });

/**
 * The sub-event a notice is about (`details.sub_event`): a promotion from its waitlist
 * (shared/data/sub-events/promotion-records.ts) or its day-before reminder (functions/reminders/sub-event-reminders.ts).
 */
type NoticeSubEvent = { id: string; title: string; starts_at: string; location_name?: string; location_address?: string };

function noticeSubEvent(notice: NoticeRecord): NoticeSubEvent | null {
  const subEvent = notice.details?.sub_event as Partial<NoticeSubEvent> | undefined;
  return subEvent && typeof subEvent.id === 'string' && typeof subEvent.title === 'string' && typeof subEvent.starts_at === 'string' ? subEvent as NoticeSubEvent : null;
}

/** A seat freed on a sub-event's waitlist is the guest's: which sub-event, when and where, in their language, with their calendar. */
function subEventPromotion(notice: NoticeRecord, subEvent: NoticeSubEvent, context: NoticeEmailContext, attending: SubEventRecord[]): NoticeEmail {
  const { language } = context;
  const words = messagesFor(language).notice;
  const name = notice.event.name;
  const action = context.rsvpLink ? { label: words.seeOrChange, url: context.rsvpLink } : undefined;
  return {
    calendar: notice.recipient?.rsvp_status === 'yes' ? 'event' : attending.length > 0 ? 'sub_events' : 'none',
    content: {
      subject: words.subEventPromoted.subject(subEvent.title, name),
      heading: words.subEventPromoted.heading,
      paragraphs: [words.hello(context.recipientName), words.subEventPromoted.body(subEvent.title, name)],
      details: subEventDetails(notice, [subEvent], language),
      ...(action ? { action } : {}),
      language,
    },
  };
}

const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/**
 * The email of a notice. The kinds a guest receives speak the guest's language (`context.language`); the
 * planners' kinds (budget alerts, team invitations, task reminders, notifications, digests) stay English.
 */
export function noticeEmail(notice: NoticeRecord, context: NoticeEmailContext): NoticeEmail {
  const name = notice.event.name;
  const { language } = context;
  const words = messagesFor(language).notice;
  const hello = words.hello(context.recipientName);
  const planners = { hello: `Dear ${context.recipientName},` };
  const action = context.rsvpLink ? { label: words.seeOrChange, url: context.rsvpLink } : undefined;
  switch (notice.kind) {
    case 'rsvp_confirmation': {
      const status = notice.recipient?.rsvp_status ?? 'pending';
      const attending = context.attendingSubEvents ?? [];
      const subEvent = noticeSubEvent(notice);
      if (subEvent) return subEventPromotion(notice, subEvent, context, attending);
      const promoted = notice.actor_id === 'system:waitlist';
      return {
        calendar: status === 'yes' ? 'event' : attending.length > 0 ? 'sub_events' : 'none',
        content: {
          subject: promoted ? words.promoted.subject(name) : words.confirmation.subject(name),
          heading: promoted ? words.promoted.heading : words.confirmation.heading,
          paragraphs: [hello, promoted ? words.promoted.body(name) : isKeyOf(words.recorded, status) ? words.recorded[status] : status],
          details: [...eventDetails(notice, language), ...subEventDetails(notice, attending, language)],
          ...(action ? { action } : {}),
          ...(context.checkIn ? { image: checkInImage(context.checkIn, language) } : {}),
          language,
        },
      };
    }
    case 'event_changed':
      return {
        calendar: 'event',
        content: {
          subject: words.changed.subject(name),
          heading: words.changed.heading(name),
          paragraphs: [hello, words.changed.intro],
          details: notice.changes.map((change) => [
            isKeyOf(words.changed.fields, change.field) ? words.changed.fields[change.field] : change.field,
            words.changed.change(changeValue(notice, change.field, change.after, language), changeValue(notice, change.field, change.before, language)),
          ]),
          ...(action ? { action } : {}),
          language,
        },
      };
    case 'event_cancelled':
    case 'event_deleted':
      return {
        calendar: 'cancelled',
        content: { subject: words.cancelled.subject(name), heading: words.cancelled.heading(name), paragraphs: [hello, words.cancelled.body(name)], details: eventDetails(notice, language), language },
      };
    case 'guest_removed':
      return {
        calendar: 'cancelled',
        content: { subject: words.removed.subject(name), heading: name, paragraphs: [hello, words.removed.body(name)], language },
      };
    case 'budget_alert': {
      const alerts = notice.alerts ?? (notice.alert ? [notice.alert] : []);
      // Money as planners read it in English (Intl): `US$1,200.00`; a stored alert without a currency code keeps its figures.
      const amount = (value: unknown, currency: unknown) =>
        typeof value === 'number' && typeof currency === 'string' && /^[A-Z]{3}$/.test(currency) ? spokenMoney(value, currency, 'en') : `${text(value)} ${text(currency)}`;
      return {
        calendar: 'none',
        content: {
          subject: `Budget alert: ${name}`,
          heading: 'Budget alert',
          paragraphs: [planners.hello, alerts.length > 1 ? `A change to the budget of ${name} crossed ${alerts.length} limits:` : text(alerts[0]?.message) || `A budget line of ${name} was crossed.`],
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
              ? `Open the invitation to accept it${expires ? ` by ${spokenDateTime(expires, notice.event.timezone, 'en')}` : ''}. The link works once and only for you: please do not forward it.`
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
            paragraphs: [planners.hello, `These tasks for ${name} are past their due date:`],
            details: tasks.map((task) => [spokenDateTime(task.due_date, notice.event.timezone, 'en'), task.title]),
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
          paragraphs: [planners.hello, `"${text(notice.details?.title)}" for ${name} ${overdue ? 'was' : 'is'} due ${due ? spokenDateTime(due, notice.event.timezone, 'en') : 'soon'}.`],
        },
      };
    }
    case 'rsvp_reminder': {
      const deadline = text(notice.details?.rsvp_deadline);
      // The deadline as the invitation said it (`details.rsvp_deadline` is the instant answering closes).
      const replyBy = deadline ? spokenReplyBy({ ...notice.event, rsvp_deadline: deadline }, language) : null;
      const awaiting = context.awaitingAnswer?.subEvents ?? [];
      // A guest who said yes is asked only for the sub-events awaiting their answer; one who has not answered, for the event and those.
      const subEventsOnly = context.awaitingAnswer?.eventAnswered === true && awaiting.length > 0;
      return {
        calendar: 'none',
        content: {
          subject: subEventsOnly ? words.reminder.subEventsSubject(name) : words.reminder.subject(name),
          heading: subEventsOnly ? words.reminder.subEventsHeading : words.reminder.heading,
          paragraphs: subEventsOnly
            ? [hello, words.reminder.subEventsBody(name, replyBy)]
            : [hello, words.reminder.body(name, replyBy), ...(awaiting.length > 0 ? [words.reminder.alsoSubEvents] : [])],
          details: [...(subEventsOnly ? [] : eventDetails(notice, language)), ...subEventDetails(notice, awaiting, language)],
          ...(context.rsvpLink ? { action: { label: messagesFor(language).invitation.reply, url: context.rsvpLink } } : {}),
          language,
        },
      };
    }
    case 'day_before_reminder': {
      const subEvent = noticeSubEvent(notice);
      if (subEvent) {
        return {
          calendar: 'none',
          content: {
            subject: words.subEventDayBefore.subject(subEvent.title, name),
            heading: words.subEventDayBefore.heading(subEvent.title),
            paragraphs: [hello, words.subEventDayBefore.body(subEvent.title, name)],
            details: subEventDetails(notice, [subEvent], language),
            ...(action ? { action } : {}),
            language,
          },
        };
      }
      return {
        calendar: 'event',
        content: {
          subject: words.dayBefore.subject(name),
          heading: words.dayBefore.heading(name),
          paragraphs: [hello, words.dayBefore.body],
          details: eventDetails(notice, language),
          ...(action ? { action } : {}),
          language,
        },
      };
    }
    case 'announcement':
      // The planner's own subject and text, as written; the greeting and the event's details in the guest's language.
      return {
        calendar: 'none',
        content: {
          subject: text(notice.details?.subject) || name,
          heading: name,
          paragraphs: [hello, ...text(notice.details?.message).split(/\n\s*\n/).map((paragraph) => paragraph.trim()).filter(Boolean)],
          details: eventDetails(notice, language),
          language,
        },
      };
    case 'notification':
      return {
        calendar: 'none',
        content: {
          subject: `${name}: ${text(notice.details?.message)}`,
          heading: name,
          paragraphs: [planners.hello, text(notice.details?.message), 'You get this email because you asked for this kind of notification by email. You can change that in your notification preferences.'],
        },
      };
    case 'weekly_digest': {
      const entries = [...((notice.details?.items_due as { title: string; due_date: string }[] | undefined) ?? []), ...((notice.details?.payments_due as { title: string; due_date: string }[] | undefined) ?? [])];
      return {
        calendar: 'none',
        content: {
          subject: `This week for ${name}`,
          heading: `The week ahead: ${name}`,
          paragraphs: [planners.hello, entries.length ? 'Due this week:' : 'Nothing is due this week.', `Guests yet to answer: ${text(notice.details?.rsvp_pending) || '0'}.`],
          details: entries.map((entry) => [spokenDateTime(entry.due_date, notice.event.timezone, 'en'), entry.title]),
        },
      };
    }
  }
}
