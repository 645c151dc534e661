import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConfigForTests } from '../../shared/config.ts';
import { db, tableName } from '../../shared/data/client.ts';
import { eventKeys } from '../../shared/data/keys.ts';
import { type SignedInUser, signedInUser } from '../support/signed-in-user.ts';
import { collection, createEvent, getItem } from './events-fixtures.ts';
import { call } from './timeline-fixtures.ts';

/**
 * The caps on the collections answered whole (shared/domain/collections/caps.ts), set small for this
 * file: adds racing for the last room never pass the cap, the refused ones answer 409 collection_full
 * with the cap, and the event's count equals a recount of the items.
 */
const CAP = 3;
const RACERS = 5;
let ada: SignedInUser;

beforeAll(async () => {
  process.env.MAX_CHECKLIST_ITEMS_PER_EVENT = String(CAP);
  process.env.MAX_BUDGET_ITEMS_PER_EVENT = String(CAP);
  resetConfigForTests();
  ada = await signedInUser();
});

afterAll(() => {
  for (const name of ['MAX_TIMELINE_ITEMS_PER_EVENT', 'MAX_CHECKLIST_ITEMS_PER_EVENT', 'MAX_BUDGET_ITEMS_PER_EVENT']) delete process.env[name];
  resetConfigForTests();
});

async function countAndRecount(eventId: string, counter: string, prefix: string) {
  const event = (await getItem(eventKeys.item(eventId))) as Record<string, unknown>;
  const items = (await collection(eventId)).filter((item) => String(item.sk).startsWith(prefix));
  return { stored: event[counter], recounted: items.length };
}

/** `RACERS` adds at once: their statuses, and the refusals' bodies. */
async function race(path: string, body: (index: number) => Record<string, unknown>) {
  const answers = await Promise.all(Array.from({ length: RACERS }, (_, index) => call(ada, 'POST', path, { body: body(index) })));
  return { created: answers.filter((answer) => answer.status === 201).length, refused: answers.filter((answer) => answer.status !== 201) };
}

describe('the caps on the collections answered whole', () => {
  it('timeline: concurrent adds fill the event to its cap exactly; the rest answer 409 collection_full with the cap', async () => {
    const event = await createEvent(ada);
    // The wedding's default milestones count; room for two more.
    const defaults = Number((await getItem(eventKeys.item(event.id)))?.timeline_total);
    process.env.MAX_TIMELINE_ITEMS_PER_EVENT = String(defaults + 2);
    resetConfigForTests();

    const { created, refused } = await race(`/api/events/${event.id}/timeline`, (index) => ({ title: `Task ${index}`, due_date: '2027-05-01' }));

    expect(created).toBe(2);
    for (const answer of refused) {
      expect(answer.status, JSON.stringify(answer.body)).toBe(409);
      expect(answer.body).toMatchObject({ code: 'collection_full', cap: { collection: 'timeline', max: defaults + 2 } });
    }
    expect(await countAndRecount(event.id, 'timeline_total', 'TIMELINE#')).toEqual({ stored: defaults + 2, recounted: defaults + 2 });
  });

  it('checklist: concurrent adds stop at the cap, a delete makes room, and a template that does not fit adds nothing', async () => {
    const event = await createEvent(ada);

    const { created, refused } = await race(`/api/events/${event.id}/checklist`, (index) => ({ task: `Task ${index}` }));

    expect(created).toBe(CAP);
    expect(refused.map((answer) => answer.body.code)).toEqual(['collection_full', 'collection_full']);
    expect(refused[0]?.body.cap).toEqual({ collection: 'checklist', max: CAP });
    const groups = (await call(ada, 'GET', `/api/events/${event.id}/checklist`)).body.data as { items: { id: string }[] }[];
    const tasks = groups.flatMap((group) => group.items);
    const removed = await call(ada, 'DELETE', `/api/checklist/${tasks[0]?.id}`);
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    const template = await call(ada, 'POST', `/api/events/${event.id}/checklist`, { body: { template: 'wedding' } });
    expect(template.status, JSON.stringify(template.body)).toBe(409);
    expect(template.body.code).toBe('collection_full');
    expect(await countAndRecount(event.id, 'checklist_count', 'CHECKLIST#')).toEqual({ stored: CAP - 1, recounted: CAP - 1 });
  });

  it('checklist of an event made before the count: the first adds count the tasks exactly, racing or not', async () => {
    const event = await createEvent(ada);
    await call(ada, 'POST', `/api/events/${event.id}/checklist`, { body: { task: 'Before the count' } });
    await db().send(new UpdateCommand({ TableName: tableName(), Key: eventKeys.item(event.id), UpdateExpression: 'REMOVE checklist_count' }));

    const { created, refused } = await race(`/api/events/${event.id}/checklist`, (index) => ({ task: `Task ${index}` }));

    expect(created).toBe(CAP - 1);
    for (const answer of refused) expect([409], JSON.stringify(answer.body)).toContain(answer.status);
    expect(await countAndRecount(event.id, 'checklist_count', 'CHECKLIST#')).toEqual({ stored: CAP, recounted: CAP });
  });

  it('budget items: concurrent adds fill the event to its cap exactly', async () => {
    const event = await createEvent(ada);

    const { created, refused } = await race(`/api/events/${event.id}/budget/items`, (index) => ({ category: 'catering', description: `Dinner ${index}`, estimated_cost: 100 }));

    expect(created).toBe(CAP);
    for (const answer of refused) expect(answer.body).toMatchObject({ status: 409, code: 'collection_full', cap: { collection: 'budget_items', max: CAP } });
    expect(await countAndRecount(event.id, 'budget_item_count', 'BUDGET#')).toEqual({ stored: CAP, recounted: CAP });
  });
});
