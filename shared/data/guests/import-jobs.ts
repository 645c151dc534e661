import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { ImportJob, ImportJobStatus, ImportRow, RowParts, SkippedRow } from '../../domain/guests/import-job.ts';
import { db, tableName } from '../client.ts';
import { guestImportKeys } from '../keys.ts';
import type { TransactItem } from '../transact.ts';

/**
 * Import jobs and their rows in the event's collection (guestImportKeys). The rows are written once,
 * before the job item that names their parts, and only read afterwards; the job item is the checkpoint.
 * Both expire (TTL) a while after the job: long enough for a dead-lettered run to be redriven.
 */
const ROWS_KEPT_SECONDS = 14 * 24 * 3600;
const JOB_KEPT_SECONDS = 30 * 24 * 3600;

/** Bytes of rows per part item: well under DynamoDB's 400 KB item limit whatever the attribute overhead. */
const PART_BYTES = 256 * 1024;

const ttlAfter = (at: string, seconds: number) => Math.floor(Date.parse(at) / 1000) + seconds;

/** Rows cut into parts of at most PART_BYTES of JSON, in order. */
export function splitRows(rows: ImportRow[]): ImportRow[][] {
  const parts: ImportRow[][] = [];
  let current: ImportRow[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = Buffer.byteLength(JSON.stringify(row));
    if (current.length > 0 && bytes + size > PART_BYTES) {
      parts.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/** Stores a new job: its row parts (PutItem each, a few for 10,000 rows), then the job item naming them. */
export async function createImportJob(job: ImportJob, rows: ImportRow[]): Promise<void> {
  const parts = splitRows(rows);
  const starts: RowParts = [];
  let start = 0;
  for (const [index, part] of parts.entries()) {
    starts.push(start);
    start += part.length;
    await db().send(new PutCommand({
      TableName: tableName(),
      Item: { ...guestImportKeys.rows(job.event_id, job.id, index), type: 'guest_import_rows', rows: part, ttl: ttlAfter(job.created_at, ROWS_KEPT_SECONDS) },
    }));
  }
  await db().send(new PutCommand({
    TableName: tableName(),
    Item: { ...guestImportKeys.job(job.event_id, job.id), type: 'guest_import', ...job, part_starts: starts, ttl: ttlAfter(job.created_at, JOB_KEPT_SECONDS) },
    ConditionExpression: 'attribute_not_exists(pk)',
  }));
}

export type StoredImportJob = { job: ImportJob; partStarts: RowParts };

const jobOf = ({ pk: _pk, sk: _sk, type: _type, ttl: _ttl, part_starts: starts, ...job }: Record<string, unknown>): StoredImportJob => ({ job: job as ImportJob, partStarts: starts as RowParts });

/** One job (GetItem, strong: the worker resumes from what it reads), or null. */
export async function getImportJob(eventId: string, jobId: string): Promise<StoredImportJob | null> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: guestImportKeys.job(eventId, jobId), ConsistentRead: true }));
  return result.Item ? jobOf(result.Item) : null;
}

/** The stored rows of one part (GetItem), or null once they expired. */
export async function getImportRows(eventId: string, jobId: string, part: number): Promise<ImportRow[] | null> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: guestImportKeys.rows(eventId, jobId, part), ConsistentRead: true }));
  return result.Item ? (result.Item.rows as ImportRow[]) : null;
}

/** Where a batch leaves the job: the next offset, the guests it added and the rows it skipped. */
export type ImportStep = { from: number; to: number; added: number; skipped: SkippedRow[]; listedSkipped: SkippedRow[]; at: string };

/**
 * The job's part of a batch's transaction: moves `processed` from `from` to `to` only if it is still at
 * `from` (and the job still running), so a batch a retry or a second run already wrote cannot commit twice.
 */
export function importCheckpoint(job: Pick<ImportJob, 'event_id' | 'id'>, step: ImportStep): TransactItem {
  return {
    Update: {
      Key: guestImportKeys.job(job.event_id, job.id),
      // Every name aliased: several (processed, status) are DynamoDB reserved words.
      UpdateExpression: 'SET #processed = :to, #skipped = :listed, #status = :running, #updatedAt = :at ADD #added :added, #skippedCount :skippedCount',
      ConditionExpression: '#processed = :from AND #status IN (:queued, :running)',
      ExpressionAttributeNames: { '#processed': 'processed', '#skipped': 'skipped', '#status': 'status', '#updatedAt': 'updated_at', '#added': 'added', '#skippedCount': 'skipped_count' },
      ExpressionAttributeValues: {
        ':to': step.to, ':from': step.from, ':listed': step.listedSkipped, ':at': step.at, ':added': step.added, ':skippedCount': step.skipped.length,
        ':queued': 'queued', ':running': 'running',
      },
    },
  };
}

/** Ends a job (done once every row is through, or failed with the reason); false when it had already ended. */
export async function finishImportJob(job: Pick<ImportJob, 'event_id' | 'id'>, end: { status: Extract<ImportJobStatus, 'done' | 'failed'>; at: string; error?: ImportJob['error'] }): Promise<boolean> {
  try {
    await db().send(new UpdateCommand({
      TableName: tableName(),
      Key: guestImportKeys.job(job.event_id, job.id),
      UpdateExpression: 'SET #status = :status, #finishedAt = :at, #updatedAt = :at, #error = :error',
      ConditionExpression: `attribute_exists(pk) AND #status IN (:queued, :running)${end.status === 'done' ? ' AND #processed = #total' : ''}`,
      ExpressionAttributeNames: {
        '#status': 'status', '#finishedAt': 'finished_at', '#updatedAt': 'updated_at', '#error': 'error', ...(end.status === 'done' ? { '#processed': 'processed', '#total': 'total' } : {}),
      },
      ExpressionAttributeValues: { ':status': end.status, ':at': end.at, ':error': end.error ?? null, ':queued': 'queued', ':running': 'running' },
    }));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
