import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SealedSecret, WebhookEndpoint } from '../../domain/webhooks/endpoint.ts';
import { db, tableName } from '../client.ts';
import { queryAllPages } from '../collection.ts';
import { eventKeys, webhookKeys } from '../keys.ts';

/** An event's webhook endpoints (docs/data-model.md, patterns W1-W6), in its collection. */
type Item = Record<string, unknown>;

const fromItem = ({ pk: _pk, sk: _sk, type: _type, ...endpoint }: Item) => endpoint as WebhookEndpoint;

const conditionFailed = (error: unknown) => error instanceof ConditionalCheckFailedException;

// W1: a new endpoint (never over an existing id).
export async function putEndpoint(endpoint: WebhookEndpoint): Promise<void> {
  await db().send(new PutCommand({
    TableName: tableName(),
    Item: { ...webhookKeys.endpoint(endpoint.event_id, endpoint.id), type: 'webhook_endpoint', ...endpoint },
    ConditionExpression: 'attribute_not_exists(pk)',
  }));
}

// W2: one endpoint by id (strong: a rotation or a disable is seen at once).
export async function getEndpoint(eventId: string, endpointId: string): Promise<WebhookEndpoint | null> {
  const found = await db().send(new GetCommand({ TableName: tableName(), Key: webhookKeys.endpoint(eventId, endpointId), ConsistentRead: true }));
  return found.Item ? fromItem(found.Item) : null;
}

// W3: every endpoint of an event (at most MAX_ENDPOINTS_PER_EVENT, so one page), in id order.
export async function listEndpoints(eventId: string): Promise<WebhookEndpoint[]> {
  const items = await queryAllPages({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId), ':prefix': webhookKeys.endpointPrefix },
    ConsistentRead: true,
  });
  return items.map(fromItem);
}

// W4: the secrets replaced (a rotation), only at the version read; null when it changed meanwhile.
export async function replaceSecrets(endpoint: WebhookEndpoint, secrets: SealedSecret[], at: string): Promise<WebhookEndpoint | null> {
  try {
    const updated = await db().send(new UpdateCommand({
      TableName: tableName(),
      Key: webhookKeys.endpoint(endpoint.event_id, endpoint.id),
      UpdateExpression: 'SET secrets = :secrets, updated_at = :at, version = version + :one',
      ConditionExpression: 'version = :version',
      ExpressionAttributeValues: { ':secrets': secrets, ':at': at, ':one': 1, ':version': endpoint.version },
      ReturnValues: 'ALL_NEW',
    }));
    return fromItem(updated.Attributes ?? {});
  } catch (error) {
    if (conditionFailed(error)) return null;
    throw error;
  }
}

// W5: an endpoint deleted (its deliveries stay in the collection until the event goes; the log of a deleted endpoint is not listed).
export async function deleteEndpoint(eventId: string, endpointId: string): Promise<boolean> {
  try {
    await db().send(new DeleteCommand({ TableName: tableName(), Key: webhookKeys.endpoint(eventId, endpointId), ConditionExpression: 'attribute_exists(pk)' }));
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
}

/**
 * W6: an attempt's effect on its endpoint. A success clears `failing_since`; a failure sets it if unset;
 * `disable` (the rule said 24 h of failures) turns an active endpoint off, true only for the one call that
 * did it, so the organizer is told once.
 */
export async function recordEndpointOutcome(endpoint: Pick<WebhookEndpoint, 'event_id' | 'id'>, outcome: { ok: true } | { ok: false; at: string; disable: boolean }): Promise<boolean> {
  const Key = webhookKeys.endpoint(endpoint.event_id, endpoint.id);
  try {
    if (outcome.ok) {
      await db().send(new UpdateCommand({ TableName: tableName(), Key, UpdateExpression: 'SET failing_since = :none', ConditionExpression: 'attribute_exists(pk) AND failing_since <> :none', ExpressionAttributeValues: { ':none': null } }));
      return false;
    }
    if (outcome.disable) {
      await db().send(new UpdateCommand({
        TableName: tableName(), Key,
        UpdateExpression: 'SET #status = :disabled, disabled_at = :at, disabled_reason = :reason, updated_at = :at, version = version + :one',
        ConditionExpression: 'attribute_exists(pk) AND #status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':disabled': 'disabled', ':active': 'active', ':at': outcome.at, ':one': 1, ':reason': 'Every delivery failed for 24 hours' },
      }));
      return true;
    }
    await db().send(new UpdateCommand({ TableName: tableName(), Key, UpdateExpression: 'SET failing_since = :at', ConditionExpression: 'attribute_exists(pk) AND failing_since = :none', ExpressionAttributeValues: { ':at': outcome.at, ':none': null } }));
    return false;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
}

/** W7: a disabled endpoint turned on again by the organizer (its failure clock restarts). */
export async function enableEndpoint(endpoint: WebhookEndpoint, at: string): Promise<WebhookEndpoint | null> {
  try {
    const updated = await db().send(new UpdateCommand({
      TableName: tableName(),
      Key: webhookKeys.endpoint(endpoint.event_id, endpoint.id),
      UpdateExpression: 'SET #status = :active, disabled_at = :none, disabled_reason = :none, failing_since = :none, updated_at = :at, version = version + :one',
      ConditionExpression: 'version = :version',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':active': 'active', ':none': null, ':at': at, ':one': 1, ':version': endpoint.version },
      ReturnValues: 'ALL_NEW',
    }));
    return fromItem(updated.Attributes ?? {});
  } catch (error) {
    if (conditionFailed(error)) return null;
    throw error;
  }
}
