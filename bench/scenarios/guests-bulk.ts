import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { GUESTS_PER_TRANSACTION } from '../../functions/guests/add-guests.ts';
import type { BenchScenario } from '../scenario.ts';
import { createBenchEvent } from '../api.ts';

/**
 * Issue 15 goal 5: 1,000 guests in one POST, next to the raw calls they need: the same 32 transactions of
 * ~98 items (guest, code lookup and email claim per guest, the event's counters, the audit entry) one after
 * another as the route writes them, every one updating one shared counter item as the route's update the
 * event item. Budget: the route's p50 at most 1.5x the raw p50.
 */
const GUESTS = 1000;
const REQUESTS = 5;

export const guestsBulkScenario: BenchScenario = {
  name: 'guests-bulk',
  run: async (context) => {
    const { token } = await context.signUp();
    const events: string[] = [];
    for (let index = 0; index < REQUESTS; index += 1) events.push(await createBenchEvent(context.api, token, 'Bench wedding'));
    const guestList = Array.from({ length: GUESTS }, (_, index) => ({ name: `Guest ${index}`, email: `guest.${index}@example.com`, dietary_restrictions: index % 7 ? [] : ['vegetarian'] }));
    const transactions = Math.ceil(GUESTS / GUESTS_PER_TRANSACTION);
    return [await context.measureEndpoint(
      `POST /api/events/{id}/guests (${GUESTS.toLocaleString('en')} guests)`,
      REQUESTS,
      async (index) => {
        const response = await context.api('POST', `/api/events/${events[index]}/guests`, { token, body: { guest_list: guestList } });
        if (response.status !== 201) throw new Error(`bulk add answered ${response.status}: ${JSON.stringify(response.body)}`);
      },
      async (index) => {
        const pk = `BENCHRAW#guests#${index}`;
        for (let batch = 0; batch < transactions; batch += 1) {
          await context.db.send(new TransactWriteCommand({
            TransactItems: [
              ...Array.from({ length: GUESTS_PER_TRANSACTION * 3 }, (_, item) => ({
                Put: { TableName: context.tableName, Item: { pk: `${pk}#${batch}`, sk: `ITEM#${item}`, name: `Guest ${item}`, email: `g${item}@example.com` } },
              })),
              { Update: { TableName: context.tableName, Key: { pk, sk: 'COUNTERS' }, UpdateExpression: 'ADD guest_count :n', ExpressionAttributeValues: { ':n': GUESTS_PER_TRANSACTION } } },
              { Put: { TableName: context.tableName, Item: { pk: `${pk}#${batch}`, sk: 'AUDIT', action: 'guests.added' } } },
            ],
          }));
        }
      },
      `${transactions} TransactWriteItems of ~98 items one after another (raw: the same)`,
      1.5,
    )];
  },
};
