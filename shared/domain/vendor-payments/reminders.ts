import { DAY_MS } from '../reminder-plan.ts';
import { outstandingMinor, type PaymentPlanRecord } from './plan.ts';

/**
 * The reminders a payment plan owes, decided from the plan and the clock of the write (no clock read
 * here). Fixed for every event: one `due_soon` reminder PAYMENT_REMINDER_LEAD_DAYS days before an
 * installment's due day (or at once, when the plan is saved closer to it than that), and one `overdue`
 * reminder the day after it, while anything of the installment is unpaid. Each is filed in the per-day
 * index at its moment; its key names the vendor, the installment and the due day, so the reminders job
 * sends each once (its record's condition), and a moved due day owes new ones.
 */
export const PAYMENT_REMINDER_LEAD_DAYS = 7;
export const paymentReminderTypes = ['due_soon', 'overdue'] as const;
export type PaymentReminderType = (typeof paymentReminderTypes)[number];

export type PaymentReminder = {
  reminder: PaymentReminderType;
  event_id: string;
  vendor_id: string;
  installment_id: string;
  /** "Deposit: Fleurs de Lys", for the notice. */
  title: string;
  /** The installment's due day as an instant (its start, UTC), as the reminder notices show due dates. */
  due_date: string;
  amount_minor: number;
  currency: string;
  /** The plan's assignee, told besides the organizer. */
  assignee_id?: string;
  remind_at: string;
  /** After this instant it is pointless (the due day ended; a day after the overdue one was due). */
  until: string;
  key: string;
};

/** Every reminder the plan owes after a write at `now`, by installment. */
export function paymentReminders(plan: PaymentPlanRecord, vendorName: string, now: Date): PaymentReminder[] {
  return plan.installments.flatMap((installment) => {
    const outstanding = outstandingMinor(installment);
    if (outstanding <= 0) return [];
    const dueStart = Date.parse(`${installment.due_date}T00:00:00Z`);
    const dueEnd = dueStart + DAY_MS;
    const at = now.getTime();
    const common = {
      event_id: plan.event_id, vendor_id: plan.vendor_id, installment_id: installment.id, title: `${installment.label}: ${vendorName}`,
      due_date: new Date(dueStart).toISOString(), amount_minor: outstanding, currency: plan.currency,
      ...(plan.assignee_id ? { assignee_id: plan.assignee_id } : {}),
    };
    const keyOf = (type: PaymentReminderType) => `vendor_payment#${installment.id}#${type}#${installment.due_date}`;
    const reminders: PaymentReminder[] = [];
    if (at < dueEnd) {
      const remindAt = Math.max(dueStart - PAYMENT_REMINDER_LEAD_DAYS * DAY_MS, at);
      reminders.push({ ...common, reminder: 'due_soon', remind_at: new Date(remindAt).toISOString(), until: new Date(dueEnd).toISOString(), key: keyOf('due_soon') });
    }
    // Saved already overdue: one overdue reminder still, from now.
    const overdueAt = Math.max(dueEnd, at);
    reminders.push({ ...common, reminder: 'overdue', remind_at: new Date(overdueAt).toISOString(), until: new Date(overdueAt + DAY_MS).toISOString(), key: keyOf('overdue') });
    return reminders;
  });
}

/** Owed now: its moment has come and it is not yet pointless. */
export const isPaymentReminderOwed = (reminder: Pick<PaymentReminder, 'remind_at' | 'until'>, now: Date): boolean =>
  Date.parse(reminder.remind_at) <= now.getTime() && now.getTime() < Date.parse(reminder.until);
