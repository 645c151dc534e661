import MailComposer from 'nodemailer/lib/mail-composer/index.js';

/**
 * The raw MIME message of one email, built by nodemailer's MailComposer (headers encoded, parts and
 * boundaries right) rather than by hand: a text part, an HTML part, and optional attachments.
 */
export type EmailMessage = {
  from: string;
  to: { name?: string; address: string };
  subject: string;
  text: string;
  html: string;
  /** A calendar file travels as text/calendar, which mail clients offer to add to a calendar. */
  calendar?: { filename: string; content: string };
  /** Pictures the HTML part shows by `cid:` (multipart/related), such as the check-in QR code. */
  inlineImages?: Array<{ contentId: string; filename: string; png: Buffer }>;
};

export async function composeRawEmail(message: EmailMessage): Promise<Buffer> {
  const composer = new MailComposer({
    from: message.from,
    to: message.to.name ? { name: message.to.name, address: message.to.address } : message.to.address,
    subject: message.subject,
    text: message.text,
    html: message.html,
    attachments: [
      ...(message.calendar ? [{ filename: message.calendar.filename, content: message.calendar.content, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' }] : []),
      ...(message.inlineImages ?? []).map((image) => ({ filename: image.filename, content: image.png, contentType: 'image/png', cid: image.contentId, contentDisposition: 'inline' as const })),
    ],
  });
  return composer.compile().build();
}
