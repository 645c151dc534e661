import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../shared/domain/domain-events/contract.ts';
import { effectivePermissions } from '../../shared/domain/permissions.ts';
import { visibleActivityEntry } from '../../shared/domain/visibility/activity.ts';
import { visibleDomainEvent } from '../../shared/domain/visibility/domain-events.ts';
import { visibleEvent } from '../../shared/domain/visibility/event.ts';
import { visibleInvitationRow } from '../../shared/domain/visibility/invitations.ts';
import { eventFieldsNeedingWrite } from '../../shared/domain/visibility/writes.ts';

/** The presenters of shared/domain/visibility on the table of docs/area-visibility.md. */
const organizer = effectivePermissions('organizer');
const viewer = effectivePermissions('viewer'); // budget: none
const noGuests = effectivePermissions('coordinator', { guests: 'none' });
const budgetReader = effectivePermissions('coordinator', { budget: 'read' });

const entry = (action: string, changes: Array<{ field: string; before: unknown; after: unknown }> = []) =>
  ({ id: 'a', actor_id: 'u', action, entity_type: 'x', entity_id: 'y', changes, at: '2027-01-01T00:00:00Z' });

describe('visibleEvent', () => {
  const event = { name: 'Gala', budget_total: 10, currency: 'EUR', budget: {}, guest_count: 3, rsvp_yes: 1, attending_headcount: 2, timeline: {} };

  it('leaves out exactly the fields of the areas the caller may not read', () => {
    expect(visibleEvent(event, organizer)).toEqual(event);
    expect(visibleEvent(event, viewer)).toEqual({ name: 'Gala', guest_count: 3, rsvp_yes: 1, attending_headcount: 2, timeline: {} });
    expect(visibleEvent(event, noGuests)).toEqual({ name: 'Gala', budget_total: 10, currency: 'EUR', budget: {}, timeline: {} });
    expect(visibleEvent(event, effectivePermissions('assistant', { timeline: 'none' }))).not.toHaveProperty('timeline');
  });
});

describe('visibleActivityEntry', () => {
  it('drops the entries of an unreadable area and keeps the others whole', () => {
    for (const action of ['budget.updated', 'budget_item.created', 'budget_payment.recorded', 'budget.alert']) expect(visibleActivityEntry(entry(action), viewer)).toBeNull();
    for (const action of ['guest.updated', 'guests.added', 'guests.purged']) expect(visibleActivityEntry(entry(action), noGuests)).toBeNull();
    expect(visibleActivityEntry(entry('team.invited'), effectivePermissions('assistant', { team: 'none' }))).toBeNull();
    expect(visibleActivityEntry(entry('guest.updated'), viewer)).toEqual(entry('guest.updated'));
  });

  it('keeps an event entry without the budget changes', () => {
    const changes = [{ field: 'name', before: 'A', after: 'B' }, { field: 'budget_total', before: 1, after: 2 }, { field: 'currency', before: 'EUR', after: 'USD' }];

    expect(visibleActivityEntry(entry('event.updated', changes), viewer)?.changes).toEqual([changes[0]]);
    expect(visibleActivityEntry(entry('event.updated', changes), budgetReader)?.changes).toEqual(changes);
  });

  it('shows an action of no known area only to someone who reads every area', () => {
    expect(visibleActivityEntry(entry('newthing.done'), organizer)).not.toBeNull();
    expect(visibleActivityEntry(entry('newthing.done'), viewer)).toBeNull();
  });
});

describe('visibleInvitationRow', () => {
  it('keeps the delivery facts and leaves out the guest without guests read', () => {
    const row = { guest_id: 'g', guest_name: 'Ann', email: 'a@example.com', status: 'sent', rsvp_status: 'yes', responded_at: null, sent_at: 't' };

    expect(visibleInvitationRow(row, noGuests)).toEqual({ guest_id: 'g', status: 'sent', sent_at: 't' });
    expect(visibleInvitationRow(row, viewer)).toEqual(row);
  });
});

describe('visibleDomainEvent', () => {
  const changed = (fields: string[]): DomainEvent => ({
    id: 'd', type: 'event.changed', event_id: 'e', actor_id: 'u', occurred_at: '2027-01-01T00:00:00Z', entity_type: 'event', entity_id: 'e',
    detail: { fields, changes: fields.map((field) => ({ field, before: 1, after: 2 })) },
  });

  it('drops the budget fields of a change, and a change of only those', () => {
    expect(visibleDomainEvent(changed(['budget_total']), viewer)).toBeNull();
    expect(visibleDomainEvent(changed(['budget_total', 'location_name']), viewer)?.detail).toEqual({ fields: ['location_name'], changes: [{ field: 'location_name', before: 1, after: 2 }] });
    expect(visibleDomainEvent(changed(['budget_total']), organizer)).toEqual(changed(['budget_total']));
  });

  it('is null for an event of an area the member may not read', () => {
    expect(visibleDomainEvent({ ...changed([]), type: 'budget.alert', entity_type: 'budget', detail: {} }, viewer)).toBeNull();
    expect(visibleDomainEvent({ ...changed([]), type: 'rsvp.received', entity_type: 'guest', detail: {} }, noGuests)).toBeNull();
  });
});

describe('eventFieldsNeedingWrite', () => {
  const current = { budget_total: 100, currency: 'EUR' };

  it('names the money fields that would change without budget write, and only those', () => {
    expect(eventFieldsNeedingWrite({ budget_total: 5, currency: 'USD', name: 'x' }, current, budgetReader)).toEqual(['budget_total', 'currency']);
    expect(eventFieldsNeedingWrite({ budget_total: 100, currency: 'EUR' }, current, budgetReader)).toEqual([]);
    expect(eventFieldsNeedingWrite({ budget_total: 5 }, current, organizer)).toEqual([]);
  });
});
