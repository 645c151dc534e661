import { budgetItemFromItem } from '#shared/data/budget/items.ts';
import { saveBudgetItemChange } from '#shared/data/budget/write.ts';
import { loadChildAccess, loadEventAccess } from '#shared/data/events/access.ts';
import { newChildId } from '#shared/data/ids.ts';
import { planItemUpdate, planNewItem } from '#shared/domain/budget/items.ts';
import { presentBudgetItem } from '#shared/domain/budget/view.ts';
import { ValidationError, VersionConflictError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { expectedVersion } from '#shared/http/if-match.ts';
import { created, deleted, ok } from '#shared/http/responses.ts';
import { createBudgetItemBody, updateBudgetItemBody } from '#shared/schemas/budget.ts';
import { idParam } from '#shared/schemas/common.ts';
import { withVendorReference } from './vendor-reference.ts';

/** POST /api/events/{id}/budget/items. */
export const createBudgetItem = operation({
  params: idParam,
  body: createBudgetItemBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller, request }) => {
    const { event } = await loadEventAccess(caller, params.id, 'budget', 'write');
    const now = new Date();
    const plan = planNewItem(await withVendorReference(body, event.id), event, { id: newChildId(event.id), actorId: caller.userId, now: now.toISOString() });
    if ('problems' in plan) throw new ValidationError(plan.problems);
    await saveBudgetItemChange({ event, before: null, after: plan.ok, action: 'budget_item.created', actorId: caller.userId, now, log: request.log });
    return created(presentBudgetItem(plan.ok, event), `/api/budget/items/${plan.ok.id}`);
  },
});

/** PUT /api/budget/items/{id}: a partial change, version-checked. */
export const updateBudgetItem = operation({
  params: idParam,
  body: updateBudgetItemBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller, request }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'budgetItem', 'budget', 'write');
    const item = budgetItemFromItem(child);
    const expected = expectedVersion(request.headers, body.version) ?? item.version;
    if (expected !== item.version) throw new VersionConflictError();
    const now = new Date();
    const plan = planItemUpdate(item, await withVendorReference(body, event.id), event, now.toISOString());
    if ('problems' in plan) throw new ValidationError(plan.problems);
    await saveBudgetItemChange({ event, before: item, after: plan.ok, action: 'budget_item.updated', actorId: caller.userId, now, log: request.log });
    return ok(presentBudgetItem(plan.ok, event));
  },
});

/** DELETE /api/budget/items/{id}: the item and its payments; the totals follow in the same transaction. */
export const deleteBudgetItem = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller, request }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'budgetItem', 'budget', 'write');
    const item = budgetItemFromItem(child);
    const expected = expectedVersion(request.headers, undefined) ?? item.version;
    if (expected !== item.version) throw new VersionConflictError();
    await saveBudgetItemChange({ event, before: item, after: null, action: 'budget_item.deleted', actorId: caller.userId, now: new Date(), log: request.log });
    return deleted(item.id);
  },
});
