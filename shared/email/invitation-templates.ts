import { html, type SafeHtml } from '../pages/html.ts';
import type { Language } from '../i18n/languages.ts';
import { type Messages, messagesFor } from '../i18n/messages.ts';
import type { EmailContent } from './layout.ts';

/**
 * Invitation emails: three built-in templates and a planner's own subject and body with placeholders.
 * A custom body is the planner's plain text: every character is escaped in the HTML part, placeholders
 * are replaced by escaped values, and `{{rsvp_link}}` becomes a link.
 */
export type InvitationValues = {
  guest_name: string;
  event_name: string;
  /** Spoken in the event's time zone. */
  event_date: string;
  location: string;
  rsvp_link: string;
  host_name: string;
  /** The last day to answer, spoken in the event's time zone; empty when the event has no deadline. */
  rsvp_deadline: string;
};

export type InvitationTemplate =
  | { kind: 'formal' | 'casual' | 'save_the_date' }
  | { kind: 'custom'; subject: string; body: string };

export const placeholderNames = ['guest_name', 'event_name', 'event_date', 'location', 'rsvp_link', 'host_name', 'rsvp_deadline'] as const;
const PLACEHOLDER = /\{\{\s*(guest_name|event_name|event_date|location|rsvp_link|host_name|rsvp_deadline)\s*\}\}/g;

export const fillText = (template: string, values: InvitationValues): string =>
  template.replace(PLACEHOLDER, (_, name: keyof InvitationValues) => values[name]);

/** One paragraph of a custom body as escaped HTML, the link placeholder as an anchor. */
function fillHtml(paragraph: string, values: InvitationValues): SafeHtml {
  const pieces: Array<SafeHtml | string> = [];
  let last = 0;
  for (const match of paragraph.matchAll(PLACEHOLDER)) {
    pieces.push(paragraph.slice(last, match.index));
    const name = match[1] as keyof InvitationValues;
    pieces.push(name === 'rsvp_link' ? html`<a href="${values.rsvp_link}">${values.rsvp_link}</a>` : values[name]);
    last = (match.index ?? 0) + match[0].length;
  }
  pieces.push(paragraph.slice(last));
  const lines = pieces.map((piece) => (typeof piece === 'string' ? piece.split('\n').map((line, index) => (index === 0 ? html`${line}` : html`<br>${line}`)) : piece));
  return html`${lines}`;
}

const detailsOf = (values: InvitationValues, words: Messages): Array<[string, string]> => [
  [words.details.when, values.event_date],
  ...(values.location ? [[words.details.where, values.location] as [string, string]] : []),
  [words.details.host, values.host_name],
];

const answer = (values: InvitationValues, words: Messages) => ({ label: words.invitation.reply, url: values.rsvp_link });
/** Every invitation names the deadline; a custom body that places `{{rsvp_deadline}}` itself gets no second mention. */
const replyBy = (values: InvitationValues, words: Messages): string[] => (values.rsvp_deadline ? [words.invitation.replyBy(values.rsvp_deadline)] : []);

/**
 * The invitation in the guest's language. A custom subject and body are the planner's own words and stay
 * as written; what the template adds around them (labels, the deadline, the link, the footer) is translated.
 */
export function invitationContent(template: InvitationTemplate, values: InvitationValues, language: Language): EmailContent {
  const words = messagesFor(language);
  const { formal, casual, saveTheDate, footer } = words.invitation;
  const common = { details: detailsOf(values, words), footer, language };
  switch (template.kind) {
    case 'formal':
      return {
        subject: formal.subject(values.event_name),
        heading: values.event_name,
        paragraphs: [formal.dear(values.guest_name), formal.body(values.host_name, values.event_name), formal.kindly, ...replyBy(values, words)],
        action: answer(values, words),
        ...common,
      };
    case 'casual':
      return {
        subject: casual.subject(values.event_name),
        heading: casual.heading(values.guest_name),
        paragraphs: [casual.body(values.host_name, values.event_name), ...replyBy(values, words)],
        action: { label: casual.action, url: values.rsvp_link },
        ...common,
      };
    case 'save_the_date':
      return {
        subject: saveTheDate.subject(values.event_name),
        heading: saveTheDate.heading,
        paragraphs: [saveTheDate.body(values.guest_name, values.event_date, values.event_name), ...replyBy(values, words)],
        action: { label: saveTheDate.action, url: values.rsvp_link },
        ...common,
      };
    case 'custom':
      return {
        subject: fillText(template.subject, values).replace(/[\r\n]+/g, ' '),
        heading: values.event_name,
        paragraphs: [
          ...template.body
            .split(/\n\s*\n/)
            .filter((paragraph) => paragraph.trim())
            .map((paragraph) => ({ text: fillText(paragraph, values), html: fillHtml(paragraph, values) })),
          ...(template.body.includes('rsvp_deadline') ? [] : replyBy(values, words)),
        ],
        ...(template.body.includes('rsvp_link') ? {} : { action: answer(values, words) }),
        ...common,
      };
  }
}
