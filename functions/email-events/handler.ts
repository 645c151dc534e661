import type { Context, EventBridgeEvent } from 'aws-lambda';
import { z } from 'zod';
import { config } from '#shared/config.ts';
import { type DeliveryEventField, recordRowDeliveryEvent } from '#shared/data/invitations.ts';
import { suppressAddress } from '#shared/data/outbox.ts';
import { createLogger } from '#shared/logger.ts';

/**
 * SES events (through the configuration set's EventBridge destination): delivery, bounce, complaint,
 * open and click. Each is noted on the invitation row its message's tags name (first time only, so
 * EventBridge's at-least-once delivery cannot double count), and a permanent bounce or a complaint puts
 * the address on the suppression list, which every later send checks. Anything else is ignored.
 */
const tagValue = z.array(z.string()).optional();

const sesEventDetail = z.object({
  eventType: z.string(),
  mail: z.object({
    timestamp: z.string(),
    messageId: z.string(),
    tags: z.object({ kind: tagValue, event_id: tagValue, batch_id: tagValue, guest_id: tagValue }).passthrough().default({}),
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

export type EmailEventOutcome = 'recorded' | 'suppressed_only' | 'ignored' | 'row_gone';

export async function recordEmailEvent(detail: SesEventDetail): Promise<EmailEventOutcome> {
  const field = fieldOf[detail.eventType];
  if (!field) return 'ignored';
  const at = detail.bounce?.timestamp ?? detail.complaint?.timestamp ?? detail.delivery?.timestamp ?? detail.open?.timestamp ?? detail.click?.timestamp ?? detail.mail.timestamp;
  const stopMailing = (detail.bounce?.bounceType === 'Permanent' ? detail.bounce.bouncedRecipients : []).concat(detail.complaint?.complainedRecipients ?? []);
  await Promise.all(stopMailing.map((recipient) => suppressAddress(recipient.emailAddress, detail.eventType === 'Bounce' ? 'bounce' : 'complaint', at)));
  const [kind] = detail.mail.tags.kind ?? [];
  const [eventId] = detail.mail.tags.event_id ?? [];
  const [batchId] = detail.mail.tags.batch_id ?? [];
  const [guestId] = detail.mail.tags.guest_id ?? [];
  if (kind !== 'invitation' || !eventId || !batchId || !guestId) return stopMailing.length > 0 ? 'suppressed_only' : 'ignored';
  const bounceDetail = detail.bounce ? `${detail.bounce.bounceType} bounce` : undefined;
  return (await recordRowDeliveryEvent({ event_id: eventId, batch_id: batchId, guest_id: guestId }, field, at, bounceDetail)) ? 'recorded' : 'row_gone';
}

export async function handler(event: EventBridgeEvent<string, unknown>, context: Context): Promise<EmailEventOutcome> {
  const log = createLogger({ component: 'email-events', requestId: context.awsRequestId }, config().LOG_LEVEL);
  const parsed = sesEventDetail.safeParse(event.detail);
  if (!parsed.success) {
    // Not an SES event this function understands: retrying would not help, so it is logged and dropped.
    log.warn('email event ignored', { detailType: event['detail-type'], problems: parsed.error.issues.length });
    return 'ignored';
  }
  const outcome = await recordEmailEvent(parsed.data);
  log.info('email event', { type: parsed.data.eventType, messageId: parsed.data.mail.messageId, outcome });
  return outcome;
}
