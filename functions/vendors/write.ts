import type { Caller } from '#shared/auth/tokens.ts';
import { auditPut, diffFields } from '#shared/data/audit.ts';
import { saveBudgetItemChange } from '#shared/data/budget/write.ts';
import { type EventAccess, loadChildAccess, loadEventAccess } from '#shared/data/events/access.ts';
import { newChildId } from '#shared/data/ids.ts';
import { getPaymentPlan, noPaymentPlan } from '#shared/data/vendor-payments/plans.ts';
import { deleteVendorUnlinking, saveVendor, vendorFromItem, vendorPut } from '#shared/data/vendors.ts';
import { planNewItem } from '#shared/domain/budget/items.ts';
import { categoryForService, planVendor, presentVendor, type VendorRecord } from '#shared/domain/budget/vendors.ts';
import { can } from '#shared/domain/permissions.ts';
import type { RequestInfo } from '#shared/http/types.ts';
import { ConflictError, ForbiddenError, ValidationError, VersionConflictError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { expectedVersion } from '#shared/http/if-match.ts';
import { created, deleted, ok } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { createVendorBody, type NewVendorInput, updateVendorBody } from '#shared/schemas/vendors.ts';

const auditedFields = ['name', 'service_type', 'contact_info', 'cost', 'currency', 'status', 'notes'];
const view = (vendor: VendorRecord | null): Record<string, unknown> => (vendor ? presentVendor(vendor, null) : {});

type Wanted = Pick<NewVendorInput, 'create_budget_item' | 'budget_category'>;

/**
 * Saves a vendor with its audit entry; with `create_budget_item: true` on a booked vendor with a cost and
 * no item yet, the matching budget item is created in the same transaction (it needs budget write too).
 */
async function saveWithOptionalItem(access: EventAccess, caller: Caller, before: VendorRecord | null, planned: VendorRecord, wanted: Wanted, request: RequestInfo) {
  const now = new Date();
  const expect = before ? { version: before.version, linksVersion: before.links_version } : ('new' as const);
  const audit = auditPut({ eventId: access.event.id }, {
    actor_id: caller.userId, action: before ? 'vendor.updated' : 'vendor.created', entity_type: 'vendor', entity_id: planned.id,
    changes: diffFields(view(before), view(planned), auditedFields), at: now.toISOString(),
  });
  if (!wanted.create_budget_item) {
    if ((await saveVendor(planned, expect, [audit])) === 'stale') throw new VersionConflictError();
    return planned;
  }
  if (!can(access.permissions, 'budget', 'write')) throw new ForbiddenError('Creating a budget item needs budget write access.');
  if (!['booked', 'confirmed'].includes(planned.status) || planned.cost_minor === undefined || planned.budget_item_ids.length > 0) {
    throw new ValidationError([{ path: 'create_budget_item', message: 'Only for a booked vendor with a cost and no budget item yet' }]);
  }
  const item = planNewItem(
    {
      category: wanted.budget_category ?? categoryForService(planned.service_type), description: planned.name, per_guest: false,
      estimated_cost: presentVendor(planned, null).cost ?? 0, currency: planned.currency, vendor_id: planned.id,
    },
    access.event,
    { id: newChildId(access.event.id), actorId: caller.userId, now: now.toISOString() },
  );
  if ('problems' in item) throw new ValidationError(item.problems.map((problem) => ({ ...problem, path: problem.path === 'estimated_cost' ? 'cost' : problem.path })));
  const linked: VendorRecord = { ...planned, budget_item_ids: [item.ok.id], links_version: planned.links_version + 1 };
  await saveBudgetItemChange({
    event: access.event, before: null, after: item.ok, action: 'budget_item.created', actorId: caller.userId, now, log: request.log,
    alsoWrite: [vendorPut(linked, expect), audit], vendorLinkedByCaller: true,
  });
  return linked;
}

/** POST /api/events/{id}/vendors. */
export const createVendor = operation({
  params: idParam,
  body: createVendorBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller, request }) => {
    const access = await loadEventAccess(caller, params.id, 'vendors', 'write');
    const at = new Date().toISOString();
    const plan = planVendor(null, body, { id: newChildId(access.event.id), eventId: access.event.id, eventCurrency: access.event.currency, now: at });
    if (plan.outcome !== 'change') throw new ValidationError(plan.outcome === 'invalid' ? plan.problems : []);
    const vendor = await saveWithOptionalItem(access, caller, null, plan.vendor, body, request);
    return created(presentVendor(vendor, null), `/api/vendors/${vendor.id}`);
  },
});

/** PUT /api/vendors/{id}: a partial change, version-checked; status only forward or to cancelled. */
export const updateVendor = operation({
  params: idParam,
  body: updateVendorBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller, request }) => {
    const access = await loadChildAccess(caller, params.id, 'vendor', 'vendors', 'write');
    const current = vendorFromItem(access.child);
    const expected = expectedVersion(request.headers, body.version) ?? current.version;
    if (expected !== current.version) throw new VersionConflictError();
    const plan = planVendor(current, body, { id: current.id, eventId: access.event.id, eventCurrency: access.event.currency, now: new Date().toISOString() });
    if (plan.outcome === 'invalid') throw new ValidationError(plan.problems);
    if (plan.outcome === 'refused') throw new ConflictError('invalid_status_transition', `A vendor cannot go from ${plan.from} to ${plan.to}.`);
    const vendor = await saveWithOptionalItem(access, caller, current, plan.vendor, body, request);
    return ok(presentVendor(vendor, null));
  },
});

/** DELETE /api/vendors/{id}: its budget items stay, unlinked, in the same transaction; refused (409) while it has a payment plan. */
export const deleteVendor = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller, request }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'vendor', 'vendors', 'write');
    const vendor = vendorFromItem(child);
    const expected = expectedVersion(request.headers, undefined) ?? vendor.version;
    if (expected !== vendor.version) throw new VersionConflictError();
    const now = new Date().toISOString();
    const audit = auditPut({ eventId: event.id }, {
      actor_id: caller.userId, action: 'vendor.deleted', entity_type: 'vendor', entity_id: vendor.id, changes: diffFields(view(vendor), {}, auditedFields), at: now,
    });
    if ((await deleteVendorUnlinking(vendor, now, [audit, noPaymentPlan(event.id, vendor.id)])) === 'stale') {
      if (await getPaymentPlan(event.id, vendor.id)) throw new ConflictError('vendor_has_payment_plan', 'This vendor has a payment plan; its payments stay in the budget, so the vendor cannot be deleted.');
      throw new VersionConflictError();
    }
    return deleted(vendor.id);
  },
});
