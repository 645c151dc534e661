import { createHash, randomBytes } from 'node:crypto';
import { deriveSealingKey, openText, type SealingKeyRing, sealText } from '../sealing/sealed-text.ts';

/**
 * The single-use token of a team invitation: 256 bits from the CSPRNG (base64url, 43 characters), mailed
 * to the invited address. The table keeps its SHA-256 only (on the invitation and as the key of the
 * lookup row the page reads); the plain token rides in the outbox notice sealed (AES-256-GCM under a key
 * of its own derived from the sealing secret, shared/domain/sealing/sealed-text.ts), so a copy of the
 * table alone cannot accept anyone's invitation. The sealed value is bound to the token's hash, so it
 * opens only where that hash is written next to it.
 */
export const TEAM_INVITATION_TTL_DAYS = 14;

const INFO = 'event-planning/team-invitation-token-seal/v1';
const SALT = 'event-planning-team-invitation-tokens';

/** A token has the shape newInvitationToken() makes; anything else is never looked up. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export type InvitationToken = { token: string; hash: string };

export const hashInvitationToken = (token: string): string => createHash('sha256').update(token).digest('base64url');

export function newInvitationToken(): InvitationToken {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashInvitationToken(token) };
}

export const isInvitationTokenShaped = (token: string): boolean => TOKEN_SHAPE.test(token);

/** When an invitation made at `invitedAt` stops being acceptable. */
export const invitationExpiresAt = (invitedAt: Date): string => new Date(invitedAt.getTime() + TEAM_INVITATION_TTL_DAYS * 86_400_000).toISOString();

export const deriveTeamTokenSealKey = (secret: Uint8Array): Buffer => deriveSealingKey(secret, SALT, INFO);

export const sealInvitationToken = (token: InvitationToken, keys: SealingKeyRing): string => sealText(token.token, token.hash, keys);

/** The plain token, or null when it cannot be opened or does not match the hash stored beside it. */
export function openInvitationToken(sealed: string, hash: string, keys: SealingKeyRing): string | null {
  const token = openText(sealed, hash, keys);
  return token !== null && hashInvitationToken(token) === hash ? token : null;
}
