import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { runOverspendCheck } from '../../functions/overspend/handler.ts';
import { runReminders } from '../../functions/reminders/handler.ts';
import { db, tableName } from '../../shared/data/client.ts';
import { type DayIndexedItem, dueOnDayPages } from '../../shared/data/due-items.ts';
import { budgetChangeKeys, dueKeys } from '../../shared/data/keys.ts';

/** Items indexed under a day in GSI2, shaped as the repositories write them. */
function dueItem(day: string, time: string, kind: string, id: string): DayIndexedItem {
  return { pk: `EVENT#schedules-test`, sk: `${kind}#${id}`, gsi2pk: dueKeys.partition(day, id), gsi2sk: dueKeys.sort(`${day}T${time}Z`, kind, id) };
}

function budgetChange(day: string, time: string, id: string): DayIndexedItem {
  return { pk: `EVENT#schedules-test`, sk: `BUDGETCHANGE#${id}`, gsi2pk: budgetChangeKeys.partition(day, id), gsi2sk: `${day}T${time}Z#BUDGET#${id}` };
}

async function putAll(items: DayIndexedItem[]): Promise<void> {
  await db().send(new BatchWriteCommand({ RequestItems: { [tableName()]: items.map((Item) => ({ PutRequest: { Item } })) } }));
}

// Days far from the real clock, so nothing else in this file's table can fall on them by accident.
const now = new Date('2031-03-04T10:00:00Z');

describe('reminders job', () => {
  it('reads exactly yesterday, today and tomorrow (UTC), and sends nothing for items of no known type', async () => {
    const dueToday = [dueItem('2031-03-04', '09:00:00', 'TIMELINE', 'a'), dueItem('2031-03-04', '18:30:00', 'CHECKLIST', 'b')];
    const dueTomorrow = [dueItem('2031-03-05', '08:00:00', 'NOTICE', 'c')];
    const dueYesterday = [dueItem('2031-03-03', '23:59:00', 'TIMELINE', 'yesterday')];
    const elsewhere = [dueItem('2031-03-02', '12:00:00', 'TIMELINE', 'earlier'), dueItem('2031-03-06', '00:00:00', 'TIMELINE', 'later')];
    await putAll([...dueToday, ...dueTomorrow, ...dueYesterday, ...elsewhere]);

    const run = await runReminders(now, 'request-1');

    expect(run.days).toEqual([
      { day: '2031-03-03', due: 1 },
      { day: '2031-03-04', due: 2 },
      { day: '2031-03-05', due: 1 },
    ]);
    expect(run.sent).toEqual({ due_soon: 0, overdue: 0, digest: 0, rsvp_reminder: 0, day_before: 0, sub_event_day_before: 0, payment_due_soon: 0, payment_overdue: 0 });
  });

  it('reads a day page by page until the last page', async () => {
    const items = ['p1', 'p2', 'p3', 'p4', 'p5'].map((id, index) => dueItem('2031-04-01', `0${index}:00:00`, 'CHECKLIST', id));
    await putAll(items);

    const pages: DayIndexedItem[][] = [];
    for await (const page of dueOnDayPages('2031-04-01', 2)) pages.push(page);

    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.flat().map((item) => item.sk)).toEqual(items.map((item) => item.sk));
  });
});

describe('overspend job', () => {
  it("counts the budget changes of the past hour's days, yesterday too just after midnight", async () => {
    await putAll([
      budgetChange('2031-05-09', '23:40:00', 'late'),
      budgetChange('2031-05-10', '00:10:00', 'early'),
      budgetChange('2031-05-08', '12:00:00', 'old'),
    ]);

    const run = await runOverspendCheck(new Date('2031-05-10T00:30:00Z'), 'request-2');

    expect(run).toMatchObject({ days: ['2031-05-09', '2031-05-10'], budgetChanges: 2, eventsChecked: 0 });
  });

  it('looks at one day during the day', async () => {
    const run = await runOverspendCheck(new Date('2031-05-10T12:00:00Z'), 'request-3');

    expect(run).toMatchObject({ days: ['2031-05-10'], budgetChanges: 1, eventsChecked: 0 });
  });
});
