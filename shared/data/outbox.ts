import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client.ts';
import { batchGetAll, queryAllPages, queryPages } from './collection.ts';
import { childKeys, type Key, noticeKeys, outboxKeys, suppressionKeys } from './keys.ts';
import type { IndexName } from './table.ts';

/**
 * The outbox's reads and writes. Pending work (notices, invitation batches) carries the sparse GSI2 key
 * OUTBOX#PENDING / <due ISO>#<kind>#<id> only while something is left to send, so finding work is one
 * Query of `sort <= now` — never a Scan, and sent work costs nothing to skip. A sender takes an entry
 * with a lease (`lease_until`, conditional), so two runs never work on the same entry at once.
 */
export type OutboxEntry = { kind: 'NOTICE'; noticeId: string } | { kind: 'INVITATION'; eventId: string; batchId: string };

export const outboxEntryKey = (entry: OutboxEntry): Key =>
  entry.kind === 'NOTICE' ? noticeKeys.item(entry.noticeId) : childKeys.item('invitation', entry.eventId, entry.batchId);

const entryId = (entry: OutboxEntry) => (entry.kind === 'NOTICE' ? entry.noticeId : entry.batchId);

function entryOf(item: Record<string, unknown>): OutboxEntry | null {
  if (item.type === 'notice') return { kind: 'NOTICE', noticeId: String(item.id) };
  if (item.type === 'invitation_batch') return { kind: 'INVITATION', eventId: String(item.event_id), batchId: String(item.id) };
  return null;
}

/** Entries due by `now`, oldest first, a page at a time (Query GSI2 OUTBOX#PENDING, sort <= now). */
export async function* dueOutboxPages(now: Date, pageSize = 50): AsyncGenerator<OutboxEntry[]> {
  const pages = queryPages({
    IndexName: 'gsi2' satisfies IndexName,
    KeyConditionExpression: 'gsi2pk = :pending AND gsi2sk <= :now',
    ExpressionAttributeValues: { ':pending': outboxKeys.partition, ':now': `${now.toISOString()}#\uffff` },
    ProjectionExpression: 'id, #type, event_id',
    ExpressionAttributeNames: { '#type': 'type' },
    Limit: pageSize,
  });
  for await (const page of pages) yield page.flatMap((item) => entryOf(item) ?? []);
}

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException;

/**
 * Takes the entry for `leaseMs` when it is still pending and nobody holds a live lease; answers the
 * entry's item (strongly consistent, as written) or null when another run has it or it is done.
 */
export async function claimOutboxEntry(entry: OutboxEntry, now: Date, leaseMs: number): Promise<{ item: Record<string, unknown>; lease: string } | null> {
  const lease = new Date(now.getTime() + leaseMs).toISOString();
  try {
    const result = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: outboxEntryKey(entry),
        UpdateExpression: 'SET lease_until = :lease',
        ConditionExpression: 'attribute_exists(gsi2pk) AND (attribute_not_exists(lease_until) OR lease_until < :now)',
        ExpressionAttributeValues: { ':lease': lease, ':now': now.toISOString() },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return result.Attributes ? { item: result.Attributes, lease } : null;
  } catch (error) {
    if (isConditionFailure(error)) return null;
    throw error;
  }
}

/** SET clauses from the sender's own fixed field names (never from a request). */
function setClause(fields: Record<string, unknown>) {
  const entries = Object.entries(fields);
  return {
    sets: entries.map((_, index) => `#s${index} = :s${index}`),
    names: Object.fromEntries(entries.map(([name], index) => [`#s${index}`, name])),
    values: Object.fromEntries(entries.map(([, value], index) => [`:s${index}`, value])),
  };
}

/**
 * Ends the lease: `done` removes the entry from the outbox (it leaves the sparse index), otherwise the
 * entry is due again at `nextAt`. Conditional on still holding the lease; false when it was lost.
 */
export async function releaseOutboxEntry(entry: OutboxEntry, lease: string, outcome: { done: true } | { done: false; nextAt: Date }, fields: Record<string, unknown>): Promise<boolean> {
  const { sets, names, values } = setClause(outcome.done ? fields : { ...fields, gsi2sk: outboxKeys.sort(outcome.nextAt.toISOString(), entry.kind, entryId(entry)) });
  const removes = outcome.done ? ['lease_until', 'gsi2pk', 'gsi2sk'] : ['lease_until'];
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: outboxEntryKey(entry),
        UpdateExpression: `${sets.length ? `SET ${sets.join(', ')} ` : ''}REMOVE ${removes.join(', ')}`,
        ConditionExpression: 'lease_until = :mine',
        ExpressionAttributeNames: Object.keys(names).length ? names : undefined,
        ExpressionAttributeValues: { ...values, ':mine': lease },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Keys of the recipients a notice was already sent to (Query NOTICE#<id>, begins_with SENT#, strong). */
export async function noticeRecipientsDone(noticeId: string): Promise<Set<string>> {
  const items = await queryAllPages({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sent)',
    ExpressionAttributeValues: { ':pk': noticeKeys.item(noticeId).pk, ':sent': outboxKeys.noticeSentPrefix },
    ProjectionExpression: 'recipient_key',
    ConsistentRead: true,
  });
  return new Set(items.map((item) => String(item.recipient_key)));
}

/**
 * The once-only record of one notice email (PutItem attribute_not_exists): written right after SES
 * accepted it, or for a final failure. False when a record was already there (another run sent it).
 */
export async function recordNoticeSent(noticeId: string, recipientKey: string, record: { status: 'sent' | 'failed' | 'skipped'; email?: string; message_id?: string; failure?: string; at: string }): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...outboxKeys.noticeSent(noticeId, recipientKey), type: 'notice_sent', recipient_key: recipientKey, ...record },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Which of these addresses bounced permanently or complained (BatchGetItem of their suppression items). */
export async function suppressedAddresses(emails: string[]): Promise<Set<string>> {
  const unique = [...new Set(emails.map((email) => email.toLowerCase()))];
  const found = await batchGetAll(unique.map((email) => suppressionKeys.item(email)));
  return new Set(found.map((item) => String(item.email)));
}

/** Records an address never to mail again (idempotent: the first reason and time are kept). */
export async function suppressAddress(email: string, reason: string, at: string): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: suppressionKeys.item(email),
      UpdateExpression: 'SET #type = :type, email = :email, reason = if_not_exists(reason, :reason), suppressed_at = if_not_exists(suppressed_at, :at)',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':type': 'email_suppression', ':email': email.toLowerCase(), ':reason': reason, ':at': at },
    }),
  );
}
