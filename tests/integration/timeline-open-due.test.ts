import { beforeAll, describe, expect, it } from 'vitest';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/data/client.ts';
import { CLOSED_DUE } from '../../shared/domain/events/open-due.ts';
import { eventKeys, openDueKeys } from '../../shared/data/keys.ts';
import { timelineOpenDueMigration } from '../../shared/data/migrations/0006-timeline-open-due.ts';
import { runMigrations } from '../../shared/data/migrations/runner.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { collection, createEvent, getItem } from './events-fixtures.ts';
import { expectStatus, timelineCountersAndRecount } from './timeline-fixtures.ts';

/**
 * The open due instants off the event item (issue 15, docs/capacity-model.md): their own item
 * (`TIMELINEDUE`) written with every timeline change, read by GET /api/events/{id} in its one
 * BatchGetItem; migration 0006 moving an older event's `timeline_open_due` map there, with the reads
 * right before, during and after. One organizer for the file; each test its own event.
 */
let ada: SignedInUser;
const PAST = ['2020-01-01T09:00:00Z', '2021-03-04T10:00:00Z', '2022-06-07T11:00:00Z', '2023-09-10T12:00:00Z'];
const FUTURE = '2099-01-01T00:00:00Z';

beforeAll(async () => {
  ada = await signedInUser();
});

type Item = { id: string; version: number };
const addItem = async (eventId: string, due: string, title = 'Task'): Promise<Item> =>
  (await expectStatus(201, ada, 'POST', `/api/events/${eventId}/timeline`, { body: { title, due_date: due } })).data;

/** A recount of the event's unfinished items past due, next to what GET /api/events/{id} says. */
async function overdueAndRecount(eventId: string) {
  const { stored, recount } = await timelineCountersAndRecount(eventId);
  const now = new Date().toISOString();
  const shown = (await expectStatus(200, ada, 'GET', `/api/events/${eventId}`)).data.timeline;
  return { shown, stored, recount, recountOverdue: Object.values(recount.open_due as Record<string, string>).filter((due) => due < now).length };
}

/** Puts the event back in the format before issue 15: its open due instants in the event item's map, no open-due item. */
async function toOldFormat(eventId: string) {
  const { stored } = await timelineCountersAndRecount(eventId);
  await db().send(new UpdateCommand({
    TableName: tableName(), Key: eventKeys.item(eventId), UpdateExpression: 'SET timeline_open_due = :map', ExpressionAttributeValues: { ':map': stored.open_due },
  }));
  await db().send(new DeleteCommand({ TableName: tableName(), Key: openDueKeys.item(eventId) }));
}

describe('the open due instants of a timeline', () => {
  it('are kept off the event item, and the summary counts overdue items as a recount does after concurrent writes', async () => {
    const eventId = (await createEvent(ada, { name: 'Gala', event_date: '2099-06-20T18:00:00Z', event_type: 'corporate' })).id;
    const items = await Promise.all(PAST.map((due) => addItem(eventId, due)));
    const [a, b, c] = items as [Item, Item, Item, Item];

    await Promise.all([
      expectStatus(200, ada, 'PUT', `/api/timeline/${a.id}`, { body: { status: 'completed' } }),
      expectStatus(200, ada, 'DELETE', `/api/timeline/${b.id}`),
      expectStatus(200, ada, 'PUT', `/api/timeline/${c.id}`, { body: { due_date: FUTURE } }),
      addItem(eventId, PAST[0] as string, 'Late too'),
      addItem(eventId, FUTURE, 'Not yet'),
    ]);
    const { shown, stored, recount, recountOverdue } = await overdueAndRecount(eventId);
    const eventItem = await getItem(eventKeys.item(eventId));

    expect(eventItem?.timeline_open_due).toBeUndefined();
    expect(stored).toEqual(recount);
    expect(recountOverdue).toBe(2);
    expect(shown).toMatchObject({ total: recount.total, done: recount.done, overdue: recountOverdue });
  });

  it('are read right from an event not migrated yet, and a timeline write to it keeps them right (closed entries hidden)', async () => {
    const eventId = (await createEvent(ada, { name: 'Old gala', event_date: '2099-06-20T18:00:00Z', event_type: 'corporate' })).id;
    const [a, b, c] = await Promise.all(PAST.slice(0, 3).map((due) => addItem(eventId, due))) as [Item, Item, Item];
    await toOldFormat(eventId);
    const before = await overdueAndRecount(eventId);
    const oldMap = (await getItem(eventKeys.item(eventId)))?.timeline_open_due;

    await expectStatus(200, ada, 'PUT', `/api/timeline/${a.id}`, { body: { status: 'completed' } });
    await expectStatus(200, ada, 'DELETE', `/api/timeline/${b.id}`);
    await expectStatus(200, ada, 'PUT', `/api/timeline/${c.id}`, { body: { due_date: PAST[3] } });
    await addItem(eventId, PAST[0] as string, 'New and late');
    const during = await overdueAndRecount(eventId);
    const openDueItem = await getItem(openDueKeys.item(eventId));

    expect(before.shown.overdue).toBe(before.recountOverdue);
    expect(before.recountOverdue).toBe(3);
    expect(during.stored).toEqual(during.recount);
    expect(during.shown.overdue).toBe(during.recountOverdue);
    expect(during.recountOverdue).toBe(2);
    // The map is left as it was, closed items included; the open-due item hides them until the migration moves it.
    expect(Object.keys(oldMap ?? {})).toEqual(expect.arrayContaining([a.id, b.id, c.id]));
    expect((await getItem(eventKeys.item(eventId)))?.timeline_open_due).toEqual(oldMap);
    expect(openDueItem?.[a.id]).toBe(CLOSED_DUE);
    expect(openDueItem?.[b.id]).toBe(CLOSED_DUE);
  });

  it('move with migration 0006: the map leaves the event item, reads stay right, and a second run changes nothing', async () => {
    const eventId = (await createEvent(ada, { name: 'Older gala', event_date: '2099-06-20T18:00:00Z', event_type: 'corporate' })).id;
    const [a, b] = await Promise.all(PAST.slice(0, 2).map((due) => addItem(eventId, due))) as [Item, Item];
    await toOldFormat(eventId);
    await expectStatus(200, ada, 'PUT', `/api/timeline/${a.id}`, { body: { status: 'completed' } });
    const emptyEventId = (await createEvent(ada, { name: 'Empty', event_date: '2099-06-20T18:00:00Z', event_type: 'corporate' })).id;
    await toOldFormat(emptyEventId);

    const [first] = await Promise.all([
      runMigrations({ owner: 'open-due-1', restart: true, pageSize: 50, migrations: [timelineOpenDueMigration] }),
      expectStatus(200, ada, 'PUT', `/api/timeline/${b.id}`, { body: { due_date: PAST[2] } }),
      addItem(eventId, PAST[3] as string, 'Late'),
    ]);
    const snapshot = [...await collection(eventId), ...await collection(emptyEventId)];
    const again = await runMigrations({ owner: 'open-due-2', restart: true, migrations: [timelineOpenDueMigration] });
    const after = await overdueAndRecount(eventId);
    const openDueItem = await getItem(openDueKeys.item(eventId));

    // This event, the empty one, and any event of the tests before still in the old format.
    expect(first.migrations[0]).toMatchObject({ outcome: 'done' });
    expect(first.migrations[0]?.rewritten).toBeGreaterThanOrEqual(2);
    expect(again.migrations[0]).toMatchObject({ outcome: 'done', rewritten: 0, changed_meanwhile: 0 });
    expect([...await collection(eventId), ...await collection(emptyEventId)]).toEqual(snapshot);
    expect((await getItem(eventKeys.item(eventId)))?.timeline_open_due).toBeUndefined();
    expect((await getItem(eventKeys.item(emptyEventId)))?.timeline_open_due).toBeUndefined();
    expect(Object.values(openDueItem ?? {})).not.toContain(CLOSED_DUE);
    expect(after.stored).toEqual(after.recount);
    expect(after.shown.overdue).toBe(after.recountOverdue);
    expect(after.recountOverdue).toBe(2);
  });
});
