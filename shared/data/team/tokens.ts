import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { hashInvitationToken, isInvitationTokenShaped } from '../../domain/team/invitation-token.ts';
import { db, tableName } from '../client.ts';
import { teamKeys } from '../keys.ts';
import type { TransactItem } from '../transact.ts';

/**
 * Lookup rows of team invitation tokens (`TEAMTOKEN#<sha256>`): which event and which invitation a
 * token opens, until when, and whether it was used. A used row stays (so a second use is told "already
 * accepted", not "unknown") until TTL removes it, a month after the invitation expired.
 */
export type TeamTokenRow = {
  token_hash: string;
  event_id: string;
  /** The invitation it opens: an email invitation's id, or the user id of a pending membership. */
  invite_id?: string;
  user_id?: string;
  expires_at: string;
  used_at?: string;
  used_by?: string;
};

const KEEP_AFTER_EXPIRY_SECONDS = 30 * 86_400;

/** The Put of a new token row, in the transaction that records its invitation. */
export function tokenRowPut(row: Omit<TeamTokenRow, 'used_at' | 'used_by'>): TransactItem {
  return {
    Put: {
      Item: { ...teamKeys.token(row.token_hash), type: 'teamToken', ...row, ttl: Math.floor(Date.parse(row.expires_at) / 1000) + KEEP_AFTER_EXPIRY_SECONDS },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** The row a token opens (GetItem `TEAMTOKEN#<sha256>`, strong), or null; a malformed token is not looked up. */
export async function findTokenRow(token: string): Promise<TeamTokenRow | null> {
  if (!isInvitationTokenShaped(token)) return null;
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: teamKeys.token(hashInvitationToken(token)), ConsistentRead: true }));
  if (!result.Item) return null;
  const { pk: _pk, sk: _sk, type: _type, ttl: _ttl, ...row } = result.Item;
  return row as TeamTokenRow;
}

/** Marks a token used, only if it exists and is unused: of two accepts racing, one fails here. */
export const consumeToken = (tokenHash: string, userId: string, at: string): TransactItem => ({
  Update: {
    Key: teamKeys.token(tokenHash),
    UpdateExpression: 'SET used_at = :at, used_by = :user',
    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(used_at)',
    ExpressionAttributeValues: { ':at': at, ':user': userId },
  },
});

/** Removes a token row (its invitation was withdrawn): the link stops working. */
export const tokenRowDelete = (tokenHash: string): TransactItem => ({ Delete: { Key: teamKeys.token(tokenHash) } });
