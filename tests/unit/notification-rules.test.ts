import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../shared/domain/domain-events/contract.ts';
import { emailPreferences, notificationExpiry, notificationMessage, notificationRecipients, type TeamMemberFacts, wantsEmail } from '../../shared/domain/notifications/rules.ts';

const event = (overrides: Partial<DomainEvent>): DomainEvent => ({
  id: 'a.rsvp.received', type: 'rsvp.received', event_id: 'e1', actor_id: 'guest:g1', occurred_at: '2026-11-24T09:30:00.000Z',
  entity_type: 'guest', entity_id: 'g1', detail: { guest_name: 'Ann', rsvp_status: 'yes', previous_status: 'pending' }, ...overrides,
});

const team: TeamMemberFacts[] = [
  { user_id: 'org', role: 'organizer', status: 'active' },
  { user_id: 'coord', role: 'coordinator', status: 'active' },
  { user_id: 'asst', role: 'assistant', status: 'active' },
  { user_id: 'view', role: 'viewer', status: 'active' },
  { user_id: 'blind', role: 'assistant', permissions: { guests: 'none' }, status: 'active' },
  { user_id: 'invited', role: 'coordinator', status: 'pending' },
];

describe('notificationRecipients', () => {
  it('tells the active members who may read the area, never a pending invitee', () => {
    expect(notificationRecipients(event({}), team)).toEqual(['org', 'coord', 'asst', 'view']);
  });

  it('leaves budget alerts to those who may see the budget', () => {
    expect(notificationRecipients(event({ type: 'budget.alert', entity_type: 'budget', actor_id: 'org' }), team)).toEqual(['coord', 'asst', 'blind']);
  });

  it('never tells the person who made the change', () => {
    expect(notificationRecipients(event({ type: 'event.changed', entity_type: 'event', actor_id: 'coord' }), team)).not.toContain('coord');
  });

  it('tells only the assignee of an assignment, if they are on the team and not the actor', () => {
    const assigned = (assignee: string, actor = 'org') => notificationRecipients(event({ type: 'task.assigned', entity_type: 'timelineItem', actor_id: actor, detail: { assignee_id: assignee } }), team);

    expect(assigned('asst')).toEqual(['asst']);
    expect(assigned('stranger')).toEqual([]);
    expect(assigned('org')).toEqual([]);
    expect(assigned('invited')).toEqual([]);
  });

  it('decides a checklist task by the checklist area', () => {
    const narrowed: TeamMemberFacts[] = [{ user_id: 'a', role: 'assistant', permissions: { checklist: 'none' }, status: 'active' }, { user_id: 'b', role: 'assistant', status: 'active' }];

    expect(notificationRecipients(event({ type: 'task.completed', entity_type: 'checklistItem', actor_id: 'x' }), narrowed)).toEqual(['b']);
    expect(notificationRecipients(event({ type: 'task.completed', entity_type: 'timelineItem', actor_id: 'x' }), narrowed)).toEqual(['a', 'b']);
  });
});

describe('notificationMessage', () => {
  it('says what happened in one sentence', () => {
    expect(notificationMessage(event({}))).toBe('Ann answered: will attend.');
    expect(notificationMessage(event({ type: 'rsvp.changed', detail: { guest_name: 'Ann', rsvp_status: 'no', previous_status: 'yes' } }))).toBe('Ann changed their answer: will not attend.');
    expect(notificationMessage(event({ type: 'rsvp.changed', detail: { guest_name: 'Ann', fields: ['email', 'phone'] } }))).toBe('Ann changed their email and phone.');
    expect(notificationMessage(event({ type: 'guest.added', detail: { count: 3 } }))).toBe('3 guests were added to the list.');
    expect(notificationMessage(event({ type: 'event.changed', detail: { fields: ['event_date', 'location_name'] } }))).toBe('The event changed: event date, location name.');
    expect(notificationMessage(event({ type: 'task.assigned', detail: {} }))).toBe('You were assigned a task.');
    expect(notificationMessage(event({ type: 'document.uploaded', detail: { name: 'Contract.pdf' } }))).toBe('"Contract.pdf" was uploaded.');
    expect(notificationMessage(event({ type: 'document.infected', detail: { name: 'Contract.pdf', version: 2 } }))).toBe(
      'The malware scan found a threat in "Contract.pdf" (version 2): the file was removed and cannot be downloaded.',
    );
  });
});

describe('email preferences', () => {
  it('are off unless turned on, and never for budget alerts (emailed to planners already)', () => {
    const preferences = emailPreferences({ 'task.assigned': true, 'rsvp.received': 'yes', 'budget.alert': true });

    expect(preferences['task.assigned']).toBe(true);
    expect(preferences['rsvp.received']).toBe(false);
    expect(wantsEmail(preferences, 'task.assigned')).toBe(true);
    expect(wantsEmail(preferences, 'rsvp.received')).toBe(false);
    expect(wantsEmail(preferences, 'budget.alert')).toBe(false);
    expect(Object.keys(emailPreferences(undefined))).not.toContain('budget.alert');
  });

  it('expire notifications 90 days after they were made', () => {
    expect(notificationExpiry(new Date('2026-01-01T00:00:00Z'))).toBe(Date.parse('2026-04-01T00:00:00Z') / 1000);
  });
});
