import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client.ts';
import { batchGetAll, queryAllPages } from './collection.ts';
import { accountMailKeys, childKeys, type Key, noticeKeys, outboxKeys, suppressionKeys } from './keys.ts';
import { mergedIndexPages } from './shards/query.ts';
import type { IndexName } from './table.ts';

/**
 * The outbox's reads and writes. Pending work (notices, invitation batches) carries the sparse GSI2 key
 * OUTBOX#PENDING#<shard> / <due ISO>#<kind>#<id> only while something is left to send, so finding work is
 * one Query of `sort <= now` per shard — never a Scan, and sent work costs nothing to skip. A sender takes an entry
 * with a lease (`lease_until`, conditional), so two runs never work on the same entry at once.
 */
export type OutboxEntry =
  | { kind: 'NOTICE'; noticeId: string }
  | { kind: 'INVITATION'; eventId: string; batchId: string }
  /** An audit entry (event or user scope) whose domain events are still to be published. */
  | { kind: 'DOMAINEVENT'; key: Key; auditId: string }
  /** A mail to an account (password reset, ...): shared/data/accounts/account-mail.ts. */
  | { kind: 'ACCOUNTMAIL'; mailId: string };

export function outboxEntryKey(entry: OutboxEntry): Key {
  if (entry.kind === 'NOTICE') return noticeKeys.item(entry.noticeId);
  if (entry.kind === 'INVITATION') return childKeys.item('invitation', entry.eventId, entry.batchId);
  if (entry.kind === 'ACCOUNTMAIL') return accountMailKeys.item(entry.mailId);
  return entry.key;
}

function entryId(entry: OutboxEntry): string {
  if (entry.kind === 'NOTICE') return entry.noticeId;
  if (entry.kind === 'INVITATION') return entry.batchId;
  if (entry.kind === 'ACCOUNTMAIL') return entry.mailId;
  return entry.auditId;
}

function entryOf(item: Record<string, unknown>): OutboxEntry | null {
  if (item.type === 'notice') return { kind: 'NOTICE', noticeId: String(item.id) };
  if (item.type === 'invitation_batch') return { kind: 'INVITATION', eventId: String(item.event_id), batchId: String(item.id) };
  if (item.type === 'account_mail') return { kind: 'ACCOUNTMAIL', mailId: String(item.id) };
  if (item.type === 'audit') return { kind: 'DOMAINEVENT', key: { pk: String(item.pk), sk: String(item.sk) }, auditId: String(item.id) };
  return null;
}

/** A pending entry and when it fell due (from its GSI2 sort key). */
export type DueOutboxEntry = OutboxEntry & { dueAt: string };

/**
 * Entries due by `now`, oldest first across every shard, a page at a time (Query each GSI2
 * OUTBOX#PENDING#<shard> and the legacy unsharded key, sort <= now, merged by due time).
 */
export async function* dueOutboxPages(now: Date, pageSize = 50): AsyncGenerator<DueOutboxEntry[]> {
  const pages = mergedIndexPages(outboxKeys.partitionsToRead(), (partition) => ({
    IndexName: 'gsi2' satisfies IndexName,
    KeyConditionExpression: 'gsi2pk = :pending AND gsi2sk <= :now',
    ExpressionAttributeValues: { ':pending': partition, ':now': `${now.toISOString()}#\uffff` },
    ProjectionExpression: 'pk, sk, id, #type, event_id, gsi2sk',
    ExpressionAttributeNames: { '#type': 'type' },
  }), 'gsi2sk', pageSize);
  for await (const page of pages) {
    yield page.flatMap((item) => {
      const entry = entryOf(item);
      return entry ? [{ ...entry, dueAt: outboxKeys.dueOf(String(item.gsi2sk)) }] : [];
    });
  }
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
 * `removeFields`: the sender's own fixed names of attributes no longer needed (an address looked up).
 */
export async function releaseOutboxEntry(entry: OutboxEntry, lease: string, outcome: { done: true } | { done: false; nextAt: Date }, fields: Record<string, unknown>, removeFields: string[] = []): Promise<boolean> {
  const { sets, names, values } = setClause(outcome.done ? fields : { ...fields, gsi2sk: outboxKeys.sort(outcome.nextAt.toISOString(), entry.kind, entryId(entry)) });
  const removes = [...(outcome.done ? ['lease_until', 'gsi2pk', 'gsi2sk'] : ['lease_until']), ...removeFields];
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

/**
 * A notice's recipients by their SENT# records (Query NOTICE#<id>, begins_with SENT#, strong): `done`
 * (sent, failed or skipped) and `claimed` (a send claimed and not yet recorded, with its `sending_at`).
 */
export async function noticeRecipientsDone(noticeId: string): Promise<{ done: Set<string>; claimed: Map<string, string> }> {
  const items = await queryAllPages({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sent)',
    ExpressionAttributeValues: { ':pk': noticeKeys.item(noticeId).pk, ':sent': outboxKeys.noticeSentPrefix },
    ProjectionExpression: 'recipient_key, #status, sending_at',
    ExpressionAttributeNames: { '#status': 'status' },
    ConsistentRead: true,
  });
  const done = new Set<string>();
  const claimed = new Map<string, string>();
  for (const item of items) {
    if (item.status === 'sending') claimed.set(String(item.recipient_key), String(item.sending_at));
    else done.add(String(item.recipient_key));
  }
  return { done, claimed };
}

/**
 * Claims one notice email before SES is called: a SENT# record with `status = sending`, `sending_at` and
 * the attempt, unless a record exists that is final or claimed after `staleBefore` (still in doubt).
 */
export async function claimNoticeSend(noticeId: string, recipientKey: string, claim: { email: string; attempt: string; at: string; staleBefore: string }): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...outboxKeys.noticeSent(noticeId, recipientKey), type: 'notice_sent', recipient_key: recipientKey, status: 'sending', email: claim.email, send_attempt: claim.attempt, sending_at: claim.at },
        ConditionExpression: 'attribute_not_exists(pk) OR (#status = :sending AND sending_at <= :staleBefore)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sending': 'sending', ':staleBefore': claim.staleBefore },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * The once-only record of one notice email: written right after SES accepted it (over its claim, or over
 * the same message recorded by SES's Send event), or for a final failure. False when another record was
 * there (another message was sent). `fromSendEvent`: only over an existing claim (never creates a record
 * for a notice this table does not hold).
 */
export async function recordNoticeSent(noticeId: string, recipientKey: string, record: { status: 'sent' | 'failed' | 'skipped'; email?: string; message_id?: string; failure?: string; at: string }, options: { fromSendEvent?: boolean } = {}): Promise<boolean> {
  const sameMessage = record.message_id ? ' OR message_id = :message_id' : '';
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...outboxKeys.noticeSent(noticeId, recipientKey), type: 'notice_sent', recipient_key: recipientKey, ...record },
        ConditionExpression: options.fromSendEvent ? `attribute_exists(pk) AND (#status = :sending${sameMessage})` : `attribute_not_exists(pk) OR #status = :sending${sameMessage}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sending': 'sending', ...(record.message_id ? { ':message_id': record.message_id } : {}) },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * SES's Send event for a notice email: recorded over the sender's claim (the sender died before its
 * record). Read first, because the sender has almost always recorded it: then the event costs one read.
 */
export async function recordNoticeSendAccepted(noticeId: string, recipientKey: string, send: { email?: string; message_id: string; at: string }): Promise<'recorded' | 'duplicate_send' | 'row_gone'> {
  const [item] = await batchGetAll([outboxKeys.noticeSent(noticeId, recipientKey)]);
  if (!item) return 'row_gone';
  if (item.status !== 'sending') return item.message_id === send.message_id ? 'recorded' : 'duplicate_send';
  return (await recordNoticeSent(noticeId, recipientKey, { status: 'sent', ...send }, { fromSendEvent: true })) ? 'recorded' : 'duplicate_send';
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

/**
 * Takes an audit entry out of the outbox once its domain events are published (by the table's stream consumer or the outbox run):
 * only while it is still pending, so an entry that is gone is never recreated as a stub.
 */
export async function markDomainEventsPublished(key: Key): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        UpdateExpression: 'REMOVE gsi2pk, gsi2sk, lease_until',
        ConditionExpression: 'attribute_exists(gsi2pk)',
      }),
    );
  } catch (error) {
    // Already taken out (by the outbox run, which published them too): nothing left to do.
    if (!isConditionFailure(error)) throw error;
  }
}

/**
 * Notes an SES event (delivered, opened, bounced, ...) on a notice's once-only SENT# record, first
 * occurrence only: an announcement's delivery counts read them. False when there is no such record.
 */
export async function recordNoticeDeliveryEvent(noticeId: string, recipientKey: string, field: 'delivered_at' | 'opened_at' | 'clicked_at' | 'bounced_at' | 'complained_at', at: string): Promise<boolean> {
  try {
    await db().send(new UpdateCommand({
      TableName: tableName(),
      Key: outboxKeys.noticeSent(noticeId, recipientKey),
      UpdateExpression: 'SET #field = if_not_exists(#field, :at)',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#field': field },
      ExpressionAttributeValues: { ':at': at },
    }));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
