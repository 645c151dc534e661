import type { InvitationBatch } from '#shared/data/invitations/rows.ts';
import type { GuestRecord } from '#shared/domain/guests/rules.ts';
import { rateOf } from '#shared/domain/invitations/counters.ts';
import { type InvitationRow, openedAt, respondedAt } from '#shared/domain/invitations/stats.ts';

/** How the API shows batches and rows: model names, absent values as null, never a code. */
export const presentBatch = (batch: InvitationBatch) => ({
  id: batch.id,
  event_id: batch.event_id,
  status: batch.status,
  template: batch.template.kind,
  ...(batch.template.kind === 'custom' ? { subject: batch.template.subject } : {}),
  audience: batch.audience ?? null,
  resend: batch.resend,
  send_at: batch.send_at,
  queued: batch.recipient_count,
  sent: batch.sent_count,
  failed: batch.failed_count,
  skipped: batch.skipped_count,
  opened: batch.opened_count ?? 0,
  answered: batch.answered_count ?? 0,
  open_rate: rateOf(batch.opened_count ?? 0, batch.sent_count),
  response_rate: rateOf(batch.answered_count ?? 0, batch.sent_count),
  created_at: batch.created_at,
  completed_at: batch.completed_at ?? null,
});

export const presentRow = (row: InvitationRow, guest: GuestRecord | undefined) => ({
  batch_id: row.batch_id,
  guest_id: row.guest_id,
  guest_name: guest?.name ?? null,
  email: guest?.email ?? row.email ?? null,
  status: row.status,
  sent_at: row.sent_at ?? null,
  delivered_at: row.delivered_at ?? null,
  opened_at: row.sent_at ? openedAt(row, guest) : null,
  clicked_at: row.clicked_at ?? null,
  responded_at: respondedAt(guest),
  rsvp_status: guest?.rsvp_status ?? null,
  bounced_at: row.bounced_at ?? null,
  failure_reason: row.failure ?? null,
});
