import type { Caller } from '#shared/auth/tokens.ts';
import { auditPut, diffFields } from '#shared/data/audit.ts';
import { type ChecklistCount, checklistCountChange, listChecklistItems, writeChecklist } from '#shared/data/checklist.ts';
import { validatedDocumentLinks } from '#shared/data/documents/links.ts';
import { loadEventAccess } from '#shared/data/events/access.ts';
import { isId, newChildId } from '#shared/data/ids.ts';
import { revisionOf } from '#shared/data/events/live-event.ts';
import { type ChecklistItem, DEFAULT_CATEGORY, editableChecklistFields, missingTemplateEntries } from '#shared/domain/checklist/rules.ts';
import { checklistTemplates } from '#shared/domain/checklist/templates.ts';
import { collectionCap, fitsUnderCap, maxCountBefore } from '#shared/domain/collections/caps.ts';
import { collectionFull } from '#shared/domain/collections/refusal.ts';
import { noLinkedDocuments } from '#shared/domain/documents/links.ts';
import type { EventRecord, EventType } from '#shared/domain/events/rules.ts';
import { resolveDayOrInstant } from '#shared/domain/timeline/plan.ts';
import { operation } from '#shared/http/group.ts';
import { created, list } from '#shared/http/responses.ts';
import { createChecklistBody } from '#shared/schemas/checklist.ts';
import { idParam } from '#shared/schemas/common.ts';
import { assertChecklistSaved, checklistChangedMeanwhile, presentChecklistItem } from './present.ts';

/** Reads and writes of a template application (or of a first count) raced by other checklist writes are retried this often. */
const TEMPLATE_ATTEMPTS = 3;

/** POST /api/events/{id}/checklist: one item, or a template's items that the event does not have yet. */
export const createChecklistItem = operation({
  params: idParam,
  body: createChecklistBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller }) => {
    const { event } = await loadEventAccess(caller, params.id, 'checklist', 'write');
    if (body.template) return applyTemplate(event, body.template, caller);
    const documents = await validatedDocumentLinks(event.id, body.document_ids ?? []);
    const now = new Date().toISOString();
    const item = newItem(event.id, now, {
      category: body.category ?? DEFAULT_CATEGORY,
      task: body.task as string,
      due_date: body.due_date ? resolveDayOrInstant(body.due_date, event.timezone) : undefined,
      assigned_to: body.assigned_to,
      notes: body.notes,
      ...(body.document_ids?.length ? { document_ids: body.document_ids } : {}),
      source: 'planner',
    });
    const cap = collectionCap('checklist');
    let current = event;
    for (let attempt = 1; ; attempt += 1) {
      const { before, change } = await checklistCountChange(current, 1, maxCountBefore(cap, 1));
      if (!fitsUnderCap(before, cap, 1)) throw collectionFull('checklist', 1);
      const outcome = await writeChecklist({
        eventId: event.id,
        revision: {},
        count: change,
        change: { create: [item] },
        assigneeUserId: item.assigned_to && isId(item.assigned_to) ? item.assigned_to : undefined,
        alsoWrite: [createdAudit(event.id, caller, item)],
      });
      // An event counted for the first time: another task write moved the revision meanwhile; count again.
      if (outcome === 'event_changed' && 'initial' in change && attempt < TEMPLATE_ATTEMPTS) {
        current = (await loadEventAccess(caller, event.id, 'checklist', 'write')).event;
        continue;
      }
      if (outcome === 'collection_full') throw collectionFull('checklist', 1);
      assertChecklistSaved(outcome, 'initial' in change ? checklistChangedMeanwhile : undefined);
      break;
    }
    return created(presentChecklistItem(item, documents), `/api/checklist/${item.id}`);
  },
});

type NewItemFields = Pick<ChecklistItem, 'category' | 'task' | 'source'> & Partial<Pick<ChecklistItem, 'due_date' | 'assigned_to' | 'notes' | 'document_ids'>>;

const newItem = (eventId: string, at: string, fields: NewItemFields): ChecklistItem => ({
  ...fields, id: newChildId(eventId), event_id: eventId, completed: false, created_at: at, updated_at: at, version: 1,
});

const createdAudit = (eventId: string, caller: Caller, item: ChecklistItem) =>
  auditPut({ eventId }, {
    actor_id: caller.userId, action: 'checklist.created', entity_type: 'checklistItem', entity_id: item.id, subject: item.task,
    changes: diffFields({}, item, editableChecklistFields), at: item.created_at,
  });

/**
 * Adds the template's tasks the event lacks, in one transaction conditional on the checklist's revision
 * being the one read, so two concurrent applications (or an item added meanwhile) never duplicate a task.
 */
async function applyTemplate(first: EventRecord, template: EventType, caller: Caller) {
  let event = first;
  for (let attempt = 1; ; attempt += 1) {
    const listed = await listChecklistItems(event.id);
    const { missing, skipped } = missingTemplateEntries(listed, checklistTemplates[template]);
    const now = new Date().toISOString();
    const items = missing.map((entry) => newItem(event.id, now, { ...entry, source: `template:${template}` }));
    const cap = collectionCap('checklist');
    const count: ChecklistCount = typeof event.checklist_count === 'number'
      ? { delta: items.length, maxBefore: maxCountBefore(cap, items.length) }
      : { initial: listed.length + items.length, revisionRead: revisionOf(event, 'checklist_revision'), maxBefore: maxCountBefore(cap, items.length) };
    if (items.length > 0 && !fitsUnderCap(typeof event.checklist_count === 'number' ? event.checklist_count : listed.length, cap, items.length)) throw collectionFull('checklist', items.length);
    const outcome = items.length === 0 ? 'saved' : await writeChecklist({
      eventId: event.id,
      revision: { expected: revisionOf(event, 'checklist_revision') },
      count,
      change: { create: items },
      alsoWrite: [auditPut({ eventId: event.id }, {
        actor_id: caller.userId, action: 'checklist.template_applied', entity_type: 'event', entity_id: event.id,
        changes: [{ field: 'checklist', before: null, after: { template, added: items.length, skipped } }], at: now,
      })],
    });
    if (outcome === 'collection_full') throw collectionFull('checklist', items.length);
    if (outcome === 'event_changed' && attempt < TEMPLATE_ATTEMPTS) {
      event = (await loadEventAccess(caller, event.id, 'checklist', 'write')).event;
      continue;
    }
    assertChecklistSaved(outcome, checklistChangedMeanwhile);
    const answer = list(items.map((item) => presentChecklistItem(item, noLinkedDocuments)), { next_cursor: null, template, added: items.length, skipped });
    return { ...answer, statusCode: 201, headers: { ...answer.headers, Location: `/api/events/${event.id}/checklist` } };
  }
}

