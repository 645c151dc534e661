/**
 * A guest as stored, and what a guest contributes to the event's counters. Every write that changes a
 * guest changes the counters by `counterDelta(before, after)` in the same transaction, so the counters
 * always equal a recount of the guest items (the tests check exactly that).
 */
// @ts-nocheck
function stryNS_9fa48() {
  var g = typeof globalThis === 'object' && globalThis && globalThis.Math === Math && globalThis || new Function("return this")();
  var ns = g.__stryker__ || (g.__stryker__ = {});
  if (ns.activeMutant === undefined && g.process && g.process.env && g.process.env.__STRYKER_ACTIVE_MUTANT__) {
    ns.activeMutant = g.process.env.__STRYKER_ACTIVE_MUTANT__;
  }
  function retrieveNS() {
    return ns;
  }
  stryNS_9fa48 = retrieveNS;
  return retrieveNS();
}
stryNS_9fa48();
function stryCov_9fa48() {
  var ns = stryNS_9fa48();
  var cov = ns.mutantCoverage || (ns.mutantCoverage = {
    static: {},
    perTest: {}
  });
  function cover() {
    var c = cov.static;
    if (ns.currentTestId) {
      c = cov.perTest[ns.currentTestId] = cov.perTest[ns.currentTestId] || {};
    }
    var a = arguments;
    for (var i = 0; i < a.length; i++) {
      c[a[i]] = (c[a[i]] || 0) + 1;
    }
  }
  stryCov_9fa48 = cover;
  cover.apply(null, arguments);
}
function stryMutAct_9fa48(id) {
  var ns = stryNS_9fa48();
  function isActive(id) {
    if (ns.activeMutant === id) {
      if (ns.hitCount !== void 0 && ++ns.hitCount > ns.hitLimit) {
        throw new Error('Stryker: Hit count limit reached (' + ns.hitCount + ')');
      }
      return true;
    }
    return false;
  }
  stryMutAct_9fa48 = isActive;
  return isActive(id);
}
export const rsvpStatuses = ['pending', 'yes', 'no', 'maybe', 'waitlisted'] as const;
export type RsvpStatus = (typeof rsvpStatuses)[number];

/** The answers a guest or planner can give; `waitlisted` and `pending` are outcomes, never answers. */
export const rsvpAnswers = ['yes', 'no', 'maybe'] as const;
export type RsvpAnswer = (typeof rsvpAnswers)[number];
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
  party_name?: string;
  notes?: string;
  rsvp_status: RsvpStatus;
  rsvp_date?: string;
  rsvp_note?: string;
  /** Set while waitlisted: the guest's place in the queue. */
  waitlisted_at?: string;
  invited_at?: string;
  opened_at?: string;
  /** SHA-256 of the current invitation code; the code itself is never stored. */
  code_hash: string;
  /** The current code sealed for the invitation sender (shared/domain/invitation-code-seal.ts); absent on older guests. */
  code_sealed?: string;
  created_at: string;
  updated_at: string;
  version: number;
};

/** The RSVP counters a guest list keeps on its event item. */
export const guestCounterNames = ['guest_count', 'rsvp_pending', 'rsvp_yes', 'rsvp_no', 'rsvp_maybe', 'rsvp_waitlisted', 'attending_headcount'] as const;
export type GuestCounterName = (typeof guestCounterNames)[number];
export type GuestCounters = Record<GuestCounterName, number>;
const statusCounter: Record<RsvpStatus, GuestCounterName> = stryMutAct_9fa48("0") ? {} : (stryCov_9fa48("0"), {
  pending: stryMutAct_9fa48("1") ? "" : (stryCov_9fa48("1"), 'rsvp_pending'),
  yes: stryMutAct_9fa48("2") ? "" : (stryCov_9fa48("2"), 'rsvp_yes'),
  no: stryMutAct_9fa48("3") ? "" : (stryCov_9fa48("3"), 'rsvp_no'),
  maybe: stryMutAct_9fa48("4") ? "" : (stryCov_9fa48("4"), 'rsvp_maybe'),
  waitlisted: stryMutAct_9fa48("5") ? "" : (stryCov_9fa48("5"), 'rsvp_waitlisted')
});
type Counted = Pick<GuestRecord, 'rsvp_status' | 'plus_one_count'>;

/** Seats a guest takes: themself and their plus-ones, while they attend. */
export const headcountOf = stryMutAct_9fa48("6") ? () => undefined : (stryCov_9fa48("6"), (() => {
  const headcountOf = (guest: Counted | null): number => (stryMutAct_9fa48("9") ? guest?.rsvp_status !== 'yes' : stryMutAct_9fa48("8") ? false : stryMutAct_9fa48("7") ? true : (stryCov_9fa48("7", "8", "9"), (stryMutAct_9fa48("10") ? guest.rsvp_status : (stryCov_9fa48("10"), guest?.rsvp_status)) === (stryMutAct_9fa48("11") ? "" : (stryCov_9fa48("11"), 'yes')))) ? stryMutAct_9fa48("12") ? 1 - guest.plus_one_count : (stryCov_9fa48("12"), 1 + guest.plus_one_count) : 0;
  return headcountOf;
})());
export function zeroGuestCounters(): GuestCounters {
  if (stryMutAct_9fa48("13")) {
    {}
  } else {
    stryCov_9fa48("13");
    return Object.fromEntries(guestCounterNames.map(name => [name, 0])) as GuestCounters;
  }
}

/** What one guest adds to the counters (nothing for null: a guest that does not exist). */
export function contributionOf(guest: Counted | null): GuestCounters {
  if (stryMutAct_9fa48("14")) {
    {}
  } else {
    stryCov_9fa48("14");
    const counters = zeroGuestCounters();
    if (stryMutAct_9fa48("17") ? false : stryMutAct_9fa48("16") ? true : stryMutAct_9fa48("15") ? guest : (stryCov_9fa48("15", "16", "17"), !guest)) return counters;
    counters.guest_count = 1;
    counters[statusCounter[guest.rsvp_status]] = 1;
    counters.attending_headcount = headcountOf(guest);
    return counters;
  }
}

/** How the counters move when a guest goes from `before` to `after` (null = absent). */
export function counterDelta(before: Counted | null, after: Counted | null): GuestCounters {
  if (stryMutAct_9fa48("18")) {
    {}
  } else {
    stryCov_9fa48("18");
    const from = contributionOf(before);
    const to = contributionOf(after);
    return Object.fromEntries(guestCounterNames.map(name => [name, to[name] - from[name]])) as GuestCounters;
  }
}

/** The sum of many deltas (a batch of new guests). */
export function sumCounters(all: GuestCounters[]): GuestCounters {
  if (stryMutAct_9fa48("19")) {
    {}
  } else {
    stryCov_9fa48("19");
    const total = zeroGuestCounters();
    for (const counters of all) for (const name of guestCounterNames) stryMutAct_9fa48("20") ? total[name] -= counters[name] : (stryCov_9fa48("20"), total[name] += counters[name]);
    return total;
  }
}

/** The counters a set of guests should produce: what the event item must equal at any time. */
export const recount = stryMutAct_9fa48("21") ? () => undefined : (stryCov_9fa48("21"), (() => {
  const recount = (guests: Counted[]): GuestCounters => sumCounters(guests.map(contributionOf));
  return recount;
})());

/** Dietary counts (per restriction) move with the guests on the list, whatever they answered. */
export function dietaryDelta(before: Pick<GuestRecord, 'dietary_restrictions'> | null, after: Pick<GuestRecord, 'dietary_restrictions'> | null): Record<string, number> {
  if (stryMutAct_9fa48("22")) {
    {}
  } else {
    stryCov_9fa48("22");
    const delta: Record<string, number> = {};
    for (const restriction of stryMutAct_9fa48("23") ? before?.dietary_restrictions && [] : (stryCov_9fa48("23"), (stryMutAct_9fa48("24") ? before.dietary_restrictions : (stryCov_9fa48("24"), before?.dietary_restrictions)) ?? (stryMutAct_9fa48("25") ? ["Stryker was here"] : (stryCov_9fa48("25"), [])))) delta[restriction] = stryMutAct_9fa48("26") ? (delta[restriction] ?? 0) + 1 : (stryCov_9fa48("26"), (stryMutAct_9fa48("27") ? delta[restriction] && 0 : (stryCov_9fa48("27"), delta[restriction] ?? 0)) - 1);
    for (const restriction of stryMutAct_9fa48("28") ? after?.dietary_restrictions && [] : (stryCov_9fa48("28"), (stryMutAct_9fa48("29") ? after.dietary_restrictions : (stryCov_9fa48("29"), after?.dietary_restrictions)) ?? (stryMutAct_9fa48("30") ? ["Stryker was here"] : (stryCov_9fa48("30"), [])))) delta[restriction] = stryMutAct_9fa48("31") ? (delta[restriction] ?? 0) - 1 : (stryCov_9fa48("31"), (stryMutAct_9fa48("32") ? delta[restriction] && 0 : (stryCov_9fa48("32"), delta[restriction] ?? 0)) + 1);
    return Object.fromEntries(stryMutAct_9fa48("33") ? Object.entries(delta) : (stryCov_9fa48("33"), Object.entries(delta).filter(stryMutAct_9fa48("34") ? () => undefined : (stryCov_9fa48("34"), ([, count]) => stryMutAct_9fa48("37") ? count === 0 : stryMutAct_9fa48("36") ? false : stryMutAct_9fa48("35") ? true : (stryCov_9fa48("35", "36", "37"), count !== 0)))));
  }
}

/** Restrictions as stored: trimmed, lower-case, each once, in the order given. */
export function normalizeDietary(values: string[]): string[] {
  if (stryMutAct_9fa48("38")) {
    {}
  } else {
    stryCov_9fa48("38");
    return stryMutAct_9fa48("39") ? [] : (stryCov_9fa48("39"), [...new Set(stryMutAct_9fa48("40") ? values.map(value => value.trim().toLowerCase().replace(/\s+/g, ' ')) : (stryCov_9fa48("40"), values.map(stryMutAct_9fa48("41") ? () => undefined : (stryCov_9fa48("41"), value => stryMutAct_9fa48("43") ? value.toLowerCase().replace(/\s+/g, ' ') : stryMutAct_9fa48("42") ? value.trim().toUpperCase().replace(/\s+/g, ' ') : (stryCov_9fa48("42", "43"), value.trim().toLowerCase().replace(stryMutAct_9fa48("45") ? /\S+/g : stryMutAct_9fa48("44") ? /\s/g : (stryCov_9fa48("44", "45"), /\s+/g), stryMutAct_9fa48("46") ? "" : (stryCov_9fa48("46"), ' '))))).filter(Boolean)))]);
  }
}

/** The plus-ones a guest may bring. */
export const plusOneAllowance = stryMutAct_9fa48("47") ? () => undefined : (stryCov_9fa48("47"), (() => {
  const plusOneAllowance = (guest: Pick<GuestRecord, 'plus_one_allowed' | 'plus_one_limit'>): number => guest.plus_one_allowed ? guest.plus_one_limit : 0;
  return plusOneAllowance;
})());