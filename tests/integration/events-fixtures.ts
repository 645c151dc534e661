import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { handler } from '../../functions/events/handler.ts';
import { db, tableName } from '../../shared/data/client.ts';
import { eventKeys, type Key } from '../../shared/data/keys.ts';
import { memberPut } from '../../shared/data/team/members.ts';
import type { PermissionMap, Role } from '../../shared/domain/permissions.ts';
import type { HttpMethod } from '../../shared/routes.ts';
import { invoke, makeHttpEvent } from '../support/http-event.ts';
import type { SignedInUser } from '../support/signed-in-user.ts';

/** Shared by the events integration tests: calls through the real handler, and direct table reads. */
export function api(
  user: SignedInUser | null,
  method: HttpMethod,
  path: string,
  options: { body?: unknown; rawBody?: string; query?: Record<string, string>; headers?: Record<string, string> } = {},
) {
  return invoke(handler, makeHttpEvent({ method, path, token: user?.token, ...options }));
}

export const weddingInput = {
  name: 'Ada & Grace wedding',
  description: 'Garden ceremony, dinner and dancing',
  event_date: '2027-06-20T18:00:00Z',
  timezone: 'Europe/London',
  location_name: 'Kew Gardens',
  location_address: 'Richmond, London TW9 3AE',
  event_type: 'wedding',
  capacity: 120,
  budget_total: 25000.5,
  currency: 'GBP',
};

/** Creates an event through the API and returns its body (asserting the 201). */
export async function createEvent(user: SignedInUser, input: Record<string, unknown> = weddingInput) {
  const response = await api(user, 'POST', '/api/events', { body: input });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.data;
}

/** Puts a team member straight into the table (the team routes come in a later issue). */
export async function addMember(eventId: string, userId: string, role: Role, permissions: Partial<PermissionMap> = {}) {
  const { Put } = memberPut({
    event_id: eventId, user_id: userId, role, permissions, status: 'active',
    invited_at: new Date().toISOString(), joined_at: new Date().toISOString(),
  }) as { Put: { Item: Record<string, unknown> } };
  await db().send(new PutCommand({ TableName: tableName(), Item: Put.Item }));
}

export async function getItem(key: Key) {
  return (await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item ?? null;
}

/** Every item of the event's collection (strong Query of its partition). */
export async function collection(eventId: string) {
  const result = await db().send(new QueryCommand({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': eventKeys.partition(eventId) },
    ConsistentRead: true,
  }));
  return result.Items ?? [];
}
