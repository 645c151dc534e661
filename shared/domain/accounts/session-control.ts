/**
 * What the account owner sees of their sessions and how many they may keep (docs/accounts.md). A new
 * sign-in past the cap ends the oldest others, so a forgotten device does not stay signed in forever
 * and a stolen password cannot pile up sessions unseen.
 */
export type SessionReference = { session_id: string; created_at: string };

/** The sessions to end so that at most `cap` remain: the oldest first, never `keep` (the one just made). */
export function sessionsPastCap(sessions: SessionReference[], cap: number, keep: string): string[] {
  const excess = sessions.length - cap;
  if (excess <= 0) return [];
  return sessions
    .filter((session) => session.session_id !== keep)
    .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.session_id.localeCompare(b.session_id))
    .slice(0, excess)
    .map((session) => session.session_id);
}

/** Longest device label kept: a User-Agent is the caller's text, so it is bounded and printable only. */
export const DEVICE_LABEL_MAX = 200;

/** The device a session shows: the sign-in's User-Agent, printable ASCII, at most 200 characters. */
export function deviceLabel(userAgent: string | undefined): string | undefined {
  const printable = (userAgent ?? '').replace(/[^\x20-\x7e]/g, '').trim().slice(0, DEVICE_LABEL_MAX);
  return printable === '' ? undefined : printable;
}

/**
 * Whether the operator's cut-off (`end-sessions --all`, docs/accounts.md) has ended a session: it began at
 * or before `notBefore`. Sessions are not deleted one by one (that would need every user's partition): each
 * read of a session reads the cut-off with it.
 */
export const endedByCutOff = (createdAt: string, notBefore: string | undefined): boolean => notBefore !== undefined && createdAt <= notBefore;

/**
 * The sign-in roster after a new session (docs/accounts.md): the sessions signed in since the last recount
 * plus the new one, and those of them past the cap, to end in the same transaction. `known` is null when
 * a recount is due (no roster yet, or a full one, which may hold sessions ended since): then the caller
 * passes the user's references instead.
 */
export function rosterAfterSignIn(known: SessionReference[], added: SessionReference, cap: number): { kept: SessionReference[]; ended: string[] } {
  const all = [...known.filter((session) => session.session_id !== added.session_id), added];
  const ended = sessionsPastCap(all, cap, added.session_id);
  return { kept: all.filter((session) => !ended.includes(session.session_id)), ended };
}

/** A roster is recounted from the user's references when there is none yet or it is full. */
export const rosterNeedsRecount = (known: SessionReference[] | null, cap: number): boolean => known === null || known.length >= cap;
