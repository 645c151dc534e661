import type { GuestRecord } from '../guests/rules.ts';

/**
 * Each batch counts its rows first opened and first answered (`opened_count`, `answered_count` on the
 * batch item), so its open and response rates are read with the batch, never from its rows. A counter
 * moves in the transaction that marks its row (`opened_at`, `answered_at`), on the condition that the row
 * was not marked yet: at most once per row, however often the guest opens or answers, and EventBridge's
 * redeliveries change nothing.
 *
 * Which row: an SES open names its message's row, so it counts for the batch of the email opened. The RSVP
 * page and answers carry the guest's code, which is the same in every batch, so they count for the latest
 * batch that sent the guest an invitation (the guest's `invitation_batch_id`, moved by the sender). The
 * guest keeps which batch its page open and its answer were counted for (`opened_batch_id`,
 * `answered_batch_id`), so a request knows from the guest alone whether there is anything to count.
 */
export type InvitationMarks = Pick<GuestRecord, 'opened_at' | 'invitation_batch_id' | 'opened_batch_id' | 'answered_batch_id'>;

/**
 * The open a view of the RSVP page should record, or null: the first open of the latest batch's row, or
 * the guest's first open at all when no batch has reached them yet (a link the planner handed over).
 */
export function pageOpenToRecord(guest: InvitationMarks): { batch_id?: string } | null {
  if (guest.invitation_batch_id && guest.opened_batch_id !== guest.invitation_batch_id) return { batch_id: guest.invitation_batch_id };
  return guest.opened_at ? null : {};
}

/** The batch an answer counts for (its row's first answer), or null: none reached the guest, already counted, or not an answer. */
export function answerToCount(before: InvitationMarks, after: Pick<GuestRecord, 'rsvp_status'>): string | null {
  if (after.rsvp_status === 'pending' || !before.invitation_batch_id) return null;
  return before.answered_batch_id === before.invitation_batch_id ? null : before.invitation_batch_id;
}

/** A share of the sent rows, to three decimals (0 when nothing was sent). */
export const rateOf = (part: number, sent: number): number => (sent === 0 ? 0 : Math.round((part / sent) * 1000) / 1000);
