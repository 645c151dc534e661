import { config } from '../../config.ts';
import { decideSend, quotaDay, quotaExceededDetail, quotaResetsAt, type SendDecision, type SendingQuotaSettings } from '../../domain/accounts/sending-quota.ts';
import { EmailVerificationRequiredError, type HttpError, SendingQuotaExceededError, ServiceUnavailableError, UnauthorizedError } from '../../http/errors.ts';
import { batchGetAll } from '../collection.ts';
import { userKeys } from '../keys.ts';
import type { TransactItem } from '../transact.ts';
import type { UserRecord } from '../users.ts';

/**
 * The daily sending quota's counter: one item per user and UTC day (`USER#<id>` / `SENDQUOTA#<day>`,
 * `sent` by ADD, removed by TTL two days after its day). A send charges it in the same transaction that
 * records the emails for the outbox, on the condition that the stored count still leaves room, so
 * concurrent sends can never pass the quota together. The user and the day's count are read together first,
 * so a refusal comes before anything is written.
 */
export type Sender = { userId: string; user: Pick<UserRecord, 'created_at' | 'email_verified_at'>; day: string; sentToday: number; now: Date };

const COUNTER_KEPT_SECONDS = 2 * 24 * 3600;

export const sendingQuotaSettings = (): SendingQuotaSettings => ({
  newAccountPerDay: config().SENDING_QUOTA_NEW_ACCOUNT_PER_DAY,
  establishedPerDay: config().SENDING_QUOTA_ESTABLISHED_PER_DAY,
  establishedAfterDays: config().SENDING_QUOTA_ESTABLISHED_AFTER_DAYS,
});

/** The caller as a sender of emails to guests (user and today's count, one strong BatchGetItem); 403 unverified. */
export async function loadSender(userId: string, now: Date): Promise<Sender> {
  const day = quotaDay(now);
  const items = await batchGetAll([userKeys.item(userId), userKeys.sendQuota(userId, day)]);
  const user = items.find((item) => item.sk === 'USER') as UserRecord | undefined;
  // The session was checked before: a user gone since is treated like an ended session.
  if (!user) throw new UnauthorizedError();
  const counter = items.find((item) => item.sk !== 'USER');
  const sender: Sender = { userId, user, day, sentToday: Number(counter?.sent ?? 0), now };
  if (decideSend(user, 0, 0, sendingQuotaSettings(), now).kind === 'unverified') throw new EmailVerificationRequiredError();
  return sender;
}

/**
 * The charge of `count` emails to the sender's day, as a transaction item; 429 when they do not fit in
 * what is left (as read). The item's condition holds the quota against concurrent sends.
 */
export function sendingQuotaCharge(sender: Sender, count: number): TransactItem {
  const decision = decideSend(sender.user, sender.sentToday, count, sendingQuotaSettings(), sender.now);
  if (decision.kind !== 'allowed') throw refusal(decision);
  return {
    Update: {
      Key: userKeys.sendQuota(sender.userId, sender.day),
      UpdateExpression: 'ADD sent :count SET #type = :type, #ttl = :ttl',
      ConditionExpression: 'attribute_not_exists(sent) OR sent <= :maxBefore',
      ExpressionAttributeNames: { '#type': 'type', '#ttl': 'ttl' },
      ExpressionAttributeValues: {
        ':count': count, ':type': 'send_quota', ':maxBefore': decision.maxSentBefore,
        ':ttl': Math.floor(quotaResetsAt(sender.now).getTime() / 1000) + COUNTER_KEPT_SECONDS,
      },
    },
  };
}

/** 429 now, before anything is written, when `count` emails do not fit in what is left (as read). */
export function ensureSendingRoom(sender: Sender, count: number): void {
  sendingQuotaCharge(sender, count);
}

/** After the charge's condition failed (a concurrent send took the room): the 429 with today's count read again. */
export async function quotaRefusalAfterRace(sender: Sender, count: number): Promise<HttpError> {
  const [counter] = await batchGetAll([userKeys.sendQuota(sender.userId, sender.day)]);
  const decision = decideSend(sender.user, Number(counter?.sent ?? 0), count, sendingQuotaSettings(), sender.now);
  // The condition failed, so the count read now is past what was allowed. Room again would mean the
  // counter went down, which nothing does: answered as a busy moment, retried by the caller.
  return decision.kind === 'allowed' ? new ServiceUnavailableError(1) : refusal(decision);
}

function refusal(decision: Exclude<SendDecision, { kind: 'allowed' }>): HttpError {
  if (decision.kind === 'unverified') return new EmailVerificationRequiredError();
  return new SendingQuotaExceededError(
    quotaExceededDetail(decision),
    { limit: decision.limit, sent: decision.sent, remaining: decision.remaining, requested: decision.requested, resets_at: decision.resetsAt },
    decision.retryAfterSeconds,
  );
}

/**
 * Gives back `count` emails charged to `userId`'s counter of `day` (a cancelled scheduled announcement),
 * as a transaction item; null once that counter's TTL has passed (its day is long over and nothing reads
 * it, the item may already be gone). The counter holds the charge, so it never goes below zero.
 */
export function sendingQuotaRefund(userId: string, day: string, count: number, now: Date): TransactItem | null {
  if (count <= 0) return null;
  const dayStart = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(dayStart.getTime()) || now.getTime() >= quotaResetsAt(dayStart).getTime() + COUNTER_KEPT_SECONDS * 1000) return null;
  return {
    Update: {
      Key: userKeys.sendQuota(userId, day),
      UpdateExpression: 'ADD sent :refund',
      ConditionExpression: 'sent >= :count',
      ExpressionAttributeValues: { ':refund': -count, ':count': count },
    },
  };
}
