import { randomUUID } from 'node:crypto';
import { retryWhileTransient } from '#shared/aws/transient-errors.ts';
import { config } from '#shared/config.ts';
import { batchGetAll } from '#shared/data/collection.ts';
import { eventFromItem } from '#shared/data/events/records.ts';
import { guestFromItem, guestKey } from '#shared/data/guests/reads.ts';
import { batchFromItem, claimRowSend, listInvitationRows, recordRowOutcome, type RowOutcome } from '#shared/data/invitations/rows.ts';
import { eventKeys } from '#shared/data/keys.ts';
import { eventSnapshot } from '#shared/data/notices.ts';
import { type OutboxEntry, releaseOutboxEntry, suppressedAddresses } from '#shared/data/outbox.ts';
import { getUser } from '#shared/data/users.ts';
import type { EventRecord } from '#shared/domain/events/rules.ts';
import type { GuestRecord } from '#shared/domain/guests/rules.ts';
import { countRows, finishedBatchStatus, MAX_SEND_ATTEMPTS, nextBatchRunAt, retryDelayMs, sendInDoubt } from '#shared/domain/invitations/delivery.ts';
import type { InvitationRow } from '#shared/domain/invitations/stats.ts';
import { spokenReplyBy } from '#shared/domain/rsvp/view.ts';
import { spokenDateTime } from '#shared/i18n/format.ts';
import { chooseLanguage } from '#shared/i18n/languages.ts';
import { invitationContent } from '#shared/email/invitation-templates.ts';
import { EmailSendFailure } from '#shared/email/ses.ts';
import { deliver } from './deliver.ts';
import { rsvpLinks } from './guest-links.ts';
import { forEachWithConcurrency } from '#shared/concurrency.ts';
import type { SenderRun } from './run-summary.ts';

/**
 * Sends one invitation batch: its unsent rows in chunks (one batched read of the chunk's guests and
 * suppressed addresses, then at most SEND_CONCURRENCY emails in flight), recording each row right after
 * SES accepts its email. Rows already sent are never sent again, so a rerun of a chunk that failed or
 * was cut off sends only what is missing. The run stops taking chunks at its deadline and leaves the rest
 * for the next run; transient failures come back after a backoff.
 *
 * Exactly once, although SES has no idempotency key: each row is claimed (`sending_at`, a fresh
 * `send_attempt`) before SES is called, and the email's tags name the row and the attempt. A claimed row
 * that was never recorded (the process died after SES accepted it) is in doubt: it is left alone for
 * SES_SEND_EVENT_GRACE_SECONDS, in which SES's Send event for it (functions/email-events) marks it sent;
 * a row still unrecorded after that was never accepted, and is sent again. The batch is finished only
 * when no row is pending or in doubt.
 */
export const CHUNK_SIZE = 50;
export const SEND_CONCURRENCY = 8;

type Claimed = { item: Record<string, unknown>; lease: string };

export async function sendInvitationBatch(entry: Extract<OutboxEntry, { kind: 'INVITATION' }>, claimed: Claimed, context: { now: Date; deadline: number; run: SenderRun }): Promise<void> {
  const batch = batchFromItem(claimed.item);
  const [eventItem] = await batchGetAll([eventKeys.item(entry.eventId)]);
  const event = eventItem ? eventFromItem(eventItem) : null;
  if (!event || event.deleting_at) {
    // The batch goes with its event's collection; nothing may be sent for an event being deleted.
    await releaseOutboxEntry(entry, claimed.lease, { done: true }, { status: 'partially_failed' });
    return;
  }
  const host = await getUser(event.organizer_id);
  const hostName = host ? host.full_name || host.username : 'Your host';
  const rows = await listInvitationRows(entry.eventId, entry.batchId);
  const graceMs = config().SES_SEND_EVENT_GRACE_SECONDS * 1000;
  const todo = rows.filter((row) => (row.status === 'queued' || row.status === 'retry') && !sendInDoubt(row, context.now, graceMs));
  let timeUp = false;
  for (let start = 0; start < todo.length; start += CHUNK_SIZE) {
    if (Date.now() > context.deadline) {
      timeUp = true;
      break;
    }
    await sendChunk(todo.slice(start, start + CHUNK_SIZE), { event, hostName, batch, now: context.now, graceMs, run: context.run });
  }
  const counts = countRows(rows);
  const finished = timeUp ? null : finishedBatchStatus(counts);
  const tally = { sent_count: counts.sent, failed_count: counts.failed, skipped_count: counts.skipped, attempts: batch.attempts + 1 };
  if (finished) {
    await releaseOutboxEntry(entry, claimed.lease, { done: true }, { ...tally, status: finished, completed_at: new Date().toISOString() });
    return;
  }
  const retryAt = new Date(Date.now() + retryDelayMs(batch.attempts + 1));
  const pending = rows.filter((row) => row.status === 'queued' || row.status === 'retry');
  const nextAt = timeUp ? new Date() : nextBatchRunAt(pending, { now: new Date(), retryAt, graceMs });
  await releaseOutboxEntry(entry, claimed.lease, { done: false, nextAt }, { ...tally, status: 'sending' });
}

type ChunkContext = { event: EventRecord; hostName: string; batch: ReturnType<typeof batchFromItem>; now: Date; graceMs: number; run: SenderRun };

async function sendChunk(rows: InvitationRow[], context: ChunkContext): Promise<void> {
  const { batch } = context;
  const guestItems = await batchGetAll(rows.map((row) => guestKey({ event_id: row.event_id, id: row.guest_id })));
  const guests = new Map(guestItems.map((item) => guestFromItem(item)).map((guest) => [guest.id, guest]));
  const suppressed = await suppressedAddresses([...guests.values()].flatMap((guest) => (guest.email ? [guest.email] : [])));
  const links = await rsvpLinks([...guests.values()].filter((guest) => guest.email), { issueWhenMissing: true, now: context.now });

  await forEachWithConcurrency(rows, SEND_CONCURRENCY, async (row) => {
    const guest = guests.get(row.guest_id);
    const skip = skipReason(guest, batch, suppressed);
    const link = guest ? links.get(guest.id) : undefined;
    let outcome: RowOutcome;
    if (skip) outcome = { status: 'skipped', failure: skip, attempts: row.attempts };
    else if (!link) outcome = { status: 'retry', failure: 'The guest changed while their link was being issued', attempts: row.attempts + 1 };
    else {
      const sent = await claimAndSend(row, guest as GuestRecord & { email: string }, link, context);
      // Claimed meanwhile by another attempt, or recorded sent by its Send event: nothing to do here.
      if (!sent) return;
      outcome = sent;
    }
    // A send that is not recorded would be sent again by the next run: its record outlasts a busy table.
    const recorded = await retryWhileTransient(() => recordRowOutcome(row, outcome));
    if (recorded === 'duplicate') context.run.duplicates_detected += 1;
    row.status = recorded === 'duplicate' ? 'sent' : outcome.status;
    if (outcome.status === 'sent') context.run.invitations_sent += 1;
    else if (outcome.status === 'skipped') context.run.skipped += 1;
    else context.run.failures += 1;
  });
}

function skipReason(guest: GuestRecord | undefined, batch: ChunkContext['batch'], suppressed: Set<string>): string | null {
  if (!guest) return 'guest_removed';
  if (!guest.email) return 'no_email';
  if (suppressed.has(guest.email.toLowerCase())) return 'address_suppressed';
  // Two first-invitation batches queued for the same guest: the one sent first wins.
  if (guest.invited_at && !batch.resend && !batch.audience) return 'already_invited';
  return null;
}

/** Claims the row, then sends; null when the row cannot be claimed (no longer pending, or in doubt). */
async function claimAndSend(row: InvitationRow, guest: GuestRecord & { email: string }, link: string, context: ChunkContext): Promise<RowOutcome | null> {
  const { event } = context;
  const attempt = randomUUID();
  // The later of the two clocks: a run handed a future `now` (tests) must see its own claims as fresh.
  const at = new Date(Math.max(Date.now(), context.now.getTime())).toISOString();
  const staleBefore = new Date(context.now.getTime() - context.graceMs).toISOString();
  if (!(await retryWhileTransient(() => claimRowSend(row, { attempt, at, staleBefore })))) return null;
  row.sending_at = at;
  const language = chooseLanguage({ guest: guest.language, event: event.default_language });
  const content = invitationContent(context.batch.template, {
    guest_name: guest.name,
    event_name: event.name,
    event_date: spokenDateTime(event.event_date, event.timezone, language),
    location: [event.location_name, event.location_address].filter(Boolean).join(', '),
    rsvp_link: link,
    host_name: context.hostName,
    rsvp_deadline: spokenReplyBy(event, language) ?? '',
  }, language);
  try {
    const messageId = await deliver({
      to: { name: guest.name, address: guest.email },
      content,
      calendar: { eventId: event.id, event: eventSnapshot(event), url: link, at: new Date(event.updated_at) },
      tags: { kind: 'invitation', event_id: event.id, batch_id: row.batch_id, guest_id: guest.id, attempt },
    });
    return { status: 'sent', sent_at: new Date().toISOString(), message_id: messageId };
  } catch (error) {
    if (!(error instanceof EmailSendFailure)) throw error;
    const attempts = row.attempts + 1;
    // A refused message certainly sent nothing; any other failure (a timeout after SES accepted) may have.
    if (error.permanent) return { status: 'failed', failure: error.reason, attempts };
    return { status: attempts >= MAX_SEND_ATTEMPTS ? 'failed' : 'retry', failure: error.reason, attempts, inDoubt: true };
  }
}
