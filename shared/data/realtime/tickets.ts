import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../client.ts';
import { realtimeKeys } from '../keys.ts';

/**
 * Single-use WebSocket connect tickets (docs/data-model.md, patterns R8-R9): one item per ticket, keyed by
 * the ticket's SHA-256, naming the user and session it was issued to. `expires_at` decides (TTL deletion
 * lags by hours); `ttl` only clears what was never used.
 */
export type RealtimeTicketRecord = {
  user_id: string;
  session_id: string;
  username: string;
  /** Epoch seconds after which the ticket no longer opens a connection. */
  expires_at: number;
  ttl: number;
};

/** R8: records a new ticket (its hash is fresh randomness, so a Put never meets an existing one). */
export async function putRealtimeTicket(ticketHash: string, ticket: RealtimeTicketRecord): Promise<void> {
  await db().send(new PutCommand({ TableName: tableName(), Item: { ...realtimeKeys.ticket(ticketHash), type: 'ws_ticket', ...ticket } }));
}

/**
 * R9: uses a ticket up: ONE conditional DeleteItem, on the ticket existing and not being past
 * `expires_at`, answering what it held. Of two connects with the same ticket only one gets it; a used,
 * unknown or expired ticket is null.
 */
export async function takeRealtimeTicket(ticketHash: string, nowSeconds: number): Promise<RealtimeTicketRecord | null> {
  try {
    const result = await db().send(
      new DeleteCommand({
        TableName: tableName(),
        Key: realtimeKeys.ticket(ticketHash),
        ConditionExpression: 'attribute_exists(pk) AND expires_at > :now',
        ExpressionAttributeValues: { ':now': nowSeconds },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return (result.Attributes as RealtimeTicketRecord | undefined) ?? null;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return null;
    throw error;
  }
}
