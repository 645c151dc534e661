import { auditPut } from '#shared/data/audit.ts';
import { readBudgetCollection } from '#shared/data/budget/items.ts';
import { saveBudgetSettings } from '#shared/data/budget/settings.ts';
import { judgeAlertsAfterWrite } from '#shared/data/budget/write.ts';
import { loadEventAccess } from '#shared/data/events/access.ts';
import { linesOver } from '#shared/domain/budget/alerts.ts';
import { planBudgetSettings } from '#shared/domain/budget/settings.ts';
import type { BudgetEvent } from '#shared/domain/budget/totals.ts';
import { presentBudget, type RecordedAlertView } from '#shared/domain/budget/view.ts';
import { ValidationError, VersionConflictError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { expectedVersion } from '#shared/http/if-match.ts';
import { ok } from '#shared/http/responses.ts';
import { updateBudgetBody } from '#shared/schemas/budget.ts';
import { idParam } from '#shared/schemas/common.ts';
import type { PermissionMap } from '#shared/domain/permissions.ts';
import { visibleBudget } from '#shared/domain/visibility/budget.ts';

/** The breakdown: the access read (one BatchGetItem) plus one Query of the event's budget range. */
async function budgetView(event: BudgetEvent, now: Date, permissions: PermissionMap) {
  const { items, categories, alerts } = await readBudgetCollection(event.id);
  const over = linesOver({ event, categories, items });
  return visibleBudget(presentBudget(event, { items, categories, over, recorded: alerts as RecordedAlertView[] }, now), permissions);
}

/** GET /api/events/{id}/budget. */
export const getBudget = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller }) => {
    const { event, permissions } = await loadEventAccess(caller, params.id, 'budget', 'read');
    return ok(await budgetView(event, new Date(), permissions));
  },
});

/** PUT /api/events/{id}/budget: total, currency, exchange rates, allocations, alert thresholds; version-checked on the event. */
export const updateBudget = operation({
  params: idParam,
  body: updateBudgetBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller, request }) => {
    const { event, permissions } = await loadEventAccess(caller, params.id, 'budget', 'write');
    const expected = expectedVersion(request.headers, body.version) ?? event.version;
    if (expected !== event.version) throw new VersionConflictError();
    const plan = planBudgetSettings(event, body);
    if ('problems' in plan) throw new ValidationError(plan.problems);
    const now = new Date();
    if (plan.ok.changes.length === 0) return ok(await budgetView(event, now, permissions));
    const audit = auditPut({ eventId: event.id }, {
      actor_id: caller.userId, action: 'budget.updated', entity_type: 'budget', entity_id: event.id, changes: plan.ok.changes, at: now.toISOString(),
    });
    if ((await saveBudgetSettings(event.id, expected, plan.ok, now.toISOString(), [audit])) === 'stale') throw new VersionConflictError();
    await judgeAlertsAfterWrite(event.id, { categories: [...plan.ok.allocations.keys()], itemIds: [] }, caller.userId, now, request.log);
    const after: BudgetEvent = { ...event, ...plan.ok.set, version: expected + 1, updated_at: now.toISOString() };
    return ok(await budgetView(after, now, permissions));
  },
});
