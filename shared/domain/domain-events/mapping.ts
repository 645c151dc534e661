import type { DomainEvent, DomainEventType } from './contract.ts';

/**
 * Which domain events an audit entry stands for. Every change already writes its audit entry in the
 * transaction of the change, so the entry is the outbox of its domain events: when this function finds
 * any, the entry carries them and the outbox key until they are published (shared/data/audit.ts).
 *
 * Domain event ids are `<audit entry id>.<type>`: an entry yields each type at most once, and a
 * republished event keeps its id, which is what consumers deduplicate on.
 */
export type AuditedChange = { field: string; before: unknown; after: unknown };

export type AuditFacts = {
  id: string;
  /** The event the change belongs to (for an event-scoped entry, its event; for `event.deleted`, the entity). */
  event_id: string;
  actor_id: string;
  action: string;
  entity_type: string;
  entity_id: string;
  changes: AuditedChange[];
  at: string;
  /** The entity's display name at the time (a guest's name, a task's title), when the caller knows it. */
  subject?: string;
  /** Facts the caller adds for consumers (a deleted event's team, whom it can no longer be read from). */
  domain_detail?: Record<string, unknown>;
};

const changeOf = (facts: AuditFacts, field: string) => facts.changes.find((change) => change.field === field);

/** Only an assignee that is a user id names a team member; free text ("the florist") notifies nobody. */
const USER_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const assigneeOf = (value: unknown): string | null => (typeof value === 'string' && USER_ID.test(value) ? value : null);

type Draft = { type: DomainEventType; detail: Record<string, unknown> };

function rsvpEvent(facts: AuditFacts): Draft[] {
  const status = changeOf(facts, 'rsvp_status');
  // An answer that changes only plus-ones or dietary needs is still a changed answer; an edit of the
  // guest's details by a planner (no status change) is not an RSVP at all.
  if (!status && facts.action === 'guest.updated') return [];
  const detail: Record<string, unknown> = { guest_id: facts.entity_id, fields: facts.changes.map((change) => change.field) };
  if (facts.subject) detail.guest_name = facts.subject;
  if (status) Object.assign(detail, { rsvp_status: status.after, previous_status: status.before });
  return [{ type: status?.before === 'pending' ? 'rsvp.received' : 'rsvp.changed', detail }];
}

function taskEvents(facts: AuditFacts, completed: boolean): Draft[] {
  const drafts: Draft[] = [];
  const kind = facts.entity_type === 'checklistItem' ? 'checklist' : 'timeline';
  const title = facts.subject ? { title: facts.subject } : {};
  const assignee = changeOf(facts, 'assigned_to');
  const assigneeId = assigneeOf(assignee?.after);
  if (assignee && assigneeId) drafts.push({ type: 'task.assigned', detail: { item_kind: kind, assignee_id: assigneeId, ...title } });
  if (completed) drafts.push({ type: kind === 'checklist' ? 'checklist_item.completed' : 'task.completed', detail: { item_kind: kind, ...title } });
  return drafts;
}

const became = (facts: AuditFacts, field: string, value: unknown) => changeOf(facts, field)?.after === value && changeOf(facts, field)?.before !== value;

/** The drafts of one audit entry, by action (the actions are those of the functions that write them). */
function drafts(facts: AuditFacts): Draft[] {
  switch (facts.action) {
    case 'guest.rsvp':
    case 'guest.promoted':
    case 'guest.updated':
      return rsvpEvent(facts);
    case 'guests.added': {
      const added = (changeOf(facts, 'guests')?.after as Array<{ id: string; name?: string }> | undefined) ?? [];
      return [{ type: 'guest.added', detail: { count: added.length, guests: added.map(({ id, name }) => ({ id, name })) } }];
    }
    case 'guest.deleted': {
      const before = changeOf(facts, 'guest')?.before as { name?: string } | undefined;
      return [{ type: 'guest.removed', detail: { guest_id: facts.entity_id, ...(before?.name ? { guest_name: before.name } : {}) } }];
    }
    case 'event.updated': {
      const fields = facts.changes.map((change) => change.field);
      if (became(facts, 'status', 'cancelled')) return [{ type: 'event.cancelled', detail: { deleted: false, fields } }];
      return [{ type: 'event.changed', detail: { fields, changes: facts.changes } }];
    }
    case 'event.deleted':
      // For consumers a deleted event is a cancelled one; it can no longer be read, so the names go along.
      return [{ type: 'event.cancelled', detail: { deleted: true, event_name: changeOf(facts, 'name')?.before ?? null } }];
    case 'timeline.created':
      return taskEvents(facts, changeOf(facts, 'status')?.after === 'completed');
    case 'timeline.updated':
      return taskEvents(facts, became(facts, 'status', 'completed'));
    case 'checklist.created':
      return taskEvents(facts, changeOf(facts, 'completed')?.after === true);
    case 'checklist.updated':
      return taskEvents(facts, became(facts, 'completed', true));
    case 'budget.alert':
      return [{ type: 'budget.alert', detail: { ...(changeOf(facts, 'alert')?.after as Record<string, unknown> | undefined) } }];
    case 'team.joined':
      return [{ type: 'team.member_joined', detail: { user_id: facts.actor_id } }];
    case 'document.uploaded':
      return [{ type: 'document.uploaded', detail: { document_id: facts.entity_id, ...(facts.subject ? { name: facts.subject } : {}), fields: facts.changes.map((change) => change.field) } }];
    case 'document.infected':
      return [{ type: 'document.infected', detail: { document_id: facts.entity_id, ...(facts.subject ? { name: facts.subject } : {}) } }];
    default:
      return [];
  }
}

export function domainEventsOfAudit(facts: AuditFacts): DomainEvent[] {
  return drafts(facts).map(({ type, detail }) => ({
    id: `${facts.id}.${type}`,
    type,
    event_id: facts.event_id,
    actor_id: facts.actor_id,
    occurred_at: facts.at,
    entity_type: facts.entity_type,
    entity_id: facts.entity_id,
    detail: { ...detail, ...facts.domain_detail },
  }));
}
