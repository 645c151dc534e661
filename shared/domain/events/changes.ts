import { diffFields, type FieldChange } from '../../data/audit.ts';
import type { EventPatch } from '../../schemas/events.ts';
import { type EventRecord, type EventStatus, type Problem, resolveSchedule, statusTransition } from './rules.ts';
import type { BudgetEvent } from '../budget/totals.ts';
import { amountProblem, toMajorUnits, toMinorUnits } from '../money.ts';

/**
 * What a PUT on an event changes, decided before anything is written: the stored fields to set or
 * remove (only from `editableEventFields`, never from the caller's keys), whether the status change is
 * allowed, and which notice the change owes the guests.
 */
export const editableEventFields = [
  'name', 'description', 'event_date', 'timezone', 'location_name', 'location_address',
  'event_type', 'capacity', 'budget_total_minor', 'currency', 'status', 'waitlist_enabled', 'rsvp_deadline', 'default_language',
] as const;
export type EditableEventField = (typeof editableEventFields)[number];
export type ClearableEventField = 'description' | 'location_name' | 'location_address' | 'capacity' | 'rsvp_deadline' | 'default_language';
export type EventEdits = { set: Partial<Pick<EventRecord, EditableEventField>>; remove: ClearableEventField[] };

export type UpdatePlan =
  | { outcome: 'invalid'; problems: Problem[] }
  | { outcome: 'refused'; reason: 'invalid_status_transition' | 'organizer_only'; from: EventStatus; to: EventStatus }
  | { outcome: 'change'; edits: EventEdits; after: EventRecord; changes: FieldChange[] };

export function planEventUpdate(current: EventRecord, patch: EventPatch, actor: { isOrganizer: boolean }): UpdatePlan {
  const problems: Problem[] = [];
  const edits: EventEdits = { set: {}, remove: [] };
  const setOrRemove = <F extends ClearableEventField>(
    field: F,
    value: EventRecord[F] | null | undefined,
  ) => {
    if (value === null) edits.remove.push(field);
    else if (value !== undefined) edits.set[field] = value;
  };

  if (patch.name !== undefined) edits.set.name = patch.name;
  setOrRemove('description', patch.description);
  setOrRemove('location_name', patch.location_name);
  setOrRemove('location_address', patch.location_address);
  setOrRemove('capacity', patch.capacity);
  if (patch.event_type !== undefined) edits.set.event_type = patch.event_type;
  if (patch.waitlist_enabled !== undefined) edits.set.waitlist_enabled = patch.waitlist_enabled;
  setOrRemove('rsvp_deadline', patch.rsvp_deadline);
  setOrRemove('default_language', patch.default_language);

  const schedule = resolveSchedule(patch.schedule, current);
  if ('problems' in schedule) problems.push(...schedule.problems);
  else {
    edits.set.event_date = schedule.schedule.event_date;
    edits.set.timezone = schedule.schedule.timezone;
  }

  problems.push(...planMoney(current, patch, edits));
  if (problems.length > 0) return { outcome: 'invalid', problems };

  if (patch.status !== undefined) {
    const verdict = statusTransition(current.status, patch.status);
    if (verdict === 'invalid' || (verdict === 'organizer_only' && !actor.isOrganizer)) {
      return { outcome: 'refused', reason: verdict === 'invalid' ? 'invalid_status_transition' : 'organizer_only', from: current.status, to: patch.status };
    }
    edits.set.status = patch.status;
  }

  const effective = onlyRealEdits(current, edits);
  const after = applyEventEdits(current, effective);
  return { outcome: 'change', edits: effective, after, changes: eventFieldChanges(current, after) };
}

/** Drops edits that would write what is already stored, so an unchanged field is neither written nor audited. */
function onlyRealEdits(current: EventRecord, edits: EventEdits): EventEdits {
  const set = Object.fromEntries(
    Object.entries(edits.set).filter(([field, value]) => current[field as EditableEventField] !== value),
  ) as EventEdits['set'];
  return { set, remove: edits.remove.filter((field) => current[field] !== undefined) };
}

/** Budget total and currency: amounts must fit the (new) currency; the currency is fixed once money is booked. */
function planMoney(current: EventRecord, patch: EventPatch, edits: EventEdits): Problem[] {
  const currency = patch.currency ?? current.currency;
  if (patch.currency !== undefined && patch.currency !== current.currency) {
    // Per-guest items add to no estimate counter, so the item count decides too (issue 5).
    const booked = current.budget_estimated_minor || current.budget_actual_minor || current.budget_paid_minor || current.budget_committed_minor || (current as BudgetEvent).budget_item_count;
    if (booked) return [{ path: 'currency', message: 'The currency cannot change once budget items exist' }];
    edits.set.currency = patch.currency;
  }
  const total = patch.budget_total ?? toMajorUnits(current.budget_total_minor, current.currency);
  const problem = amountProblem(total, currency);
  if (problem) return [{ path: patch.budget_total !== undefined ? 'budget_total' : 'currency', message: problem }];
  const minor = toMinorUnits(total, currency) as number;
  if (minor !== current.budget_total_minor) edits.set.budget_total_minor = minor;
  return [];
}

export function applyEventEdits(current: EventRecord, edits: EventEdits): EventRecord {
  const after: EventRecord = { ...current, ...edits.set };
  for (const field of edits.remove) delete after[field];
  return after;
}

/** The fields an audit entry compares, in the units the API answers with (money in major units). */
const auditedFields = [
  'name', 'description', 'event_date', 'timezone', 'location_name', 'location_address',
  'event_type', 'capacity', 'budget_total', 'currency', 'status', 'waitlist_enabled', 'rsvp_deadline', 'default_language',
] as const;

function auditView(event: EventRecord | null): Record<string, unknown> {
  if (!event) return {};
  const { budget_total_minor, ...rest } = event;
  return { ...rest, budget_total: toMajorUnits(budget_total_minor, event.currency) };
}

/** Before/after of every audited field that differs; `null` stands for "no event" (created, deleted). */
export const eventFieldChanges = (before: EventRecord | null, after: EventRecord | null): FieldChange[] =>
  diffFields(auditView(before), auditView(after), auditedFields);

export type NoticeKind = 'event_changed' | 'event_cancelled';

const noticeWorthy = ['event_date', 'timezone', 'location_name', 'location_address'];

/**
 * The one notice a change owes the guests: a cancellation (with whatever else changed alongside), or a
 * change of when or where. Other edits (name, budget, capacity) tell the guests nothing they act on.
 */
export function noticeFor(changes: FieldChange[]): { kind: NoticeKind; changes: FieldChange[] } | null {
  const cancelled = changes.some((change) => change.field === 'status' && change.after === 'cancelled');
  const relevant = changes.filter((change) => noticeWorthy.includes(change.field));
  if (cancelled) return { kind: 'event_cancelled', changes: changes.filter((change) => change.field === 'status' || noticeWorthy.includes(change.field)) };
  return relevant.length > 0 ? { kind: 'event_changed', changes: relevant } : null;
}
