// @ts-nocheck
import { html, type SafeHtml } from '../pages/html.ts';
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
};

export type InvitationTemplate =
  | { kind: 'formal' | 'casual' | 'save_the_date' }
  | { kind: 'custom'; subject: string; body: string };

export const placeholderNames = ['guest_name', 'event_name', 'event_date', 'location', 'rsvp_link', 'host_name'] as const;
const PLACEHOLDER = /\{\{\s*(guest_name|event_name|event_date|location|rsvp_link|host_name)\s*\}\}/g;

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

const detailsOf = (values: InvitationValues): Array<[string, string]> => [
  ['When', values.event_date],
  ...(values.location ? [['Where', values.location] as [string, string]] : []),
  ['Host', values.host_name],
];

const answer = (values: InvitationValues) => ({ label: 'Reply to the invitation', url: values.rsvp_link });
const footer = 'This link is personal to you: please do not forward it. A calendar file is attached.';

export function invitationContent(template: InvitationTemplate, values: InvitationValues): EmailContent {
  switch (template.kind) {
    case 'formal':
      return {
        subject: `Invitation: ${values.event_name}`,
        heading: values.event_name,
        paragraphs: [
          `Dear ${values.guest_name},`,
          `${values.host_name} requests the pleasure of your company at ${values.event_name}.`,
          'Kindly reply using the link below.',
        ],
        details: detailsOf(values),
        action: answer(values),
        footer,
      };
    case 'casual':
      return {
        subject: `You're invited: ${values.event_name}!`,
        heading: `Hi ${values.guest_name}!`,
        paragraphs: [`${values.host_name} would love to see you at ${values.event_name}. Can you make it?`],
        details: detailsOf(values),
        action: { label: "Let us know if you're coming", url: values.rsvp_link },
        footer,
      };
    case 'save_the_date':
      return {
        subject: `Save the date: ${values.event_name}`,
        heading: 'Save the date',
        paragraphs: [`Dear ${values.guest_name}, please keep ${values.event_date} free for ${values.event_name}. A formal invitation follows.`],
        details: detailsOf(values),
        action: { label: 'Tell us now if you can come', url: values.rsvp_link },
        footer,
      };
    case 'custom':
      return {
        subject: fillText(template.subject, values).replace(/[\r\n]+/g, ' '),
        heading: values.event_name,
        paragraphs: template.body
          .split(/\n\s*\n/)
          .filter((paragraph) => paragraph.trim())
          .map((paragraph) => ({ text: fillText(paragraph, values), html: fillHtml(paragraph, values) })),
        details: detailsOf(values),
        ...(template.body.includes('rsvp_link') ? {} : { action: answer(values) }),
        footer,
      };
  }
}
