import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client.ts';
import { newId } from './ids.ts';
import { eventKeys, userKeys } from './keys.ts';
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
};

type AuditInput = Omit<AuditEntry, 'id' | 'at'> & { at?: string };

/** The Put of an audit entry, to add to the same transaction as the change it records. */
export function auditPut(scope: { eventId: string } | { userId: string }, input: AuditInput): TransactItem {
  const id = newId();
  const key = 'eventId' in scope ? eventKeys.audit(scope.eventId, id) : userKeys.audit(scope.userId, id);
  const entry: AuditEntry = { ...input, id, at: input.at ?? new Date().toISOString() };
  return { Put: { Item: { ...key, type: 'audit', ...entry }, ConditionExpression: 'attribute_not_exists(pk)' } };
}

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
      ExclusiveStartKey: decodeCursor(page.cursor, { pk: eventKeys.partition(eventId) }),
    }),
  );
  const entries = (result.Items ?? []).map(({ pk: _pk, sk: _sk, type: _type, ...entry }) => entry as AuditEntry);
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
