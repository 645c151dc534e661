import { describe, expect, it } from 'vitest';
import { vendorIdFor } from '../../shared/domain/budget/vendor-reference.ts';
import { resolveSchedule } from '../../shared/domain/events/rules.ts';
import { createBudgetItemBody } from '../../shared/schemas/budget.ts';
import { createEventBody, listEventsQuery } from '../../shared/schemas/events.ts';
import { addGuestsBody, listGuestsQuery, updateGuestBody } from '../../shared/schemas/guests.ts';
import { createTimelineBody } from '../../shared/schemas/timeline.ts';
import { createVendorBody } from '../../shared/schemas/vendors.ts';

/** The original spec's names and values, accepted as aliases (issue 12). */
describe('aliases of the original spec', () => {
  it('plus_one: true allows one plus-one seat; false allows none; the model name wins', () => {
    const added = addGuestsBody.parse({ guest_list: [{ name: 'Ada', plus_one: true }, { name: 'Bob', plus_one: false }] });

    expect(added.guest_list.map((guest) => [guest.plus_one_allowed, guest.plus_one_limit])).toEqual([[true, 1], [false, 0]]);
    expect(updateGuestBody.parse({ plus_one: true }).plus_one_allowed).toBe(true);
    expect(updateGuestBody.parse({ plus_one: true, plus_one_allowed: false }).plus_one_allowed).toBe(false);
  });

  it('money as a decimal string, with the same precision rules', () => {
    expect(createBudgetItemBody.parse({ category: 'venue', description: 'Hall', estimated_cost: '3500.50' }).estimated_cost).toBe(3500.5);
    expect(createBudgetItemBody.safeParse({ category: 'venue', description: 'Hall', estimated_cost: '35,00' }).success).toBe(false);
    expect(createBudgetItemBody.safeParse({ category: 'venue', description: 'Hall', estimated_cost: '-1' }).success).toBe(false);
    expect(createEventBody.safeParse({ name: 'E', date: '2027-03-01', budget_total: '10.005' }).error?.issues.map((issue) => issue.path.join('.'))).toEqual(['budget_total']);
  });

  it('event_type: a known type in any case is that type, any other label is kept as given', () => {
    expect(createEventBody.parse({ name: 'E', date: '2027-03-01', event_type: 'Wedding' }).event_type).toBe('wedding');
    expect(createEventBody.parse({ name: 'E', date: '2027-03-01', event_type: 'Gala dinner' }).event_type).toBe('Gala dinner');
  });

  it('a local date-time without an offset is wall-clock time in the event zone', () => {
    const created = createEventBody.parse({ name: 'E', event_date: '2027-03-01T09:00:00', timezone: 'Europe/Paris' });

    expect(created.event_date).toBe('2027-03-01T08:00:00Z');
    expect(resolveSchedule({ event_date: '2027-07-01T09:00' }, { event_date: '2027-03-01T08:00:00Z', timezone: 'Europe/Paris' })).toEqual({ schedule: { event_date: '2027-07-01T07:00:00Z', timezone: 'Europe/Paris' } });
    expect(createTimelineBody.parse({ title: 'Book', due_date: '2027-02-01T10:30:00' }).due_date).toEqual({ day: '2027-02-01', time: '10:30:00' });
  });

  it('sort=-field sorts descending; a contradicting order is a problem naming order', () => {
    expect(listEventsQuery.parse({ sort: '-event_date' })).toMatchObject({ sort: 'event_date', order: 'desc' });
    expect(listGuestsQuery.parse({ sort: '-name' })).toMatchObject({ sort: 'name', order: 'desc' });
    expect(listGuestsQuery.parse({ sort: 'name' })).toMatchObject({ sort: 'name', order: 'asc' });
    expect(listEventsQuery.safeParse({ sort: '-name', order: 'asc' }).error?.issues.map((issue) => issue.path.join('.'))).toEqual(['order']);
  });

  it('vendor contact_info as plain text: kept as the line, email and phone taken out; a flat field wins', () => {
    const vendor = createVendorBody.parse({ name: 'Fleurs', service_type: 'Florist', contact_info: 'Ana Ruiz, Ana@Example.com, +34 600 000 000' });

    expect(vendor.contact).toEqual({ line: 'Ana Ruiz, Ana@Example.com, +34 600 000 000', email: 'ana@example.com', phone: '+34 600 000 000' });
    expect(createVendorBody.parse({ name: 'F', service_type: 'F', contact_info: 'call Ana', email: 'b@example.com' }).contact).toEqual({ line: 'call Ana', email: 'b@example.com' });
  });

  it('budget item vendor: an id or a name of a vendor of the event, else a problem naming vendor', () => {
    const vendors = [{ id: 'e#v1', name: 'Fleurs de Lys' }, { id: 'e#v2', name: 'Sound' }, { id: 'e#v3', name: 'Sound' }];

    expect(vendorIdFor('e#v1', vendors)).toEqual({ vendorId: 'e#v1' });
    expect(vendorIdFor(' fleurs de lys ', vendors)).toEqual({ vendorId: 'e#v1' });
    expect(vendorIdFor('Sound', vendors)).toMatchObject({ problem: { path: 'vendor' } });
    expect(vendorIdFor('Nobody', vendors)).toMatchObject({ problem: { path: 'vendor' } });
  });
});
