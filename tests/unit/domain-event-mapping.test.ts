import { describe, expect, it } from 'vitest';
import { type AuditFacts, domainEventsOfAudit } from '../../shared/domain/domain-events/mapping.ts';
import { domainEventSchema } from '../../shared/domain/domain-events/contract.ts';

const USER = '01JD3M8W6ZQ4V7N2K5T9X1B3C8';
const OTHER = '01JD3M8W6ZQ4V7N2K5T9X1B3C9';

const facts = (overrides: Partial<AuditFacts>): AuditFacts => ({
  id: '01JD3M8W6ZQ4V7N2K5T9X1B3D0',
  event_id: '01JD3M8W6ZQ4V7N2K5T9X1B3E0',
  actor_id: USER,
  action: 'event.updated',
  entity_type: 'event',
  entity_id: '01JD3M8W6ZQ4V7N2K5T9X1B3E0',
  changes: [],
  at: '2026-11-24T09:30:00.000Z',
  ...overrides,
});

const typesOf = (input: Partial<AuditFacts>) => domainEventsOfAudit(facts(input)).map((event) => event.type);

describe('domainEventsOfAudit', () => {
  it('maps a first answer to rsvp.received and a later one to rsvp.changed', () => {
    const first = domainEventsOfAudit(facts({ action: 'guest.rsvp', entity_type: 'guest', entity_id: 'g1', subject: 'Ann', changes: [{ field: 'rsvp_status', before: 'pending', after: 'yes' }] }));
    const later = typesOf({ action: 'guest.rsvp', entity_type: 'guest', changes: [{ field: 'rsvp_status', before: 'yes', after: 'no' }] });
    const plusOnesOnly = typesOf({ action: 'guest.rsvp', entity_type: 'guest', changes: [{ field: 'plus_one_count', before: 0, after: 1 }] });

    expect(first).toEqual([expect.objectContaining({ type: 'rsvp.received', detail: { guest_id: 'g1', guest_name: 'Ann', rsvp_status: 'yes', previous_status: 'pending', fields: ['rsvp_status'] } })]);
    expect(later).toEqual(['rsvp.changed']);
    expect(plusOnesOnly).toEqual(['rsvp.changed']);
  });

  it('treats a planner edit of a guest as an RSVP only when the answer changed', () => {
    expect(typesOf({ action: 'guest.updated', entity_type: 'guest', changes: [{ field: 'name', before: 'A', after: 'B' }] })).toEqual([]);
    expect(typesOf({ action: 'guest.updated', entity_type: 'guest', changes: [{ field: 'rsvp_status', before: 'pending', after: 'maybe' }] })).toEqual(['rsvp.received']);
    expect(typesOf({ action: 'guest.promoted', entity_type: 'guest', changes: [{ field: 'rsvp_status', before: 'waitlisted', after: 'yes' }] })).toEqual(['rsvp.changed']);
  });

  it('maps guests added and removed', () => {
    const added = domainEventsOfAudit(facts({ action: 'guests.added', entity_type: 'guest', changes: [{ field: 'guests', before: null, after: [{ id: 'g1', name: 'A', email: 'a@x.io' }, { id: 'g2', name: 'B', email: null }] }] }));
    const removed = domainEventsOfAudit(facts({ action: 'guest.deleted', entity_type: 'guest', entity_id: 'g1', changes: [{ field: 'guest', before: { name: 'A' }, after: null }] }));

    expect(added[0]).toMatchObject({ type: 'guest.added', detail: { count: 2, guests: [{ id: 'g1', name: 'A' }, { id: 'g2', name: 'B' }] } });
    expect(removed[0]).toMatchObject({ type: 'guest.removed', detail: { guest_id: 'g1', guest_name: 'A' } });
  });

  it('tells a cancellation from any other change, and maps a deletion to a cancellation', () => {
    expect(typesOf({ changes: [{ field: 'status', before: 'planning', after: 'cancelled' }, { field: 'name', before: 'a', after: 'b' }] })).toEqual(['event.cancelled']);
    expect(typesOf({ changes: [{ field: 'location_name', before: 'a', after: 'b' }] })).toEqual(['event.changed']);
    const deleted = domainEventsOfAudit(facts({ action: 'event.deleted', changes: [{ field: 'name', before: 'Gala', after: null }], domain_detail: { team: [] } }));
    expect(deleted[0]).toMatchObject({ type: 'event.cancelled', detail: { deleted: true, event_name: 'Gala', team: [] } });
  });

  it('maps a timeline update to task.assigned and task.completed, each once, with ids derived from the entry', () => {
    const events = domainEventsOfAudit(facts({
      action: 'timeline.updated', entity_type: 'timelineItem', entity_id: 't1', subject: 'Book the band',
      changes: [{ field: 'assigned_to', before: null, after: OTHER }, { field: 'status', before: 'in_progress', after: 'completed' }],
    }));

    expect(events.map((event) => [event.id, event.type])).toEqual([
      ['01JD3M8W6ZQ4V7N2K5T9X1B3D0.task.assigned', 'task.assigned'],
      ['01JD3M8W6ZQ4V7N2K5T9X1B3D0.task.completed', 'task.completed'],
    ]);
    expect(events[0]?.detail).toEqual({ item_kind: 'timeline', assignee_id: OTHER, title: 'Book the band' });
    expect(events.every((event) => domainEventSchema.safeParse(event).success)).toBe(true);
  });

  it('ignores an assignee that is free text, and a status that did not become completed', () => {
    expect(typesOf({ action: 'timeline.updated', entity_type: 'timelineItem', changes: [{ field: 'assigned_to', before: null, after: 'the florist' }] })).toEqual([]);
    expect(typesOf({ action: 'timeline.updated', entity_type: 'timelineItem', changes: [{ field: 'status', before: 'pending', after: 'in_progress' }] })).toEqual([]);
    expect(typesOf({ action: 'timeline.created', entity_type: 'timelineItem', changes: [{ field: 'status', before: null, after: 'pending' }] })).toEqual([]);
  });

  it('maps checklist ticks and assignments, and a task created assigned', () => {
    expect(typesOf({ action: 'checklist.updated', entity_type: 'checklistItem', changes: [{ field: 'completed', before: false, after: true }] })).toEqual(['checklist_item.completed']);
    expect(typesOf({ action: 'checklist.updated', entity_type: 'checklistItem', changes: [{ field: 'completed', before: true, after: false }] })).toEqual([]);
    expect(typesOf({ action: 'checklist.created', entity_type: 'checklistItem', changes: [{ field: 'assigned_to', before: null, after: OTHER }, { field: 'completed', before: null, after: false }] })).toEqual(['task.assigned']);
    expect(typesOf({ action: 'timeline.created', entity_type: 'timelineItem', changes: [{ field: 'assigned_to', before: null, after: OTHER }] })).toEqual(['task.assigned']);
  });

  it('maps budget alerts, team joins and uploads; document creation and other actions are no domain event', () => {
    expect(domainEventsOfAudit(facts({ action: 'budget.alert', entity_type: 'budget', changes: [{ field: 'alert', before: null, after: { line: 'overall:over', value: 10, limit: 5 } }] }))[0]?.detail).toEqual({ line: 'overall:over', value: 10, limit: 5 });
    expect(domainEventsOfAudit(facts({ action: 'team.joined', entity_type: 'teamMember', actor_id: OTHER }))[0]).toMatchObject({ type: 'team.member_joined', detail: { user_id: OTHER } });
    expect(typesOf({ action: 'document.uploaded', entity_type: 'document', subject: 'Contract.pdf' })).toEqual(['document.uploaded']);
    expect(typesOf({ action: 'document.infected', entity_type: 'document', subject: 'Contract.pdf' })).toEqual(['document.infected']);
    for (const action of ['document.created', 'document.version_added', 'vendor.created', 'budget_item.updated', 'team.invited', 'register', 'logout']) {
      expect(typesOf({ action }), action).toEqual([]);
    }
  });
});
