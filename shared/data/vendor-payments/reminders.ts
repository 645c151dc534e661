import { utcDay } from '../../domain/events/rules.ts';
import type { PaymentPlanRecord } from '../../domain/vendor-payments/plan.ts';
import { type PaymentReminder, paymentReminders, paymentReminderTypes, type PaymentReminderType } from '../../domain/vendor-payments/reminders.ts';
import type { DayIndexedItem } from '../due-items.ts';
import { dueKeys, paymentPlanKeys } from '../keys.ts';
import type { TransactItem } from '../transact.ts';

/**
 * The markers that file a plan's installment reminders in the per-day index (GSI2 `DUE#<day>#<shard>`),
 * where the reminders job finds them without a Scan. Their writes join the plan's own transaction, so a
 * marker never disagrees with the plan: a paid or removed installment's markers are deleted with it.
 */
const MARKER_TYPE = 'vendorPaymentDue';

/** A Put for each reminder the plan owes after the write, a Delete for each one it no longer owes (deleting nothing is a no-op). */
export function paymentReminderWrites(before: PaymentPlanRecord | null, after: PaymentPlanRecord, vendorName: string, now: Date): TransactItem[] {
  const owed = new Map(paymentReminders(after, vendorName, now).map((reminder) => [`${reminder.installment_id}|${reminder.reminder}`, reminder]));
  const installmentIds = [...new Set([...(before?.installments ?? []), ...after.installments].map((installment) => installment.id))];
  return installmentIds.flatMap((installmentId) => paymentReminderTypes.map((type): TransactItem => {
    const key = paymentPlanKeys.reminder(after.event_id, installmentId, type);
    const reminder = owed.get(`${installmentId}|${type}`);
    if (!reminder) return { Delete: { Key: key } };
    return {
      Put: {
        Item: {
          ...key,
          type: MARKER_TYPE,
          ...reminder,
          gsi2pk: dueKeys.partition(utcDay(reminder.remind_at), installmentId),
          gsi2sk: dueKeys.sort(reminder.remind_at, paymentPlanKeys.dueKind(type), installmentId),
        },
      },
    };
  }));
}

/** A marker found in a day partition, or null for any other kind of item. */
export function paymentReminderOf(item: DayIndexedItem): PaymentReminder | null {
  if (item.type !== MARKER_TYPE || !paymentReminderTypes.includes(item.reminder as PaymentReminderType)) return null;
  return {
    reminder: item.reminder as PaymentReminderType,
    event_id: String(item.event_id),
    vendor_id: String(item.vendor_id),
    installment_id: String(item.installment_id),
    title: String(item.title),
    due_date: String(item.due_date),
    amount_minor: Number(item.amount_minor),
    currency: String(item.currency),
    ...(typeof item.assignee_id === 'string' ? { assignee_id: item.assignee_id } : {}),
    remind_at: String(item.remind_at),
    until: String(item.until),
    key: String(item.key),
  };
}

/** The marker still says the same reminder is owed (the index is eventually consistent; a payment since deletes it). */
export const paymentStillOwed = (reminder: PaymentReminder): TransactItem => ({
  ConditionCheck: {
    Key: paymentPlanKeys.reminder(reminder.event_id, reminder.installment_id, reminder.reminder),
    ConditionExpression: '#key = :key',
    ExpressionAttributeNames: { '#key': 'key' },
    ExpressionAttributeValues: { ':key': reminder.key },
  },
});
