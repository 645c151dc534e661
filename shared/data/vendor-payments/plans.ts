import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { PaymentPlanRecord } from '../../domain/vendor-payments/plan.ts';
import { planCounters } from '../../domain/vendor-payments/plan.ts';
import { db, tableName } from '../client.ts';
import { queryAllPages } from '../collection.ts';
import { childKeys, eventKeys, paymentPlanKeys } from '../keys.ts';
import { type TransactItem, TransactionConditionFailed, transact } from '../transact.ts';
import { paymentReminderWrites } from './reminders.ts';

/**
 * Vendors' payment plans: one item per vendor (`PAYPLAN#<vendorId>`), rewritten whole and version-checked,
 * in the same transaction as the event's schedule counters (`schedule_committed_minor`,
 * `schedule_paid_minor`: += the plan's new weight − its old, so they are always the sum of the plans), the
 * installments' reminder markers, the links' checks and the audit entry.
 */
export function paymentPlanFromItem(item: Record<string, unknown>): PaymentPlanRecord {
  const { pk: _pk, sk: _sk, type: _type, ...plan } = item;
  return plan as PaymentPlanRecord;
}

/** One vendor's plan, or null before its first save (GetItem, strong). */
export async function getPaymentPlan(eventId: string, vendorId: string): Promise<PaymentPlanRecord | null> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: paymentPlanKeys.plan(eventId, vendorId), ConsistentRead: true }));
  return Item ? paymentPlanFromItem(Item) : null;
}

/** Every plan of an event (Query `PAYPLAN#` in its collection, strong, every page): the cash-flow's input. */
export async function listPaymentPlans(eventId: string): Promise<PaymentPlanRecord[]> {
  const items = await queryAllPages({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId), ':prefix': paymentPlanKeys.prefix },
    ConsistentRead: true,
  });
  return items.map(paymentPlanFromItem);
}

export type PlanSave = {
  before: PaymentPlanRecord | null;
  after: PaymentPlanRecord;
  eventCurrency: string;
  vendorName: string;
  /** Linked things the write must find in the event: the contract's document, the assignee's active membership. */
  checks: { documentId?: string; assigneeId?: string };
  now: Date;
  alsoWrite: TransactItem[];
};

export type PlanSaveOutcome = 'saved' | 'stale' | 'vendor_gone' | 'no_document' | 'no_assignee';

/**
 * Saves a plan change in one transaction. `stale`: another write changed the plan (or the event's
 * currency) since it was read; the caller re-reads and decides again.
 */
export async function savePaymentPlan(save: PlanSave): Promise<PlanSaveOutcome> {
  const { before, after, eventCurrency, now } = save;
  const old = planCounters(before, eventCurrency);
  const next = planCounters(after, eventCurrency);
  const items: TransactItem[] = [
    {
      Put: {
        Item: { ...paymentPlanKeys.plan(after.event_id, after.vendor_id), type: 'paymentPlan', ...after },
        ...(before
          ? { ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': before.version } }
          : { ConditionExpression: 'attribute_not_exists(pk)' }),
      },
    },
    {
      // The counters are in the event currency the amounts were converted to: a currency changed meanwhile fails here.
      Update: {
        Key: eventKeys.item(after.event_id),
        UpdateExpression: 'ADD schedule_committed_minor :committed, schedule_paid_minor :paid, payment_plan_count :plans',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deleting_at) AND currency = :currency',
        ExpressionAttributeValues: { ':committed': next.committed - old.committed, ':paid': next.paid - old.paid, ':plans': before ? 0 : 1, ':currency': eventCurrency },
      },
    },
    { ConditionCheck: { Key: childKeys.item('vendor', after.event_id, after.vendor_id), ConditionExpression: 'attribute_exists(pk)' } },
  ];
  const documentAt = save.checks.documentId ? items.push({ ConditionCheck: { Key: childKeys.item('document', after.event_id, save.checks.documentId), ConditionExpression: 'attribute_exists(pk)' } }) - 1 : -1;
  const assigneeAt = save.checks.assigneeId
    ? items.push({
        ConditionCheck: {
          Key: eventKeys.member(after.event_id, save.checks.assigneeId),
          ConditionExpression: 'attribute_exists(pk) AND #status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':active': 'active' },
        },
      }) - 1
    : -1;
  items.push(...paymentReminderWrites(before, after, save.vendorName, now), ...save.alsoWrite);
  try {
    await transact(items);
    return 'saved';
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    if (error.failedIndexes.includes(0) || error.failedIndexes.includes(1)) return 'stale';
    if (error.failedIndexes.includes(2)) return 'vendor_gone';
    if (error.failedIndexes.includes(documentAt)) return 'no_document';
    if (error.failedIndexes.includes(assigneeAt)) return 'no_assignee';
    throw error;
  }
}

/** Kept out of a vendor's deletion while the vendor has a plan (a plan's money must not vanish with it). */
export const noPaymentPlan = (eventId: string, vendorId: string): TransactItem => ({
  ConditionCheck: { Key: paymentPlanKeys.plan(eventId, vendorId), ConditionExpression: 'attribute_not_exists(pk)' },
});
