import { isEmailVerified } from './verification.ts';

/**
 * How many emails to guests (invitations and anything else a planner sends to a guest list) one account
 * may queue per UTC day. An address nobody proved is worth nothing to a spammer only if it can send
 * nothing: unverified accounts get 0. A new account gets a small daily allowance, raised once the account
 * has existed long enough that abuse would have been noticed. The count is charged to the account that
 * sends (the caller), not to the event's owner: an assistant with the invitations permission spends their
 * own allowance, so nobody can spend another person's.
 */
export type SendingQuotaSettings = {
  /** Emails per day of an account younger than `establishedAfterDays`. */
  newAccountPerDay: number;
  /** Emails per day once the account is `establishedAfterDays` old. */
  establishedPerDay: number;
  establishedAfterDays: number;
};

export const defaultSendingQuota: SendingQuotaSettings = { newAccountPerDay: 200, establishedPerDay: 2_000, establishedAfterDays: 30 };

const DAY_MS = 24 * 60 * 60 * 1000;

type Sender = { created_at: string; email_verified_at?: string };

/** The account's allowance for one UTC day: 0 unverified, then by the account's age. */
export function dailySendingLimit(sender: Sender, settings: SendingQuotaSettings, now: Date): number {
  if (!isEmailVerified(sender)) return 0;
  const age = now.getTime() - Date.parse(sender.created_at);
  return age >= settings.establishedAfterDays * DAY_MS ? settings.establishedPerDay : settings.newAccountPerDay;
}

/** The quota's day: the UTC date of `now` (`2026-12-05`), so every region and clock agrees on it. */
export const quotaDay = (now: Date): string => now.toISOString().slice(0, 10);

/** When the day's count starts again: the next UTC midnight. */
export function quotaResetsAt(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

export type SendDecision =
  | { kind: 'unverified' }
  /** `maxSentBefore`: the day's stored count may be at most this for the charge to commit (the write's condition). */
  | { kind: 'allowed'; limit: number; maxSentBefore: number }
  | { kind: 'exceeded'; limit: number; sent: number; remaining: number; requested: number; resetsAt: string; retryAfterSeconds: number };

/** Whether `requested` more emails fit in today's allowance, given what was already sent today. */
export function decideSend(sender: Sender, sentToday: number, requested: number, settings: SendingQuotaSettings, now: Date): SendDecision {
  if (!isEmailVerified(sender)) return { kind: 'unverified' };
  const limit = dailySendingLimit(sender, settings, now);
  if (sentToday + requested <= limit) return { kind: 'allowed', limit, maxSentBefore: limit - requested };
  const resetsAt = quotaResetsAt(now);
  return {
    kind: 'exceeded',
    limit,
    sent: sentToday,
    remaining: Math.max(0, limit - sentToday),
    requested,
    resetsAt: resetsAt.toISOString(),
    retryAfterSeconds: Math.max(1, Math.ceil((resetsAt.getTime() - now.getTime()) / 1000)),
  };
}

/** The caller's explanation of a refused send. */
export function quotaExceededDetail(decision: Extract<SendDecision, { kind: 'exceeded' }>): string {
  return `Your account may send ${decision.limit} emails to guests per day (UTC); ${decision.remaining} remain today and this request sends ${decision.requested}. `
    + `The count resets at ${decision.resetsAt}. Send to fewer guests now (guest_ids or audience) or the rest after the reset.`;
}
