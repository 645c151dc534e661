import { type BudgetItemRecord, ledgerChange } from '../../domain/budget/ledger.ts';
import type { BudgetEvent } from '../../domain/budget/totals.ts';
import { budgetItemChanges } from '../../domain/budget/view.ts';
import { collectionCap, fitsUnderCap, maxCountBefore } from '../../domain/collections/caps.ts';
import { collectionFull } from '../../domain/collections/refusal.ts';
import { ConflictError, NotFoundError, ValidationError, VersionConflictError } from '../../http/errors.ts';
import type { Logger } from '../../logger.ts';
import { auditPut } from '../audit.ts';
import { reconcileBudgetAlerts } from './alerts.ts';
import { budgetItemDelete, budgetItemPut, writeBudgetChange } from './items.ts';
import { eventIdOfChild } from '../ids.ts';
import type { TransactItem } from '../transact.ts';
import { vendorLinkUpdate } from '../vendors.ts';

/**
 * Saves one budget item change (create, edit, payment, delete) with everything that moves with it, in one
 * transaction: the item, the event and category counters, the day's change marker, the audit entry and
 * the vendor links. Then judges the alert lines the change touched, at once, from a fresh read.
 */
export type BudgetItemChange = {
  event: BudgetEvent;
  before: BudgetItemRecord | null;
  after: BudgetItemRecord | null;
  action: string;
  actorId: string;
  now: Date;
  log: Logger;
  /** More writes of the same transaction (a vendor's own change when booking creates its item). */
  alsoWrite?: TransactItem[];
  /** The vendor's link set is written by `alsoWrite` (the vendor itself is being saved). */
  vendorLinkedByCaller?: boolean;
};

export async function saveBudgetItemChange(change: BudgetItemChange): Promise<void> {
  const { event, before, after, now } = change;
  const item = (after ?? before) as BudgetItemRecord;
  const at = now.toISOString();
  const primary = after
    ? budgetItemPut(after, before ? { version: before.version } : 'new', event.attending_headcount ?? 0)
    : budgetItemDelete(before as BudgetItemRecord);
  const links: TransactItem[] = [];
  const oldVendor = before?.vendor_id;
  const newVendor = after?.vendor_id;
  const relink = oldVendor !== newVendor && !change.vendorLinkedByCaller;
  if (relink && oldVendor) links.push(vendorLinkUpdate(event.id, oldVendor, item.id, 'unlink'));
  let linkIndex = -1;
  if (relink && newVendor) {
    if (eventIdOfChild(newVendor) !== event.id) throw new ValidationError([{ path: 'vendor_id', message: 'Not a vendor of this event' }]);
    linkIndex = links.push(vendorLinkUpdate(event.id, newVendor, item.id, 'link'));
  }
  const audit = auditPut({ eventId: event.id }, {
    actor_id: change.actorId, action: change.action, entity_type: 'budget_item', entity_id: item.id, changes: budgetItemChanges(before, after, event), at,
  });
  const ledger = ledgerChange(before, after, event.currency);
  // A new item takes room under the cap: refused at once when the event as read has none, else by the write's condition.
  const cap = collectionCap('budget_items');
  if (!before && !fitsUnderCap(event.budget_item_count ?? 0, cap, 1)) throw collectionFull('budget_items', 1);
  const outcome = await writeBudgetChange(event, primary, ledger, at, [audit, ...links, ...(change.alsoWrite ?? [])], before ? undefined : maxCountBefore(cap, 1));
  if (outcome === 'collection_full') throw collectionFull('budget_items', 1);
  if (outcome === 'stale') throw before ? new VersionConflictError() : new ConflictError('conflict', 'The item already exists.');
  if (outcome === 'event_changed') throw new ConflictError('conflict', "The event's budget changed while saving (currency or deletion); fetch it again and retry.");
  if (outcome !== 'saved') {
    // alsoWrite = [audit, ...links, ...extra]: link positions are 1-based after the audit entry.
    if (outcome.failedExtra === linkIndex) throw new ValidationError([{ path: 'vendor_id', message: 'Not a vendor of this event (or it has too many items)' }]);
    if (outcome.failedExtra > links.length) throw new VersionConflictError();
    throw new NotFoundError('vendor');
  }
  await judgeAlertsAfterWrite(event.id, { categories: [...ledger.categoryDeltas.keys()], itemIds: [item.id] }, change.actorId, now, change.log);
}

/**
 * The write is committed; a failure to judge its alerts must not turn it into an error answer. The
 * overspend job judges the event again from the change marker written in the same transaction.
 */
export async function judgeAlertsAfterWrite(
  eventId: string,
  scope: Parameters<typeof reconcileBudgetAlerts>[1],
  actorId: string,
  now: Date,
  log: Logger,
): Promise<void> {
  try {
    await reconcileBudgetAlerts(eventId, scope, actorId, now);
  } catch (error) {
    log.warn('budget alerts not judged after a write; the overspend job will', { eventId, error: (error as Error).message });
  }
}
