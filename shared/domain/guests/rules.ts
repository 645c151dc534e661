import type { Language } from '../../i18n/languages.ts';
import type { StoredAnswers } from '../questions/answers.ts';

/**
 * A guest as stored, and what a guest contributes to the event's counters. Every write that changes a
 * guest changes the counters by `counterDelta(before, after)` in the same transaction, so the counters
 * always equal a recount of the guest items (the tests check exactly that).
 */
export const rsvpStatuses = ['pending', 'yes', 'no', 'maybe', 'waitlisted'] as const;
export type RsvpStatus = (typeof rsvpStatuses)[number];

/** The answers a guest or planner can give; `waitlisted` and `pending` are outcomes, never answers. */
export const rsvpAnswers = ['yes', 'no', 'maybe'] as const;
export type RsvpAnswer = (typeof rsvpAnswers)[number];

/**
 * A plus-one named by the guest who brings them: a seat in the headcount like the guest's own, and their
 * dietary needs count in the list's dietary summary. Seam for meal choices: a `meal` (or the questions'
 * answers) goes here when the event asks for it, validated as the guest's own.
 */
export type PlusOne = { name: string; dietary_restrictions: string[] };

export type GuestRecord = {
  id: string;
  event_id: string;
  name: string;
  email?: string;
  phone?: string;
  dietary_restrictions: string[];
  special_needs?: string;
  plus_one_allowed: boolean;
  /** How many plus-ones the guest may bring when allowed (at least 1 then). */
  plus_one_limit: number;
  /** Plus-ones the guest brings (counted in the headcount only while the answer is yes). */
  plus_one_count: number;
  /** The plus-ones named on the page (as many as plus_one_count when present). */
  plus_ones?: PlusOne[];
  party_name?: string;
  /** The party (household) the guest belongs to, if any: shared/domain/parties/rules.ts. */
  party_id?: string;
  notes?: string;
  /** The language of the guest's emails and page (shared/i18n); absent: the event's default_language. */
  language?: Language;
  /** Answers to the event's custom questions by question id (../questions/answers.ts); absent: none. */
  answers?: StoredAnswers;
  rsvp_status: RsvpStatus;
  rsvp_date?: string;
  rsvp_note?: string;
  /** Set while waitlisted: the guest's place in the queue. */
  waitlisted_at?: string;
  invited_at?: string;
  opened_at?: string;
  /** The latest batch that sent the guest an invitation, and the batches their page open and answer were counted for (shared/domain/invitations/counters.ts). */
  invitation_batch_id?: string;
  opened_batch_id?: string;
  answered_batch_id?: string;
  /** SHA-256 of the current invitation code; the code itself is never stored. */
  code_hash: string;
  /** The current code sealed for the invitation sender (shared/domain/invitations/code-seal.ts); absent on older guests. */
  code_sealed?: string;
  /** The nonce the check-in code is made with (shared/domain/check-in/code.ts); absent: never revoked. */
  check_in_nonce?: string;
  /** Set when the guest was checked in at the door, by whom (a user id) and on which door device. */
  checked_in_at?: string;
  checked_in_by?: string;
  checked_in_device?: string;
  created_at: string;
  updated_at: string;
  version: number;
};

/** The RSVP counters a guest list keeps on its event item. */
export const guestCounterNames = [
  'guest_count', 'rsvp_pending', 'rsvp_yes', 'rsvp_no', 'rsvp_maybe', 'rsvp_waitlisted', 'attending_headcount', 'checked_in_count',
] as const;
export type GuestCounterName = (typeof guestCounterNames)[number];
export type GuestCounters = Record<GuestCounterName, number>;

const statusCounter: Record<RsvpStatus, GuestCounterName> = {
  pending: 'rsvp_pending',
  yes: 'rsvp_yes',
  no: 'rsvp_no',
  maybe: 'rsvp_maybe',
  waitlisted: 'rsvp_waitlisted',
};

type Counted = Pick<GuestRecord, 'rsvp_status' | 'plus_one_count' | 'checked_in_at'>;

/** Seats a guest takes: themself and their plus-ones, while they attend. */
export const headcountOf = (guest: Counted | null): number =>
  guest?.rsvp_status === 'yes' ? 1 + guest.plus_one_count : 0;

export function zeroGuestCounters(): GuestCounters {
  return Object.fromEntries(guestCounterNames.map((name) => [name, 0])) as GuestCounters;
}

/** What one guest adds to the counters (nothing for null: a guest that does not exist). */
export function contributionOf(guest: Counted | null): GuestCounters {
  const counters = zeroGuestCounters();
  if (!guest) return counters;
  counters.guest_count = 1;
  counters[statusCounter[guest.rsvp_status]] = 1;
  counters.attending_headcount = headcountOf(guest);
  // Guests checked in at the door (docs/check-in.md): the arrived count the door's live counts show.
  counters.checked_in_count = guest.checked_in_at ? 1 : 0;
  return counters;
}

/** How the counters move when a guest goes from `before` to `after` (null = absent). */
export function counterDelta(before: Counted | null, after: Counted | null): GuestCounters {
  const from = contributionOf(before);
  const to = contributionOf(after);
  return Object.fromEntries(guestCounterNames.map((name) => [name, to[name] - from[name]])) as GuestCounters;
}

/** The sum of many deltas (a batch of new guests). */
export function sumCounters(all: GuestCounters[]): GuestCounters {
  const total = zeroGuestCounters();
  for (const counters of all) for (const name of guestCounterNames) total[name] += counters[name];
  return total;
}

/** The counters a set of guests should produce: what the event item must equal at any time. */
export const recount = (guests: Counted[]): GuestCounters => sumCounters(guests.map(contributionOf));

/** Dietary counts (per restriction) move with the guests on the list, whatever they answered. */
export function dietaryDelta(
  before: Pick<GuestRecord, 'dietary_restrictions' | 'plus_ones'> | null,
  after: Pick<GuestRecord, 'dietary_restrictions' | 'plus_ones'> | null,
): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const restriction of dietaryOf(before)) delta[restriction] = (delta[restriction] ?? 0) - 1;
  for (const restriction of dietaryOf(after)) delta[restriction] = (delta[restriction] ?? 0) + 1;
  return Object.fromEntries(Object.entries(delta).filter(([, count]) => count !== 0));
}

/** The restrictions a guest brings: their own and each named plus-one's (a person each). */
const dietaryOf = (guest: Pick<GuestRecord, 'dietary_restrictions' | 'plus_ones'> | null): string[] =>
  guest ? [...guest.dietary_restrictions, ...(guest.plus_ones ?? []).flatMap((plusOne) => plusOne.dietary_restrictions)] : [];

/** Restrictions as stored: trimmed, lower-case, each once, in the order given. */
export function normalizeDietary(values: string[]): string[] {
  return [...new Set(values.map((value) => value.trim().toLowerCase().replace(/\s+/g, ' ')).filter(Boolean))];
}

/** The plus-ones a guest may bring. */
export const plusOneAllowance = (guest: Pick<GuestRecord, 'plus_one_allowed' | 'plus_one_limit'>): number =>
  guest.plus_one_allowed ? guest.plus_one_limit : 0;
