import { beforeAll, describe, expect, it } from 'vitest';
import { runOverspendCheck } from '../../functions/overspend/handler.ts';
import { saveBudgetSettings } from '../../shared/data/budget/settings.ts';
import { listEventNotices, type NoticeRecord } from '../../shared/data/notices.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { addMember } from './events-fixtures.ts';
import { addItem, budgetEvent, call } from './budget-fixtures.ts';

let ada: SignedInUser;

beforeAll(async () => {
  ada = await signedInUser();
});

const budgetAlerts = async (eventId: string) => (await listEventNotices(eventId)).filter((notice) => notice.kind === 'budget_alert');
const linesOf = (notice: NoticeRecord) => (notice.alerts ?? []).map((alert) => String(alert.line));

describe('overspend alerts', () => {
  it('records a crossing at once, once, for the organizer and budget writers, and shows it in the budget', async () => {
    const event = await budgetEvent(ada, { budget_total: 1000 });
    const coordinator = await signedInUser();
    const assistant = await signedInUser();
    await addMember(event.id, coordinator.userId, 'coordinator');
    await addMember(event.id, assistant.userId, 'assistant');
    const item = await addItem(ada, event.id, { estimated_cost: 500 });

    await call(ada, 'PUT', `/api/budget/items/${item.id}`, { body: { estimated_cost: 1200 } });
    await call(ada, 'PUT', `/api/budget/items/${item.id}`, { body: { estimated_cost: 1300 } });
    const budget = await call(ada, 'GET', `/api/events/${event.id}/budget`);
    const run = await runOverspendCheck(new Date());

    const notices = await budgetAlerts(event.id);
    expect(notices.flatMap((notice) => linesOf(notice)).sort()).toEqual(['overall:over', 'overall:warning']);
    expect(notices[0]?.recipient_user_ids?.sort()).toEqual([ada.userId, coordinator.userId].sort());
    expect(budget.body.data.alerts.map((alert: { line: string; crossed_at: string | null }) => [alert.line, alert.crossed_at !== null]))
      .toEqual(expect.arrayContaining([['overall:over', true], ['overall:warning', true]]));
    expect(run).toMatchObject({ eventsChecked: expect.any(Number), alertsRecorded: 0 });
  });

  it('tells one change that crosses several lines in one notice naming each line', async () => {
    const event = await budgetEvent(ada, { budget_total: 1000 });
    const item = await addItem(ada, event.id, { estimated_cost: 100 });

    const changed = await call(ada, 'PUT', `/api/budget/items/${item.id}`, { body: { actual_cost: 1200 } });
    const notices = await budgetAlerts(event.id);

    expect(changed.status).toBe(200);
    expect(notices).toHaveLength(1);
    expect(linesOf(notices[0] as NoticeRecord).sort()).toEqual(['overall:over', 'overall:warning', `item:${item.id}`].sort());
  });

  it('alerts again only after the figure drops back under the line and crosses again', async () => {
    const event = await budgetEvent(ada, { budget_total: 1000 });
    const item = await addItem(ada, event.id, { estimated_cost: 1100 });

    await call(ada, 'PUT', `/api/budget/items/${item.id}`, { body: { estimated_cost: 100 } });
    await call(ada, 'PUT', `/api/budget/items/${item.id}`, { body: { estimated_cost: 1500 } });

    const over = (await budgetAlerts(event.id)).filter((notice) => linesOf(notice).includes('overall:over'));
    expect(over).toHaveLength(2);
  });

  it('alerts a category over its allocation and an item over its estimate by more than the threshold', async () => {
    const event = await budgetEvent(ada, { budget_total: 100000 });
    await call(ada, 'PUT', `/api/events/${event.id}/budget`, { body: { allocations: { decor: 100 }, item_overrun_threshold_percent: 10 } });
    const within = await addItem(ada, event.id, { category: 'venue', estimated_cost: 100, actual_cost: 110 });
    const beyond = await addItem(ada, event.id, { category: 'decor', estimated_cost: 100, actual_cost: 110.01 });

    const lines = (await budgetAlerts(event.id)).flatMap((notice) => linesOf(notice)).sort();

    expect(lines).toEqual(['category:decor', `item:${beyond.id}`].sort());
    expect(lines).not.toContain(`item:${within.id}`);
  });

  it('the scheduled run finds a crossing no write judged (a lost follow-up) from the day index, exactly once', async () => {
    const event = await budgetEvent(ada, { budget_total: 1000 });
    await addItem(ada, event.id, { estimated_cost: 950 });
    // Lowering the line by a write that skips judging stands in for a crash between commit and judging.
    const current = await call(ada, 'GET', `/api/events/${event.id}`);
    await saveBudgetSettings(event.id, current.body.data.version, { set: { budget_total_minor: 50000 }, allocations: new Map(), currencyChanges: false, changes: [] }, new Date().toISOString(), []);

    const first = await runOverspendCheck(new Date());
    const second = await runOverspendCheck(new Date());

    expect(first.alertsRecorded).toBeGreaterThanOrEqual(1);
    expect(second.alertsRecorded).toBe(0);
    expect((await budgetAlerts(event.id)).filter((notice) => linesOf(notice).includes('overall:over'))).toHaveLength(1);
  });
});
