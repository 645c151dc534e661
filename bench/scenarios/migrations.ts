import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { forEachWithConcurrency } from '../../shared/concurrency.ts';
import { childKeys, migrationKeys } from '../../shared/data/keys.ts';
import { guestIndexMigration } from '../../shared/data/migrations/0001-guest-index.ts';
import { type RunReport, runMigrations } from '../../shared/data/migrations/runner.ts';
import type { BenchRow, BenchScenario } from '../scenario.ts';
import { createBenchEvent } from '../api.ts';

/**
 * Issue 19: what a data migration costs and what its window costs the reads (docs/migrations.md). An
 * event of 1,000 guests put in the format before issue 15 (no list index keys, a search text), then: a
 * by-name page while migration 0001 is not done (the gate's GetItem and the whole collection, the window
 * rule), the migration itself (one run over the bench's table, Scan pages of 500), and the same page
 * once it is done (the index's Query alone).
 */
const GUESTS = 1000;
const PAGES = 20;

export const migrationsScenario: BenchScenario = {
  name: 'migrations',
  run: async (context) => {
    const { token } = await context.signUp();
    const eventId = await createBenchEvent(context.api, token, 'Bench migration');
    const guestList = Array.from({ length: GUESTS }, (_, index) => ({ name: `Guest ${index}`, email: `guest.${index}@example.com` }));
    const added = await context.api('POST', `/api/events/${eventId}/guests`, { token, body: { guest_list: guestList } });
    if (added.status !== 201) throw new Error(`bulk add answered ${added.status}: ${JSON.stringify(added.body)}`);
    await forEachWithConcurrency(added.body.data as { id: string }[], 16, async (guest) => {
      await context.db.send(new UpdateCommand({
        TableName: context.tableName,
        Key: childKeys.item('guest', eventId, guest.id),
        UpdateExpression: 'SET search_text = :text REMOVE gsi2pk, gsi2sk, gsi3pk, gsi3sk',
        ExpressionAttributeValues: { ':text': `guest ${guest.id}` },
      }));
    });
    await context.db.send(new DeleteCommand({ TableName: context.tableName, Key: migrationKeys.checkpoint(guestIndexMigration.id) }));

    const page = async () => {
      const response = await context.api('GET', `/api/events/${eventId}/guests?sort=name&limit=50`, { token });
      if (response.status !== 200 || response.body.data.length !== 50) throw new Error(`by-name page answered ${response.status} with ${response.body.data?.length} guests`);
    };
    const rows: BenchRow[] = [];
    rows.push(await context.measureEndpoint(`GET guests sort=name limit=50 (${GUESTS.toLocaleString('en')} guests), in the window`, PAGES, page, undefined, 'migration 0001 not done: the checkpoint GetItem and the whole collection'));
    let report: RunReport | undefined;
    const run = await context.measureEndpoint(`migration 0001 over ${GUESTS.toLocaleString('en')} old-format guests`, 1, async () => {
      report = await runMigrations({ owner: 'bench', migrations: [guestIndexMigration] });
    });
    const done = report?.migrations[0];
    rows.push({ ...run, note: `one run: ${done?.pages} Scan pages of 500, ${done?.scanned} items read, ${done?.rewritten} rewritten, ${Math.round(((done?.rewritten ?? 0) / run.p50Ms) * 1000)} items/s` });
    rows.push(await context.measureEndpoint(`GET guests sort=name limit=50 (${GUESTS.toLocaleString('en')} guests), migration done`, PAGES, page, undefined, 'the index Query alone'));
    return rows;
  },
};
