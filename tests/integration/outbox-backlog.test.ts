import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { runOutbox } from '../../functions/outbox/run.ts';
import { db, tableName } from '../../shared/data/client.ts';
import { outboxKeys } from '../../shared/data/keys.ts';
import { createLogger } from '../../shared/logger.ts';

/**
 * The outbox run reports how late its oldest due entry is (issue 16: the backlog alarm at 10 minutes),
 * read from the first entry of its first page of due work, with no read of its own. The file's table is
 * its own, and its times are in 2001, so nothing else of the table is due by them.
 */
const log = createLogger({ component: 'test' }, 'silent');
const now = new Date('2001-01-01T12:00:00.000Z');

describe('the outbox backlog age', () => {
  it('is 0 when nothing is due', async () => {
    const run = await runOutbox({ now, deadline: Date.now() + 60_000, log });

    expect(run.oldest_pending_age_seconds).toBe(0);
    expect(run.entries_taken).toBe(0);
  });

  it('is how long ago the oldest due entry fell due, whatever the run then gets to', async () => {
    const notice = (id: string, dueAt: string) => ({ pk: `NOTICE#${id}`, sk: 'NOTICE', type: 'notice', id, gsi2pk: outboxKeys.partition(id), gsi2sk: outboxKeys.sort(dueAt, 'NOTICE', id) });
    await db().send(new PutCommand({ TableName: tableName(), Item: notice('backlog-older', '2001-01-01T11:45:00.000Z') }));
    await db().send(new PutCommand({ TableName: tableName(), Item: notice('backlog-newer', '2001-01-01T11:58:30.000Z') }));
    await db().send(new PutCommand({ TableName: tableName(), Item: notice('backlog-not-yet', '2001-01-01T12:30:00.000Z') }));

    // A deadline already past: the run reads its first page and stops before taking anything.
    const run = await runOutbox({ now, deadline: Date.now() - 1, log });

    expect(run.oldest_pending_age_seconds).toBe(15 * 60);
    expect(run.due_entries).toBe(2);
    expect(run.entries_taken).toBe(0);
  });
});
