import { batchGetAll } from '#shared/data/collection.ts';
import { eventFromItem } from '#shared/data/events.ts';
import { guestFromItem, guestKey } from '#shared/data/guests.ts';
import { batchFromItem, listInvitationRows, recordRowOutcome, type RowOutcome } from '#shared/data/invitations.ts';
import { eventKeys } from '#shared/data/keys.ts';
import { eventSnapshot } from '#shared/data/notices.ts';
import { type OutboxEntry, releaseOutboxEntry, suppressedAddresses } from '#shared/data/outbox.ts';
import { getUser } from '#shared/data/users.ts';
import type { EventRecord } from '#shared/domain/event-rules.ts';
import type { GuestRecord } from '#shared/domain/guest-rules.ts';
import { countRows, finishedBatchStatus, MAX_SEND_ATTEMPTS, retryDelayMs } from '#shared/domain/invitation-delivery.ts';
import type { InvitationRow } from '#shared/domain/invitation-stats.ts';
import { spokenDateTime } from '#shared/domain/rsvp-view.ts';
import { invitationContent } from '#shared/email/invitation-templates.ts';
import { EmailSendFailure } from '#shared/email/ses.ts';
import { deliver } from './deliver.ts';
import { rsvpLinks } from './guest-links.ts';
import { forEachWithConcurrency } from './pool.ts';
import type { SenderRun } from './run-summary.ts';

/**
 * Sends one invitation batch: its unsent rows in chunks (one batched read of the chunk's guests and
 * suppressed addresses, then at most SEND_CONCURRENCY emails in flight), recording each row right after
 * SES accepts its email. Rows already sent are never sent again, so a rerun of a chunk that failed or
 * was cut off sends only what is missing. The run stops taking chunks at its deadline and leaves the rest
 * for the next run; transient failures come back after a backoff.
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
  const todo = rows.filter((row) => row.status === 'queued' || row.status === 'retry');
  let timeUp = false;
  for (let start = 0; start < todo.length; start += CHUNK_SIZE) {
    if (Date.now() > context.deadline) {
      timeUp = true;
      break;
    }
    await sendChunk(todo.slice(start, start + CHUNK_SIZE), { event, hostName, batch, now: context.now, run: context.run });
  }
  const counts = countRows(rows);
  const finished = timeUp ? null : finishedBatchStatus(counts);
  const tally = { sent_count: counts.sent, failed_count: counts.failed, skipped_count: counts.skipped, attempts: batch.attempts + 1 };
  if (finished) {
    await releaseOutboxEntry(entry, claimed.lease, { done: true }, { ...tally, status: finished, completed_at: new Date().toISOString() });
    return;
  }
  const nextAt = timeUp ? new Date() : new Date(Date.now() + retryDelayMs(batch.attempts + 1));
  await releaseOutboxEntry(entry, claimed.lease, { done: false, nextAt }, { ...tally, status: 'sending' });
}

type ChunkContext = { event: EventRecord; hostName: string; batch: ReturnType<typeof batchFromItem>; now: Date; run: SenderRun };

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
    else outcome = await sendOne(row, guest as GuestRecord & { email: string }, link, context);
    const recorded = await recordRowOutcome(row, outcome, outcome.status === 'sent' && !guest?.invited_at);
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

async function sendOne(row: InvitationRow, guest: GuestRecord & { email: string }, link: string, context: ChunkContext): Promise<RowOutcome> {
  const { event } = context;
  const content = invitationContent(context.batch.template, {
    guest_name: guest.name,
    event_name: event.name,
    event_date: spokenDateTime(event.event_date, event.timezone),
    location: [event.location_name, event.location_address].filter(Boolean).join(', '),
    rsvp_link: link,
    host_name: context.hostName,
  });
  try {
    const messageId = await deliver({
      to: { name: guest.name, address: guest.email },
      content,
      calendar: { eventId: event.id, event: eventSnapshot(event), url: link, at: new Date(event.updated_at) },
      tags: { kind: 'invitation', event_id: event.id, batch_id: row.batch_id, guest_id: guest.id },
    });
    return { status: 'sent', sent_at: new Date().toISOString(), message_id: messageId };
  } catch (error) {
    if (!(error instanceof EmailSendFailure)) throw error;
    const attempts = row.attempts + 1;
    return { status: error.permanent || attempts >= MAX_SEND_ATTEMPTS ? 'failed' : 'retry', failure: error.reason, attempts };
  }
}
