import type { Language } from '../i18n/languages.ts';
import { messagesFor } from '../i18n/messages.ts';
import { html, type SafeHtml, trusted } from '../pages/html.ts';

/**
 * One shape for every email, rendered twice: as plain text and as HTML. Content is data (headings,
 * paragraphs, label/value pairs, one action link); every value goes through the escaping `html` template,
 * so nothing a planner or guest typed becomes markup. Styles are inline: mail clients drop <style>.
 */
export type EmailContent = {
  subject: string;
  heading: string;
  /** Plain text paragraphs; a SafeHtml paragraph is a fragment already built with `html`. */
  paragraphs: Array<string | { text: string; html: SafeHtml }>;
  details?: Array<[label: string, value: string]>;
  action?: { label: string; url: string };
  /** One inline picture (the check-in QR code): shown by its Content-ID, its text stands in the plain part. */
  image?: { contentId: string; png: Buffer; alt: string; heading: string; text: string };
  footer?: string;
  /** The reader's language: the page's `lang` and the few words the frame adds (English when absent). */
  language?: Language;
};

export type RenderedEmail = { subject: string; text: string; html: string };

const style = {
  body: 'margin:0;padding:24px;background:#f5f7fa;font-family:Arial,Helvetica,sans-serif;color:#1f2933',
  card: 'max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #d9e2ec;border-radius:12px;padding:24px',
  button: 'display:inline-block;background:#0b6e4f;color:#ffffff;text-decoration:none;font-weight:bold;padding:12px 20px;border-radius:8px',
  muted: 'color:#52606d;font-size:13px',
};

export function renderEmail(content: EmailContent): RenderedEmail {
  const language = content.language ?? 'en';
  const openLink = messagesFor(language).email.openLink;
  const paragraphText = (paragraph: EmailContent['paragraphs'][number]) => (typeof paragraph === 'string' ? paragraph : paragraph.text);
  const text = [
    content.heading,
    '',
    ...content.paragraphs.flatMap((paragraph) => [paragraphText(paragraph), '']),
    ...(content.details ?? []).map(([label, value]) => `${label}: ${value}`),
    ...(content.details?.length ? [''] : []),
    ...(content.action ? [`${content.action.label}: ${content.action.url}`, ''] : []),
    ...(content.image ? [content.image.heading, content.image.text, ''] : []),
    ...(content.footer ? [content.footer] : []),
  ].join('\n');

  const body = html`<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${content.subject}</title></head>
<body style="${trusted(style.body)}"><div style="${trusted(style.card)}">
<h1 style="font-size:22px;margin:0 0 16px">${content.heading}</h1>
${content.paragraphs.map((paragraph) => html`<p>${typeof paragraph === 'string' ? paragraph : paragraph.html}</p>`)}
${content.details?.length ? html`<table role="presentation" style="border-collapse:collapse;margin:8px 0 16px">${content.details.map(([label, value]) => html`<tr><td style="padding:4px 12px 4px 0;font-weight:bold;vertical-align:top">${label}</td><td style="padding:4px 0">${value}</td></tr>`)}</table>` : ''}
${content.action ? html`<p><a href="${content.action.url}" style="${trusted(style.button)}">${content.action.label}</a></p><p style="${trusted(style.muted)}">${openLink} ${content.action.url}</p>` : ''}
${content.image ? html`<h2 style="font-size:18px;margin:16px 0 8px">${content.image.heading}</h2><p><img src="cid:${content.image.contentId}" alt="${content.image.alt}" width="240" height="240"></p><p style="${trusted(style.muted)}">${content.image.text}</p>` : ''}
${content.footer ? html`<p style="${trusted(style.muted)}">${content.footer}</p>` : ''}
</div></body></html>`;
  return { subject: content.subject, text, html: body.value };
}
