/**
 * Which guests a guest-facing notice reaches, judged on the guest's answer (docs/notices.md has the table).
 * "In contact" is a guest the hosts have reached or heard from: sent an invitation, or holding an
 * answer, whoever entered it (the guest on the RSVP page, or a planner on their behalf). Only such a
 * guest has expectations a change or a cancellation upsets; a name on the list nobody has written to
 * has not. A guest without an email is never a recipient (the sender drops them).
 */
export type GuestAnswerFacts = { rsvp_status?: string; invited_at?: string; created_at?: string };

export const guestNoticeKinds = ['event_changed', 'event_cancelled', 'event_deleted', 'guest_removed', 'rsvp_reminder', 'day_before_reminder'] as const;
export type GuestNoticeKind = (typeof guestNoticeKinds)[number];
export const isGuestNoticeKind = (kind: string): kind is GuestNoticeKind => (guestNoticeKinds as readonly string[]).includes(kind);

const hasAnswered = (guest: GuestAnswerFacts) => guest.rsvp_status !== undefined && guest.rsvp_status !== 'pending';

export const hasBeenInContact = (guest: GuestAnswerFacts): boolean => Boolean(guest.invited_at) || hasAnswered(guest);

/**
 * In contact when the notice was recorded (`at`): invited by then, or answering and on the list by then.
 * A guest first invited after a change reads the new details in the invitation itself.
 */
export const inContactBefore = (guest: GuestAnswerFacts, at: string): boolean =>
  (guest.invited_at !== undefined && guest.invited_at <= at) || (hasAnswered(guest) && (guest.created_at ?? '') <= at);

const rules: Record<GuestNoticeKind, (guest: GuestAnswerFacts) => boolean> = {
  // A guest who said no has nothing to rearrange; one who may still come (yes, maybe, waitlisted, no answer yet) has.
  event_changed: (guest) => guest.rsvp_status !== 'no',
  // Everyone in contact hears that it is off, a "no" included: the hosts' last word on the invitation.
  event_cancelled: () => true,
  event_deleted: () => true,
  guest_removed: () => true,
  // Asking for an answer only makes sense to a guest who was asked and has not answered.
  rsvp_reminder: (guest) => Boolean(guest.invited_at) && guest.rsvp_status === 'pending',
  day_before_reminder: (guest) => guest.rsvp_status === 'yes',
};

/** Whether `guest` is told of a notice of `kind`: only ever a guest in contact, then by the kind's rule. */
export const receivesNotice = (kind: GuestNoticeKind, guest: GuestAnswerFacts): boolean => hasBeenInContact(guest) && rules[kind](guest);

/**
 * The RSVP reminder per sub-event (docs/sub-events.md): a guest invited who said yes to the event but has
 * `awaiting` sub-events they are invited to still unanswered is reminded too (a no or a maybe is not asked
 * again, as the event's own reminder does not ask them).
 */
export const remindedOfSubEvents = (guest: GuestAnswerFacts, awaiting: number): boolean =>
  Boolean(guest.invited_at) && guest.rsvp_status === 'yes' && awaiting > 0;
