import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../client.ts';
import { migrationKeys } from '../keys.ts';

/**
 * A migration's checkpoint (`MIGRATION#<id>` / `STATE`, docs/migrations.md): where its Scan stands, what
 * it did so far, and the lease of the runner working on it. Every write of it is conditional: a runner
 * claims the lease only when it is free or expired, and records a page only while it still holds the
 * lease and the checkpoint is at the page it read, so two runners never record the same page and a
 * runner that lost its lease stops at its next page.
 */
type Item = Record<string, unknown>;

export type MigrationStatus = 'pending' | 'running' | 'done';

export type Checkpoint = {
  migration_id: string;
  status: MigrationStatus;
  /** The Scan's next page starts after this key (none: at the table's start, or done). */
  cursor?: Item;
  pages: number;
  scanned: number;
  rewritten: number;
  changed_meanwhile: number;
  started_at?: string;
  finished_at?: string;
  lease_owner?: string;
  /** Epoch milliseconds: after this, another runner may take over. */
  lease_expires_at?: number;
};

/** One page's outcome, added to the checkpoint. */
export type PageTally = { scanned: number; rewritten: number; changed_meanwhile: number; next?: Item };

const checkpointItemType = 'migration';

function checkpointOf(item: Item): Checkpoint {
  const { pk: _pk, sk: _sk, type: _type, ...checkpoint } = item;
  return checkpoint as Checkpoint;
}

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException;

/** The migration's checkpoint (strong GetItem), null before any runner touched it. */
export async function readCheckpoint(migrationId: string): Promise<Checkpoint | null> {
  const found = await db().send(new GetCommand({ TableName: tableName(), Key: migrationKeys.checkpoint(migrationId), ConsistentRead: true }));
  return found.Item ? checkpointOf(found.Item) : null;
}

export type LeaseRequest = { owner: string; now: number; leaseMs: number; restart?: boolean };

/**
 * The lease of the migration for `owner` until `now + leaseMs`, when nobody holds it or the holder's has
 * expired (or `owner` holds it already). Answers the checkpoint to go on from, or null when another runner
 * holds it or the migration is done. `restart` (an operator's forced re-run) claims a done migration too
 * and starts its Scan and counts over.
 */
export async function claimLease(migrationId: string, request: LeaseRequest): Promise<Checkpoint | null> {
  const counts = ['pages', 'scanned', 'rewritten', 'changed_meanwhile'];
  const start = request.restart
    ? `started_at = :now_iso, ${counts.map((name) => `${name} = :zero`).join(', ')}`
    : `started_at = if_not_exists(started_at, :now_iso), ${counts.map((name) => `${name} = if_not_exists(${name}, :zero)`).join(', ')}`;
  try {
    const updated = await db().send(new UpdateCommand({
      TableName: tableName(),
      Key: migrationKeys.checkpoint(migrationId),
      UpdateExpression: `SET #type = :type, migration_id = :id, #status = :running, lease_owner = :owner, lease_expires_at = :expires, ${start}${request.restart ? ' REMOVE #cursor, finished_at' : ''}`,
      ConditionExpression: `(attribute_not_exists(lease_expires_at) OR lease_expires_at < :now OR lease_owner = :owner)${request.restart ? '' : ' AND (attribute_not_exists(#status) OR #status <> :done)'}`,
      ExpressionAttributeNames: { '#type': 'type', '#status': 'status', ...(request.restart ? { '#cursor': 'cursor' } : {}) },
      ExpressionAttributeValues: {
        ':type': checkpointItemType, ':id': migrationId, ':running': 'running', ':owner': request.owner, ':expires': request.now + request.leaseMs,
        ':now': request.now, ':now_iso': new Date(request.now).toISOString(), ':zero': 0, ...(request.restart ? {} : { ':done': 'done' }),
      },
      ReturnValues: 'ALL_NEW',
    }));
    return checkpointOf(updated.Attributes ?? {});
  } catch (error) {
    if (isConditionFailure(error)) return null;
    throw error;
  }
}

/**
 * A page done: its counts added, the cursor moved to the next page (the lease renewed) or, after the last
 * page, the migration done and the lease released. Only while `owner` holds the lease and the checkpoint
 * is still at `pagesBefore`; false otherwise (the lease was lost: the runner stops, and the page's
 * conditional rewrites are harmless to repeat).
 */
export async function recordPage(migrationId: string, lease: { owner: string; pagesBefore: number; now: number; leaseMs: number }, page: PageTally): Promise<boolean> {
  const counts = 'pages = pages + :one, scanned = scanned + :scanned, rewritten = rewritten + :rewritten, changed_meanwhile = changed_meanwhile + :changed';
  const update = page.next
    ? `SET ${counts}, #cursor = :next, lease_expires_at = :expires`
    : `SET ${counts}, #status = :done, finished_at = :now_iso REMOVE #cursor, lease_owner, lease_expires_at`;
  try {
    await db().send(new UpdateCommand({
      TableName: tableName(),
      Key: migrationKeys.checkpoint(migrationId),
      UpdateExpression: update,
      ConditionExpression: 'lease_owner = :owner AND pages = :pages_before',
      ExpressionAttributeNames: { '#cursor': 'cursor', ...(page.next ? {} : { '#status': 'status' }) },
      ExpressionAttributeValues: {
        ':owner': lease.owner, ':pages_before': lease.pagesBefore, ':one': 1, ':scanned': page.scanned, ':rewritten': page.rewritten, ':changed': page.changed_meanwhile,
        ...(page.next ? { ':next': page.next, ':expires': lease.now + lease.leaseMs } : { ':done': 'done', ':now_iso': new Date(lease.now).toISOString() }),
      },
    }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** The lease given back by the runner that holds it (it stopped between pages), so the next one need not wait for it to expire. */
export async function releaseLease(migrationId: string, owner: string): Promise<void> {
  try {
    await db().send(new UpdateCommand({
      TableName: tableName(),
      Key: migrationKeys.checkpoint(migrationId),
      UpdateExpression: 'REMOVE lease_owner, lease_expires_at',
      ConditionExpression: 'lease_owner = :owner',
      ExpressionAttributeValues: { ':owner': owner },
    }));
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/**
 * The checkpoint of a migration a new table starts with (infra/local/emulators.ts): a table created by
 * this release holds no item of an older format, so it has nothing to migrate.
 */
export function doneCheckpointItem(migrationId: string, now: Date): Item {
  return {
    ...migrationKeys.checkpoint(migrationId), type: checkpointItemType, migration_id: migrationId, status: 'done',
    pages: 0, scanned: 0, rewritten: 0, changed_meanwhile: 0, started_at: now.toISOString(), finished_at: now.toISOString(),
  };
}
