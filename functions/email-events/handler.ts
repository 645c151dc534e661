import type { Context, EventBridgeEvent } from 'aws-lambda';
import * as z from 'zod';
import { config } from '#shared/config.ts';
import { recordEmailOpen } from '#shared/data/invitations/counters.ts';
import { type DeliveryEventField, recordRowDeliveryEvent, recordRowSendAccepted } from '#shared/data/invitations/rows.ts';
import { recordAccountMailSendAccepted } from '#shared/data/accounts/account-mail.ts';
import { recordNoticeDeliveryEvent, recordNoticeSendAccepted, suppressAddress } from '#shared/data/outbox.ts';
import { createLogger } from '#shared/logger.ts';
import { countEmailsBounced } from '#shared/observability/metrics.ts';
import { tracedHandler } from '#shared/observability/tracer.ts';

/**
 * SES events (through the configuration set's EventBridge destination): send, delivery, bounce, complaint,
 * open and click. Each is noted on the invitation row its message's tags name (first time only, so
 * EventBridge's at-least-once delivery cannot double count), and a permanent bounce or a complaint puts
 * the address on the suppression list, which every later send checks. Anything else is ignored.
 *
 * A Send event (SES accepted the message) records the invitation row, the notice's SENT# record or the account mail, as
 * sent with its message id when the outbox did not (it died between SES and its record): that is what
 * keeps the outbox from sending it again (functions/outbox/invitation-sender.ts, notice-sender.ts). A Send
 * event for a recipient already sent another message is reported as `duplicate_send`.
 */
const tagValue = z.array(z.string()).optional();

const sesEventDetail = z.object({
  eventType: z.string(),
  mail: z.object({
    timestamp: z.string(),
    messageId: z.string(),
    destination: z.array(z.string()).optional(),
    tags: z.object({ kind: tagValue, event_id: tagValue, batch_id: tagValue, guest_id: tagValue, notice_id: tagValue, recipient: tagValue, mail_id: tagValue }).passthrough().default({}),
  }),
  bounce: z.object({ bounceType: z.string(), timestamp: z.string().optional(), bouncedRecipients: z.array(z.object({ emailAddress: z.string() })) }).optional(),
  complaint: z.object({ timestamp: z.string().optional(), complainedRecipients: z.array(z.object({ emailAddress: z.string() })) }).optional(),
  delivery: z.object({ timestamp: z.string().optional() }).optional(),
  open: z.object({ timestamp: z.string().optional() }).optional(),
  click: z.object({ timestamp: z.string().optional(), link: z.string().optional() }).optional(),
});
type SesEventDetail = z.infer<typeof sesEventDetail>;

const fieldOf: Record<string, DeliveryEventField> = {
  Delivery: 'delivered_at',
  Bounce: 'bounced_at',
  Complaint: 'complained_at',
  Open: 'opened_at',
  Click: 'clicked_at',
};

export type EmailEventOutcome = 'recorded' | 'already_noted' | 'suppressed_only' | 'ignored' | 'row_gone' | 'duplicate_send';

/** The invitation row a message's tags name, or null for any other message. */
function taggedRow(tags: SesEventDetail['mail']['tags']) {
  const [kind] = tags.kind ?? [];
  const [eventId] = tags.event_id ?? [];
  const [batchId] = tags.batch_id ?? [];
  const [guestId] = tags.guest_id ?? [];
  return kind === 'invitation' && eventId && batchId && guestId ? { event_id: eventId, batch_id: batchId, guest_id: guestId } : null;
}

/** The notice recipient a message's tags name (the recipient key travels base64url), or null. */
function taggedNotice(tags: SesEventDetail['mail']['tags']) {
  const [kind] = tags.kind ?? [];
  const [noticeId] = tags.notice_id ?? [];
  const [recipient] = tags.recipient ?? [];
  return kind === 'notice' && noticeId && recipient ? { noticeId, recipientKey: Buffer.from(recipient, 'base64url').toString('utf8') } : null;
}

/** The account mail a message's tags name, or null. */
function taggedAccountMail(tags: SesEventDetail['mail']['tags']) {
  const [kind] = tags.kind ?? [];
  const [mailId] = tags.mail_id ?? [];
  return kind === 'account_mail' && mailId ? mailId : null;
}

export async function recordEmailEvent(detail: SesEventDetail): Promise<EmailEventOutcome> {
  if (detail.eventType === 'Send') {
    const row = taggedRow(detail.mail.tags);
    if (row) return recordRowSendAccepted(row, { message_id: detail.mail.messageId, sent_at: detail.mail.timestamp });
    const accountMail = taggedAccountMail(detail.mail.tags);
    if (accountMail) return recordAccountMailSendAccepted(accountMail, { message_id: detail.mail.messageId, at: detail.mail.timestamp });
    const notice = taggedNotice(detail.mail.tags);
    if (!notice) return 'ignored';
    return recordNoticeSendAccepted(notice.noticeId, notice.recipientKey, { email: detail.mail.destination?.[0], message_id: detail.mail.messageId, at: detail.mail.timestamp });
  }
  const field = fieldOf[detail.eventType];
  if (!field) return 'ignored';
  const at = detail.bounce?.timestamp ?? detail.complaint?.timestamp ?? detail.delivery?.timestamp ?? detail.open?.timestamp ?? detail.click?.timestamp ?? detail.mail.timestamp;
  const stopMailing = (detail.bounce?.bounceType === 'Permanent' ? detail.bounce.bouncedRecipients : []).concat(detail.complaint?.complainedRecipients ?? []);
  await Promise.all(stopMailing.map((recipient) => suppressAddress(recipient.emailAddress, detail.eventType === 'Bounce' ? 'bounce' : 'complaint', at)));
  const row = taggedRow(detail.mail.tags);
  if (!row) {
    // A notice's email (an announcement's counts read these): noted on its recipient's SENT# record.
    const notice = taggedNotice(detail.mail.tags);
    if (notice) return (await recordNoticeDeliveryEvent(notice.noticeId, notice.recipientKey, field, at)) ? 'recorded' : 'row_gone';
    return stopMailing.length > 0 ? 'suppressed_only' : 'ignored';
  }
  // An open also counts for its batch's open rate, once per row.
  if (field === 'opened_at') return (await recordEmailOpen(row, at)) === 'recorded' ? 'recorded' : 'already_noted';
  const bounceDetail = detail.bounce ? `${detail.bounce.bounceType} bounce` : undefined;
  return (await recordRowDeliveryEvent(row, field, at, bounceDetail)) ? 'recorded' : 'row_gone';
}

async function handle(event: EventBridgeEvent<string, unknown>, context: Context): Promise<EmailEventOutcome> {
  const log = createLogger({ component: 'email-events', requestId: context.awsRequestId }, config().LOG_LEVEL);
  const parsed = sesEventDetail.safeParse(event.detail);
  if (!parsed.success) {
    // Not an SES event this function understands: retrying would not help, so it is logged and dropped.
    log.warn('email event ignored', { detailType: event['detail-type'], problems: parsed.error.issues.length });
    return 'ignored';
  }
  const outcome = await recordEmailEvent(parsed.data);
  if (parsed.data.bounce) countEmailsBounced(parsed.data.bounce.bouncedRecipients.length);
  // A second message accepted for one row is the exactly-once promise broken (a grace too short for SES's events).
  if (outcome === 'duplicate_send') log.warn('second email accepted for one invitation row', { messageId: parsed.data.mail.messageId });
  else log.info('email event', { type: parsed.data.eventType, messageId: parsed.data.mail.messageId, outcome });
  return outcome;
}

export const handler = tracedHandler(handle);
