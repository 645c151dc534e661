import type { GuestRecord } from '../guests/rules.ts';
import type { InvitationRowStatus } from './delivery.ts';

/**
 * An invitation row (one per guest and batch), and when its guest opened (SES reported an open, or the
 * guest opened their RSVP page) and answered, as the invitations list shows them.
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
  /** The guest's first answer after this batch reached them (counted in the batch's `answered_count`). */
  answered_at?: string;
  clicked_at?: string;
  bounced_at?: string;
  complained_at?: string;
};

/** When the guest first opened: SES's open event or the RSVP page, whichever was first. */
export const openedAt = (row: InvitationRow, guest: GuestRecord | undefined): string | null =>
  [row.opened_at, guest?.opened_at].filter((value): value is string => Boolean(value)).sort()[0] ?? null;

export const respondedAt = (guest: GuestRecord | undefined): string | null =>
  guest && guest.rsvp_status !== 'pending' ? (guest.rsvp_date ?? null) : null;
