import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { WebhookDelivery } from '../../domain/webhooks/delivery.ts';
import { db, tableName } from '../client.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { eventKeys, webhookKeys } from '../keys.ts';
import type { IndexName } from '../table.ts';

/**
 * Webhook deliveries (docs/data-model.md, patterns WD1-WD7): one item per (endpoint, domain event). An
 * attempt is taken with a lease (a conditional update that only one caller wins while the delivery is
 * pending and not leased), and its outcome is recorded only under that lease, so a retry job, a
 * redelivered domain event and a manual redeliver racing each other never send at once, and exactly one
 * success is ever recorded.
 */
type Item = Record<string, unknown>;
type Stored = { delivery: WebhookDelivery; lease: string | null };

const LEASE_MS = 60_000;

// first_attempt_at is absent until the first attempt (if_not_exists sets it then), null to callers.
const fromItem = ({ pk: _pk, sk: _sk, type: _type, gsi2pk: _gpk, gsi2sk: _gsk, lease_until: leaseUntil, ...delivery }: Item): Stored => ({
  delivery: { first_attempt_at: null, ...delivery } as WebhookDelivery,
  lease: typeof leaseUntil === 'string' ? leaseUntil : null,
});

const keyOf = (delivery: Pick<WebhookDelivery, 'event_id' | 'endpoint_id' | 'id'>) => webhookKeys.delivery(delivery.event_id, delivery.endpoint_id, delivery.id);

const dueIndex = (delivery: Pick<WebhookDelivery, 'id'>, dueIso: string) => ({
  ':gpk': webhookKeys.duePartition(delivery.id),
  ':gsk': webhookKeys.dueSort(dueIso, delivery.id),
});

const conditionFailed = (error: unknown) => error instanceof ConditionalCheckFailedException;

const withoutFirstAttempt = ({ first_attempt_at: _first, ...delivery }: WebhookDelivery) => delivery;

// WD1: a delivery created once per (endpoint, domain event), due now; false when it already exists.
export async function createDelivery(delivery: WebhookDelivery): Promise<boolean> {
  try {
    await db().send(new PutCommand({
      TableName: tableName(),
      Item: { ...keyOf(delivery), type: 'webhook_delivery', ...withoutFirstAttempt(delivery), gsi2pk: webhookKeys.duePartition(delivery.id), gsi2sk: webhookKeys.dueSort(delivery.created_at, delivery.id) },
      ConditionExpression: 'attribute_not_exists(pk)',
    }));
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
}

// WD2: one delivery by id (strong).
export async function getDelivery(eventId: string, endpointId: string, deliveryId: string): Promise<WebhookDelivery | null> {
  const found = await db().send(new GetCommand({ TableName: tableName(), Key: webhookKeys.delivery(eventId, endpointId, deliveryId), ConsistentRead: true }));
  return found.Item ? fromItem(found.Item).delivery : null;
}

/**
 * WD3: an attempt taken: the delivery pending and unleased (or its lease run out), its attempt counted.
 * Answers the delivery and the lease to record the outcome under, or null when another caller holds it
 * or it is no longer pending.
 */
export async function claimAttempt(key: Pick<WebhookDelivery, 'event_id' | 'endpoint_id' | 'id'>, now: Date): Promise<{ delivery: WebhookDelivery; lease: string } | null> {
  const lease = new Date(now.getTime() + LEASE_MS).toISOString();
  try {
    const updated = await db().send(new UpdateCommand({
      TableName: tableName(),
      Key: keyOf(key),
      UpdateExpression: 'SET lease_until = :lease, attempts = attempts + :one, last_attempt_at = :now, first_attempt_at = if_not_exists(first_attempt_at, :now)',
      ConditionExpression: '#status = :pending AND (attribute_not_exists(lease_until) OR lease_until < :now)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':lease': lease, ':one': 1, ':now': now.toISOString(), ':pending': 'pending' },
      ReturnValues: 'ALL_NEW',
    }));
    return { delivery: fromItem(updated.Attributes ?? {}).delivery, lease };
  } catch (error) {
    if (conditionFailed(error)) return null;
    throw error;
  }
}


/**
 * WD4: the outcome of a taken attempt, under its lease: delivered (out of the due index), failed for good
 * (likewise) or due again at `retryAt` (back in the due index). False when the lease was lost.
 */
export async function recordAttempt(
  delivery: WebhookDelivery,
  lease: string,
  outcome: { status: 'delivered'; statusCode: number; at: string } | { status: 'pending' | 'failed'; statusCode: number | null; error: string; retryAt: string | null },
): Promise<boolean> {
  const common = { ':lease': lease, ':code': outcome.statusCode };
  const update = outcome.status === 'delivered'
    ? { expression: 'SET #status = :delivered, delivered_at = :at, last_status_code = :code, last_error = :none, next_attempt_at = :none REMOVE lease_until, gsi2pk, gsi2sk', values: { ...common, ':delivered': 'delivered', ':at': outcome.at, ':none': null } }
    : outcome.status === 'failed' || !outcome.retryAt
      ? { expression: 'SET #status = :failed, last_status_code = :code, last_error = :error, next_attempt_at = :none REMOVE lease_until, gsi2pk, gsi2sk', values: { ...common, ':failed': 'failed', ':error': outcome.error, ':none': null } }
      : { expression: 'SET last_status_code = :code, last_error = :error, next_attempt_at = :next, gsi2pk = :gpk, gsi2sk = :gsk REMOVE lease_until', values: { ...common, ':error': outcome.error, ':next': outcome.retryAt, ...dueIndex(delivery, outcome.retryAt) } };
  try {
    await db().send(new UpdateCommand({
      TableName: tableName(),
      Key: keyOf(delivery),
      UpdateExpression: update.expression,
      ConditionExpression: 'lease_until = :lease',
      ...(update.expression.includes('#status') ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
      ExpressionAttributeValues: update.values,
    }));
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
}

/**
 * WD5: a manual redeliver: the delivery pending again and due now, with a fresh 24 hours (its attempts
 * counted on). Refused (false) while an attempt is under way; a delivered one is sent again on purpose
 * (its `delivered_at` keeps the first success until the new one is recorded).
 */
export async function requeueDelivery(delivery: WebhookDelivery, now: Date): Promise<boolean> {
  try {
    await db().send(new UpdateCommand({
      TableName: tableName(),
      Key: keyOf(delivery),
      UpdateExpression: 'SET #status = :pending, next_attempt_at = :now, gsi2pk = :gpk, gsi2sk = :gsk REMOVE first_attempt_at',
      ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(lease_until) OR lease_until < :now)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pending': 'pending', ':now': now.toISOString(), ...dueIndex(delivery, now.toISOString()) },
    }));
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
}

// WD6: a page of one endpoint's deliveries, newest first (domain event ids start with a ULID), O(page).
export async function listDeliveryPage(eventId: string, endpointId: string, page: { limit: number; cursor?: string }): Promise<{ deliveries: WebhookDelivery[]; nextCursor: string | null }> {
  const pk = eventKeys.partition(eventId);
  const prefix = webhookKeys.deliveriesOf(endpointId);
  const start = decodeCursor(page.cursor, { pk }, { sk: prefix });
  const found = await db().send(new QueryCommand({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
    ScanIndexForward: false,
    Limit: page.limit,
    ExclusiveStartKey: start,
  }));
  return { deliveries: (found.Items ?? []).map((item) => fromItem(item).delivery), nextCursor: encodeCursor(found.LastEvaluatedKey) };
}

// WD7: deliveries due by `now` in one shard of the due index, oldest first (the retry job).
export async function dueDeliveries(partition: string, now: Date, limit: number): Promise<WebhookDelivery[]> {
  const found = await db().send(new QueryCommand({
    TableName: tableName(),
    IndexName: 'gsi2' satisfies IndexName,
    KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :now',
    ExpressionAttributeValues: { ':pk': partition, ':now': `${now.toISOString()}#\uffff` },
    Limit: limit,
  }));
  return (found.Items ?? []).map((item) => fromItem(item).delivery);
}
