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

/** The lookup item of a code (GetItem of INVCODE#<sha256>, strong): a guest's or a party's. */
async function findCode(code: string): Promise<Record<string, unknown> | null> {
  if (!CODE_SHAPE.test(code)) return null;
  const result = await db().send(
    new GetCommand({ TableName: tableName(), Key: invitationCodeKeys.item(sha256(code)), ConsistentRead: true }),
  );
  return result.Item ?? null;
}

/** The guest an invitation code belongs to, or null (also for a party's code). */
export async function findInvitation(code: string): Promise<{ eventId: string; guestId: string } | null> {
  const item = await findCode(code);
  return typeof item?.guest_id === 'string' ? { eventId: String(item.event_id), guestId: item.guest_id } : null;
}

/** The party a party link's code belongs to, or null (also for a guest's code). */
export async function findPartyInvitation(code: string): Promise<{ eventId: string; partyId: string } | null> {
  const item = await findCode(code);
  return typeof item?.party_id === 'string' ? { eventId: String(item.event_id), partyId: item.party_id } : null;
}

/** Whose code it is, a guest's or a party's, from one lookup (the RSVP page opens both), or null. */
export async function findCodeOwner(code: string): Promise<{ kind: 'guest'; eventId: string; guestId: string } | { kind: 'party'; eventId: string; partyId: string } | null> {
  const item = await findCode(code);
  if (typeof item?.guest_id === 'string') return { kind: 'guest', eventId: String(item.event_id), guestId: item.guest_id };
  if (typeof item?.party_id === 'string') return { kind: 'party', eventId: String(item.event_id), partyId: item.party_id };
  return null;
}
