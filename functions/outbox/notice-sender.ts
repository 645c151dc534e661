import { randomUUID } from 'node:crypto';
import { retryWhileTransient } from '#shared/aws/transient-errors.ts';
import { config } from '#shared/config.ts';
import type { NoticeRecord } from '#shared/data/notices.ts';
import { startScheduledAnnouncement } from '#shared/data/announcements/records.ts';
import { claimNoticeSend, noticeRecipientsDone, type OutboxEntry, recordNoticeSent, releaseOutboxEntry, suppressedAddresses } from '#shared/data/outbox.ts';
import { MAX_SEND_ATTEMPTS, retryDelayMs, sendInDoubt } from '#shared/domain/invitations/delivery.ts';
import { noticeEmail } from '#shared/email/notice-templates.ts';
import { chooseLanguage } from '#shared/i18n/languages.ts';
import { EmailSendFailure } from '#shared/email/ses.ts';
import { deliver } from './deliver.ts';
import { rsvpLinks } from './guest-links.ts';
import { forEachWithConcurrency } from '#shared/concurrency.ts';
import type { SenderRun } from './run-summary.ts';
import { type NoticeRecipientTarget, noticeRecipients } from './notice-recipients.ts';
import { liveRecipientGuests } from '#shared/data/announcements/recipients.ts';
import { withheldReason } from '#shared/domain/announcements/audience.ts';
import { teamInvitationLink } from './team-links.ts';
import { currentCheckInCode } from '#shared/auth/check-in-code-key.ts';
import type { GuestRecord } from '#shared/domain/guests/rules.ts';
import { checkInQrPng } from '#shared/pages/check-in-qr.ts';
import { invitationsOfGuest, listSubEvents } from '#shared/data/sub-events/records.ts';
import { attendedSubEvents, type SubEventRecord } from '#shared/domain/sub-events/rules.ts';

/** An attending guest's check-in code and its QR code, for their confirmation (docs/check-in.md). */
async function checkInPass(guest: GuestRecord): Promise<{ code: string; png: Buffer }> {
  const code = await currentCheckInCode(guest);
  return { code, png: await checkInQrPng(code) };
}

/**
 * The sub-events a guest attends, read when their confirmation is sent (so answers recorded after the
 * event's own answer are in it): the guest's invitations, then the sub-events only when they attend any.
 */
async function attendingSubEventsOf(eventId: string, guest: GuestRecord): Promise<SubEventRecord[]> {
  const invitations = await invitationsOfGuest(eventId, guest.id);
  if (!invitations.some((invitation) => invitation.status === 'yes')) return [];
  return attendedSubEvents(await listSubEvents(eventId), invitations);
}

/**
 * Sends one notice to each of its recipients not yet recorded as sent. Each email is followed by its
 * once-only sent record; transient failures leave the notice pending with a backoff, and after
 * MAX_SEND_ATTEMPTS tries the notice is marked `failed` (kept, never deleted) instead of looping forever.
 *
 * Exactly once as for invitations (invitation-sender.ts): the SENT# record is claimed (`status =
 * sending`) before SES is called and the email's tags name it; a claim never recorded is in doubt for
 * SES_SEND_EVENT_GRACE_SECONDS, in which SES's Send event records it (functions/email-events), and is sent
 * again only after. The notice is done only when no recipient is pending or in doubt.
 */
const SEND_CONCURRENCY = 8;
const NOT_READY_DELAY_MS = 30_000;
/** Kinds whose email links back to the guest's RSVP page. */
const LINKED_KINDS = new Set<NoticeRecord['kind']>(['rsvp_confirmation', 'event_changed', 'rsvp_reminder', 'day_before_reminder']);

type Claimed = { item: Record<string, unknown>; lease: string };

const noticeOf = ({ pk: _pk, sk: _sk, type: _type, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, lease_until: _l, ...notice }: Record<string, unknown>) =>
  notice as NoticeRecord & { attempts?: number };

/**
 * An announcement's recipients still to send, each checked against the guest list now (AN10, one strong
 * BatchGetItem per 100): a guest removed or purged since it was recorded is withheld. Other kinds as they are.
 */
async function withWithheld(notice: NoticeRecord, todo: NoticeRecipientTarget[]): Promise<NoticeRecipientTarget[]> {
  const toCheck = todo.flatMap((recipient) => (recipient.recordedGuestId && !recipient.withheld ? [recipient.recordedGuestId] : []));
  if (notice.kind !== 'announcement' || toCheck.length === 0) return todo;
  const live = await liveRecipientGuests(notice.event_id, toCheck);
  return todo.map((recipient) => {
    if (!recipient.recordedGuestId || recipient.withheld) return recipient;
    const reason = withheldReason(recipient, live.get(recipient.recordedGuestId), notice.created_at);
    return reason ? { ...recipient, withheld: reason } : recipient;
  });
}

export async function sendNotice(entry: Extract<OutboxEntry, { kind: 'NOTICE' }>, claimed: Claimed, context: { now: Date; run: SenderRun }): Promise<void> {
  const notice = noticeOf(claimed.item);
  // A scheduled announcement is `pending` from here on, before any email: a cancel can no longer win (and
  // one whose event was deleted while it waited is cancelled instead).
  if (notice.status === 'scheduled' && (await startScheduledAnnouncement(notice, claimed.lease, context.now)) !== 'started') return;
  const recipients = await noticeRecipients(notice);
  if (!recipients) {
    await releaseOutboxEntry(entry, claimed.lease, { done: false, nextAt: new Date(Date.now() + NOT_READY_DELAY_MS) }, {});
    return;
  }
  const graceMs = config().SES_SEND_EVENT_GRACE_SECONDS * 1000;
  const { done, claimed: inProgress } = await noticeRecipientsDone(notice.id);
  const inDoubt = (key: string) => sendInDoubt({ sending_at: inProgress.get(key) }, context.now, graceMs);
  // When each recipient in doubt may be sent again, unless its Send event records it first.
  const waiting = recipients.filter((recipient) => inDoubt(recipient.key)).map((recipient) => Date.parse(inProgress.get(recipient.key) as string) + graceMs);
  const todo = await withWithheld(notice, recipients.filter((recipient) => !done.has(recipient.key) && !inDoubt(recipient.key)));
  const suppressed = await suppressedAddresses(todo.flatMap((recipient) => (recipient.withheld ? [] : [recipient.email])));
  const linked = LINKED_KINDS.has(notice.kind) ? todo.flatMap((recipient) => (recipient.guest ? [recipient.guest] : [])) : [];
  const [links, teamLink] = await Promise.all([rsvpLinks(linked, { issueWhenMissing: false, now: context.now }), teamInvitationLink(notice)]);
  const attempts = (notice.attempts ?? 0) + 1;
  let transientFailures = 0;
  let finalFailures = 0;
  let lastError = '';

  await forEachWithConcurrency(todo, SEND_CONCURRENCY, async (recipient) => {
    const at = new Date().toISOString();
    if (recipient.withheld) {
      // A guest removed or purged since it was recorded: never written to, and no address kept.
      await recordNoticeSent(notice.id, recipient.key, { status: 'skipped', failure: recipient.withheld, at });
      context.run.skipped += 1;
      return;
    }
    if (suppressed.has(recipient.email.toLowerCase())) {
      await recordNoticeSent(notice.id, recipient.key, { status: 'skipped', email: recipient.email, failure: 'address_suppressed', at });
      context.run.skipped += 1;
      return;
    }
    const link = recipient.guest ? links.get(recipient.guest.id) : undefined;
    const confirmation = notice.kind === 'rsvp_confirmation' ? recipient.guest : undefined;
    const [checkIn, attendingSubEvents] = confirmation
      ? await Promise.all([confirmation.rsvp_status === 'yes' ? checkInPass(confirmation) : undefined, attendingSubEventsOf(notice.event_id, confirmation)])
      : [undefined, []];
    const email = noticeEmail(notice, {
      recipientName: recipient.name, rsvpLink: link, teamInvitationLink: teamLink, checkIn, attendingSubEvents, awaitingAnswer: recipient.awaitingAnswer, appBaseUrl: config().PUBLIC_BASE_URL.replace(/\/+$/, ''),
      language: chooseLanguage({ guest: recipient.language, event: notice.event.default_language }),
    });
    const attempt = randomUUID();
    // The later of the two clocks: a run handed a future `now` (tests) must see its own claims as fresh.
    const sendingAt = new Date(Math.max(Date.now(), context.now.getTime())).toISOString();
    const staleBefore = new Date(context.now.getTime() - graceMs).toISOString();
    if (!(await retryWhileTransient(() => claimNoticeSend(notice.id, recipient.key, { email: recipient.email, attempt, at: sendingAt, staleBefore })))) {
      // Claimed meanwhile, or recorded by its Send event: the next run reads which.
      waiting.push(Date.now());
      return;
    }
    try {
      const messageId = await deliver({
        to: { name: recipient.name, address: recipient.email },
        content: email.content,
        ...(email.calendar === 'none' ? {} : {
          calendar: {
            eventId: notice.event_id, event: notice.event, url: link, cancelled: email.calendar === 'cancelled', at: new Date(notice.created_at),
            withEvent: email.calendar !== 'sub_events',
            ...(confirmation && attendingSubEvents.length > 0 ? { subEvents: { guestId: confirmation.id, attending: attendingSubEvents } } : {}),
          },
        }),
        // SES tag values allow letters, digits, `_` and `-` only: the recipient key goes base64url.
        tags: { kind: 'notice', notice_id: notice.id, event_id: notice.event_id, recipient: Buffer.from(recipient.key).toString('base64url'), attempt },
      });
      // A send that is not recorded would be sent again by the next run: its record outlasts a busy table.
      const recorded = await retryWhileTransient(() => recordNoticeSent(notice.id, recipient.key, { status: 'sent', email: recipient.email, message_id: messageId, at }));
      if (!recorded) context.run.duplicates_detected += 1;
      context.run.notice_emails_sent += 1;
    } catch (error) {
      if (!(error instanceof EmailSendFailure)) throw error;
      context.run.failures += 1;
      if (error.permanent || attempts >= MAX_SEND_ATTEMPTS) {
        await recordNoticeSent(notice.id, recipient.key, { status: 'failed', email: recipient.email, failure: error.reason, at });
        finalFailures += 1;
        return;
      }
      // SES may have accepted it anyway (a timeout): the claim stays, in doubt until its grace ends.
      transientFailures += 1;
      waiting.push(Date.parse(sendingAt) + graceMs);
      lastError = error.reason;
    }
  });

  if (transientFailures > 0 || waiting.length > 0) {
    const retryAt = transientFailures > 0 ? Date.now() + retryDelayMs(attempts) : 0;
    const nextAt = new Date(Math.max(Date.now(), retryAt, waiting.length > 0 ? Math.min(...waiting) : 0));
    await releaseOutboxEntry(entry, claimed.lease, { done: false, nextAt }, transientFailures > 0 ? { attempts, last_error: lastError } : {});
    return;
  }
  await releaseOutboxEntry(entry, claimed.lease, { done: true }, { status: finalFailures > 0 ? 'failed' : 'sent', attempts, sent_at: new Date().toISOString(), recipient_count: recipients.length });
}
