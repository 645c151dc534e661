import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { randomSecret, sha256 } from '../../auth/tokens.ts';
import { db, tableName } from '../client.ts';
import { invitationCodeKeys } from '../keys.ts';

/**
 * Invitation codes: 256 bits from the CSPRNG, base64url, shown once to the planner and sent to the
 * guest. The table keeps only their SHA-256 (on the guest and as the key of a lookup item pointing at the
 * guest), so a copy of the table alone does not let anyone answer for a guest.
 */
export type InvitationCode = { code: string; hash: string };

export function newInvitationCode(): InvitationCode {
  const code = randomSecret();
  return { code, hash: sha256(code) };
}

/** A code has the shape randomSecret() makes; anything else is not looked up at all. */
const CODE_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** The guest an invitation code belongs to (GetItem of INVCODE#<sha256>, strong), or null. */
export async function findInvitation(code: string): Promise<{ eventId: string; guestId: string } | null> {
  if (!CODE_SHAPE.test(code)) return null;
  const result = await db().send(
    new GetCommand({ TableName: tableName(), Key: invitationCodeKeys.item(sha256(code)), ConsistentRead: true }),
  );
  const item = result.Item;
  return item ? { eventId: String(item.event_id), guestId: String(item.guest_id) } : null;
}
