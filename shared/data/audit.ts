import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client.ts';
import { newId } from './ids.ts';
import { domainEventsOfAudit } from '../domain/domain-events/mapping.ts';
import { eventKeys, outboxKeys, userKeys } from './keys.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { TransactItem } from './transact.ts';

export type FieldChange = { field: string; before: unknown; after: unknown };

export type AuditEntry = {
  id: string;
  actor_id: string;
  action: string;
  entity_type: string;
  entity_id: string;
  changes: FieldChange[];
  at: string;
  /** The entity's display name (a guest's name, a task's title), kept in the entry and its domain events. */
  subject?: string;
};

type AuditInput = Omit<AuditEntry, 'id' | 'at'> & {
  at?: string;
  /** Facts for the domain events only (not the audit trail): see AuditFacts.domain_detail. */
  domain_detail?: Record<string, unknown>;
};

/**
 * How long the table's stream consumer (functions/domain-event-stream) has before the outbox run treats
 * an entry's domain events as missed and publishes them itself.
 */
const PUBLISH_GRACE_MS = 30_000;

/**
 * The Put of an audit entry, to add to the same transaction as the change it records. When the change
 * is a domain event (shared/domain/domain-events/mapping.ts), the entry carries the events and the sparse
 * outbox key, so the events are recorded exactly when the change is; the table's stream publishes them (docs/domain-events.md).
 */
export function auditPut(scope: { eventId: string } | { userId: string }, input: AuditInput): TransactItem {
  const id = newId();
  const key = 'eventId' in scope ? eventKeys.audit(scope.eventId, id) : userKeys.audit(scope.userId, id);
  const { domain_detail: domainDetail, ...fields } = input;
  const entry: AuditEntry = { ...fields, id, at: input.at ?? new Date().toISOString() };
  const eventId = 'eventId' in scope ? scope.eventId : entry.entity_type === 'event' ? entry.entity_id : null;
  const domainEvents = eventId ? domainEventsOfAudit({ ...entry, event_id: eventId, ...(domainDetail ? { domain_detail: domainDetail } : {}) }) : [];
  const outbox = domainEvents.length > 0
    ? {
        domain_events: domainEvents,
        gsi2pk: outboxKeys.partition(id),
        gsi2sk: outboxKeys.sort(new Date(Date.parse(entry.at) + PUBLISH_GRACE_MS).toISOString(), 'DOMAINEVENT', id),
      }
    : {};
  return { Put: { Item: { ...key, type: 'audit', ...entry, ...outbox }, ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** The audit trail shows the entry, not its outbox bookkeeping. */
const entryOfItem = ({ pk: _pk, sk: _sk, type: _type, domain_events: _events, gsi2pk: _gpk, gsi2sk: _gsk, lease_until: _lease, attempts: _attempts, last_error: _error, ...entry }: Record<string, unknown>) =>
  entry as AuditEntry;

/** The event's audit entries, newest first (Query on the event's collection, AUDIT# prefix, descending). */
export async function listEventAudit(
  eventId: string,
  page: { limit: number; cursor?: string },
): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
  const result = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId), ':prefix': eventKeys.auditPrefix },
      ScanIndexForward: false,
      Limit: page.limit,
      ExclusiveStartKey: decodeCursor(page.cursor, { pk: eventKeys.partition(eventId) }, { pk: eventKeys.partition(eventId), sk: eventKeys.auditPrefix }),
    }),
  );
  const entries = (result.Items ?? []).map(entryOfItem);
  return { entries, nextCursor: encodeCursor(result.LastEvaluatedKey) };
}

/** Field-by-field differences between two versions of a resource, over the fields a caller may change. */
export function diffFields(before: Record<string, unknown>, after: Record<string, unknown>, fields: readonly string[]): FieldChange[] {
  return fields.flatMap((field) =>
    JSON.stringify(before[field]) === JSON.stringify(after[field])
      ? []
      : [{ field, before: before[field] ?? null, after: after[field] ?? null }],
  );
}
