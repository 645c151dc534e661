import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { GUESTS_PER_TRANSACTION } from '../../shared/data/guests/writes.ts';
import { splitRows } from '../../shared/data/guests/import-jobs.ts';
import type { BenchScenario } from '../scenario.ts';
import { createBenchEvent } from '../api.ts';

/**
 * Issue 15 goal 5: a 10,000-row CSV imported as a background job, timed end to end (the POST that checks
 * and stores it, the guest-import function's ~313 checkpointed transactions, to the job marked done), next
 * to the raw writes it needs: the row parts and the job item, then the same transactions of ~100 items
 * (guest, code lookup and email claim per guest, the counters, the audit entry and the job's checkpoint)
 * one after another. Budget: the job's p50 at most 1.5x the raw p50.
 */
const ROWS = 10_000;
const REQUESTS = 2;

export const guestsImportScenario: BenchScenario = {
  name: 'guests-import',
  run: async (context) => {
    const { token } = await context.signUp();
    const events: string[] = [];
    for (let index = 0; index < REQUESTS; index += 1) events.push(await createBenchEvent(context.api, token, 'Bench import', 'conference'));
    const file = ['name,email,dietary_restrictions', ...Array.from({ length: ROWS }, (_, index) => `Guest ${index},guest.${index}@example.com,${index % 7 ? '' : 'vegetarian'}`)].join('\n');
    const rows = Array.from({ length: ROWS }, (_, index) => ({ line: index + 2, draft: { name: `Guest ${index}`, email: `guest.${index}@example.com`, dietary_restrictions: [], plus_one_allowed: false, plus_one_limit: 0, plus_one_count: 0 } }));
    const parts = splitRows(rows);
    const transactions = Math.ceil(ROWS / GUESTS_PER_TRANSACTION);
    return [await context.measureEndpoint(
      `POST /api/events/{id}/guests/import (${ROWS.toLocaleString('en')} rows, background job to done)`,
      REQUESTS,
      async (index) => {
        const response = await context.api('POST', `/api/events/${events[index]}/guests/import`, { token, rawBody: file, headers: { 'content-type': 'text/csv' } });
        if (response.status !== 202) throw new Error(`import answered ${response.status}: ${JSON.stringify(response.body)}`);
        await context.eventBusIdle();
        const status = await context.api('GET', String(response.headers.get('location')), { token });
        if (status.body.data?.status !== 'done' || status.body.data.added !== ROWS) throw new Error(`import ended as ${JSON.stringify(status.body.data)}`);
      },
      async (index) => {
        const pk = `BENCHRAW#import#${index}`;
        for (const [part, partRows] of parts.entries()) {
          await context.db.send(new PutCommand({ TableName: context.tableName, Item: { pk, sk: `ROWS#${part}`, rows: partRows } }));
        }
        await context.db.send(new PutCommand({ TableName: context.tableName, Item: { pk, sk: 'JOB', processed: 0 } }));
        for (let batch = 0; batch < transactions; batch += 1) {
          await context.db.send(new TransactWriteCommand({
            TransactItems: [
              ...Array.from({ length: GUESTS_PER_TRANSACTION * 3 }, (_, item) => ({
                Put: { TableName: context.tableName, Item: { pk: `${pk}#${batch}`, sk: `ITEM#${item}`, name: `Guest ${item}`, email: `g${item}@example.com` } },
              })),
              { Update: { TableName: context.tableName, Key: { pk, sk: 'COUNTERS' }, UpdateExpression: 'ADD guest_count :n', ExpressionAttributeValues: { ':n': GUESTS_PER_TRANSACTION } } },
              { Put: { TableName: context.tableName, Item: { pk: `${pk}#${batch}`, sk: 'AUDIT', action: 'guests.added' } } },
              {
                Update: {
                  TableName: context.tableName, Key: { pk, sk: 'JOB' }, UpdateExpression: 'SET #processed = :to', ConditionExpression: '#processed = :from',
                  ExpressionAttributeNames: { '#processed': 'processed' }, ExpressionAttributeValues: { ':from': batch * GUESTS_PER_TRANSACTION, ':to': (batch + 1) * GUESTS_PER_TRANSACTION },
                },
              },
            ],
          }));
        }
      },
      `${parts.length} row parts and the job item, then ${transactions} TransactWriteItems of ~100 items one after another (raw: the same)`,
      1.5,
    )];
  },
};
