import type { GuestRecord } from '../guests/rules.ts';
import type { InvitationRowStatus } from './delivery.ts';

/**
 * The invitation history's figures. A guest counts once however many batches reached them: sent when any
 * row was sent; opened when SES reported an open or the guest opened their RSVP page after an
 * invitation; responded when they answered. Rates are over the guests sent to (0 when none).
 */
export type InvitationRow = {
  batch_id: string;
  event_id: string;
  guest_id: string;
  email?: string;
  status: InvitationRowStatus;
  attempts: number;
  sent_at?: string;
  message_id?: string;
  /** Set when the outbox claimed the row for a send (cleared once the send is recorded): the send is in doubt. */
  sending_at?: string;
  send_attempt?: string;
  failure?: string;
  delivered_at?: string;
  opened_at?: string;
  clicked_at?: string;
  bounced_at?: string;
  complained_at?: string;
};

export type InvitationStats = {
  sent: number;
  delivered: number;
  opened: number;
  responded: number;
  bounced: number;
  open_rate: number;
  response_rate: number;
};

const rate = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 1000);

/** When the guest first opened: SES's open event or the RSVP page, whichever was first. */
export const openedAt = (row: InvitationRow, guest: GuestRecord | undefined): string | null =>
  [row.opened_at, guest?.opened_at].filter((value): value is string => Boolean(value)).sort()[0] ?? null;

export const respondedAt = (guest: GuestRecord | undefined): string | null =>
  guest && guest.rsvp_status !== 'pending' ? (guest.rsvp_date ?? null) : null;

export function invitationStats(rows: InvitationRow[], guests: Map<string, GuestRecord>): InvitationStats {
  const sentRows = rows.filter((row) => row.sent_at);
  const byGuest = new Map<string, InvitationRow[]>();
  for (const row of sentRows) byGuest.set(row.guest_id, [...(byGuest.get(row.guest_id) ?? []), row]);
  let delivered = 0;
  let opened = 0;
  let responded = 0;
  let bounced = 0;
  for (const [guestId, guestRows] of byGuest) {
    const guest = guests.get(guestId);
    if (guestRows.some((row) => row.delivered_at)) delivered += 1;
    if (guestRows.some((row) => row.bounced_at)) bounced += 1;
    if (guestRows.some((row) => openedAt(row, guest))) opened += 1;
    if (respondedAt(guest)) responded += 1;
  }
  const sent = byGuest.size;
  return { sent, delivered, opened, responded, bounced, open_rate: rate(opened, sent), response_rate: rate(responded, sent) };
}
