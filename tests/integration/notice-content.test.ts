import { describe, expect, it } from 'vitest';
import { signedInUser } from '../support/signed-in-user.ts';
import { createEvent, weddingInput } from './events-fixtures.ts';
import { addItem, budgetEvent, call } from './budget-fixtures.ts';
import { addGuests } from './guests-fixtures.ts';
import { emailsFor, invitationsApi, runSender, uniqueTag } from './invitations-fixtures.ts';

/** What the emails say: the facts a reader acts on, in words, in the event's time zone. */
describe('what notices say', () => {
  it('states the RSVP deadline in the invitation, in words and in the event’s time zone', async () => {
    const planner = await signedInUser();
    // Midnight in London (summer time) on 2 June: 1 June is the last day to reply.
    const event = await createEvent(planner, { ...weddingInput, event_date: '2031-06-20T17:00:00Z', rsvp_deadline: '2031-06-01T23:00:00Z' });
    const tag = uniqueTag();
    const [guest] = await addGuests(planner, event.id, [{ name: 'Ada', email: `ada.${tag}@example.com` }]);

    const queued = await invitationsApi(planner, 'POST', `/api/events/${event.id}/invitations`, { guest_ids: [guest.id] });
    await runSender();
    const [invitation] = await emailsFor(tag);

    expect(queued.status).toBe(202);
    expect(invitation?.body.text).toContain('Please reply by Sunday, 1 June 2031.');
    expect(invitation?.body.html).toContain('Please reply by Sunday, 1 June 2031.');
  });

  it('sends one budget alert for one change that crosses several limits, naming each line by its name', async () => {
    const tag = uniqueTag();
    const planner = await signedInUser(`planner_${tag}`);
    const event = await budgetEvent(planner, { budget_total: 1000, event_date: '2031-06-20T17:00:00Z' });
    const item = await addItem(planner, event.id, { description: 'Wedding cake', estimated_cost: 100 });

    const changed = await call(planner, 'PUT', `/api/budget/items/${item.id}`, { body: { actual_cost: 1200 } });
    await runSender();
    const alerts = (await emailsFor(`planner_${tag}`)).filter((email) => email.subject.startsWith('Budget alert:'));

    expect(changed.status).toBe(200);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.body.text).toContain('crossed 3 limits');
    expect(alerts[0]?.body.text).toContain('Item: Wedding cake: Wedding cake costs more than');
    expect(alerts[0]?.body.text).toContain('Overall budget: Committed spending is over the budget: US$1,200.00 (limit US$1,000.00)');
    expect(alerts[0]?.body.text).toContain('Overall budget (warning):');
    expect(alerts[0]?.body.text).not.toContain('item:');
  });
});
