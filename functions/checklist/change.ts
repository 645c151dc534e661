import { auditPut, diffFields } from '#shared/data/audit.ts';
import { checklistCountChange, checklistItemFromDb, writeChecklist } from '#shared/data/checklist.ts';
import { readLinkedDocuments, validatedDocumentLinks } from '#shared/data/documents/links.ts';
import { loadChildAccess } from '#shared/data/events/access.ts';
import { isId } from '#shared/data/ids.ts';
import { applyChecklistPatch, editableChecklistFields } from '#shared/domain/checklist/rules.ts';
import { VersionConflictError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { expectedVersion } from '#shared/http/if-match.ts';
import { deleted, ok } from '#shared/http/responses.ts';
import { updateChecklistBody } from '#shared/schemas/checklist.ts';
import { idParam } from '#shared/schemas/common.ts';
import { assertChecklistSaved, checklistChangedMeanwhile, presentChecklistItem } from './present.ts';

/** A delete on an event whose tasks are counted for the first time, raced by another task write, counts again this often. */
const FIRST_COUNT_ATTEMPTS = 3;

/** PUT /api/checklist/{id}: tick off (`completed` sets or clears completed_date) or change the task. */
export const updateChecklistItem = operation({
  params: idParam,
  body: updateChecklistBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller, request }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'checklistItem', 'checklist', 'write');
    const before = checklistItemFromDb(child);
    const expected = expectedVersion(request.headers, body.version) ?? before.version;
    if (expected !== before.version) throw new VersionConflictError();
    const now = new Date();
    const { after, changes, taskChanged } = applyChecklistPatch(before, body, { now, timezone: event.timezone });
    // Only links named in this request are checked; those already stored are shown if they still exist.
    const documents = body.document_ids ? await validatedDocumentLinks(event.id, body.document_ids) : await readLinkedDocuments(event.id, after.document_ids ?? []);
    if (changes.length === 0) return ok(presentChecklistItem(before, documents));
    const saved = { ...after, version: before.version + 1, updated_at: now.toISOString() };
    assertChecklistSaved(await writeChecklist({
      eventId: event.id,
      // Only a changed task or category can make a duplicate that a template application must see.
      revision: taskChanged ? {} : undefined,
      change: { replace: saved, expectedVersion: before.version },
      assigneeUserId: saved.assigned_to !== before.assigned_to && saved.assigned_to && isId(saved.assigned_to) ? saved.assigned_to : undefined,
      alsoWrite: [auditPut({ eventId: event.id }, {
        actor_id: caller.userId, action: 'checklist.updated', entity_type: 'checklistItem', entity_id: before.id, changes, at: saved.updated_at, subject: saved.task,
      })],
    }));
    return ok(presentChecklistItem(saved, documents));
  },
});

/** DELETE /api/checklist/{id}. */
export const deleteChecklistItem = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller, request }) => {
    const { event, child } = await loadChildAccess(caller, params.id, 'checklistItem', 'checklist', 'write');
    const item = checklistItemFromDb(child);
    const expected = expectedVersion(request.headers, undefined) ?? item.version;
    if (expected !== item.version) throw new VersionConflictError();
    let current = event;
    for (let attempt = 1; ; attempt += 1) {
      const { change } = await checklistCountChange(current, -1);
      const outcome = await writeChecklist({
        eventId: event.id,
        revision: {},
        count: change,
        change: { delete: item, expectedVersion: item.version },
        alsoWrite: [auditPut({ eventId: event.id }, {
          actor_id: caller.userId, action: 'checklist.deleted', entity_type: 'checklistItem', entity_id: item.id,
          changes: diffFields(item, {}, editableChecklistFields), at: new Date().toISOString(),
        })],
      });
      // An event counted for the first time: another task write moved the revision meanwhile; count again.
      if (outcome === 'event_changed' && 'initial' in change && attempt < FIRST_COUNT_ATTEMPTS) {
        current = (await loadChildAccess(caller, params.id, 'checklistItem', 'checklist', 'write')).event;
        continue;
      }
      assertChecklistSaved(outcome, 'initial' in change ? checklistChangedMeanwhile : undefined);
      break;
    }
    return deleted(item.id);
  },
});
