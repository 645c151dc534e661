import { isEmailVerified } from '../accounts/verification.ts';

/**
 * Who may accept a team invitation: the one rule behind `POST /api/events/{id}/team/accept`.
 *
 * An invitation is accepted by the person it was sent to, proved in one of three ways:
 * - the token of its email (whoever holds it read that mailbox, whatever address their account has);
 * - an account whose VERIFIED email is the invited address (an unverified one proves nothing: anybody can
 *   register any address, which is how a team member used to take over a pending invitation);
 * - for an invitation addressed to an account (by user_id), being signed in as that account.
 * A token is single use, an invitation expires (TEAM_INVITATION_TTL_DAYS), and an invitation addressed
 * to one account is never accepted by another, token or not.
 */
export type AcceptingCaller = { userId: string; email: string; email_verified_at?: string };

/** What the caller's token names: no token sent, no such token (or another event's), or a token row. */
export type TokenLookup = { kind: 'none' } | { kind: 'unknown' } | { kind: 'found'; usedAt?: string };

export type OpenInvitation =
  | { addressedTo: 'user'; userId: string; status: 'pending' | 'active'; expiresAt?: string }
  | { addressedTo: 'email'; email: string; expiresAt?: string };

export type AcceptanceRefusal = {
  outcome: 'refuse';
  status: 403 | 404 | 409;
  code: 'not_found' | 'email_not_verified' | 'invitation_expired' | 'invitation_taken' | 'invitation_for_another_account' | 'already_on_team';
  message: string;
};

export type AcceptanceVerdict =
  | { outcome: 'accept'; via: 'token' | 'user_id' | 'verified_email' }
  | { outcome: 'already_member' }
  | AcceptanceRefusal;

const refuse = (status: AcceptanceRefusal['status'], code: AcceptanceRefusal['code'], message: string): AcceptanceRefusal => ({ outcome: 'refuse', status, code, message });

const notFound = refuse(404, 'not_found', 'There is no invitation for you to this event.');
const expired = refuse(403, 'invitation_expired', 'This invitation has expired; ask the team for a new one.');

const isExpired = (invitation: OpenInvitation, now: Date) => invitation.expiresAt !== undefined && Date.parse(invitation.expiresAt) <= now.getTime();

export function decideAcceptance(input: {
  caller: AcceptingCaller;
  token: TokenLookup;
  /** The invitation the token names, or else the caller's own (by user id, then by the account's email). */
  invitation: OpenInvitation | null;
  /** The caller already has an active membership of the event. */
  callerIsMember: boolean;
  now: Date;
}): AcceptanceVerdict {
  const { caller, token, invitation, now } = input;
  if (token.kind === 'unknown') return notFound;
  if (token.kind === 'found' && token.usedAt !== undefined) return refuse(409, 'invitation_taken', 'This invitation was already accepted.');
  if (!invitation) return notFound;

  if (invitation.addressedTo === 'user') {
    if (invitation.userId !== caller.userId) return refuse(403, 'invitation_for_another_account', 'This invitation was sent to another account; sign in with that account to accept it.');
    if (invitation.status === 'active') return { outcome: 'already_member' };
    if (isExpired(invitation, now)) return expired;
    return { outcome: 'accept', via: token.kind === 'found' ? 'token' : 'user_id' };
  }

  if (input.callerIsMember) return refuse(409, 'already_on_team', 'You are already on this team.');
  if (token.kind === 'none') {
    if (invitation.email.toLowerCase() !== caller.email.toLowerCase()) return notFound;
    if (!isEmailVerified(caller)) return refuse(403, 'email_not_verified', 'Verify your email address first, or open the link in the invitation email.');
  }
  if (isExpired(invitation, now)) return expired;
  return { outcome: 'accept', via: token.kind === 'found' ? 'token' : 'verified_email' };
}

/**
 * What the page of a token (`GET /team-invitations/{token}`) can say of its invitation, before anyone
 * signs in: still open, already accepted (the token was used, or the membership is active), expired, or
 * unknown (no such token, withdrawn, or its event is gone). The page never accepts: mail scanners open links.
 */
export type TokenInvitationState = 'open' | 'unknown' | 'taken' | 'expired';

export function tokenInvitationState(input: {
  token: { usedAt?: string } | null;
  invitation: OpenInvitation | null;
  eventLive: boolean;
  now: Date;
}): TokenInvitationState {
  const { token, invitation } = input;
  if (!token || !input.eventLive) return 'unknown';
  if (token.usedAt !== undefined || (invitation?.addressedTo === 'user' && invitation.status === 'active')) return 'taken';
  if (!invitation) return 'unknown';
  return isExpired(invitation, input.now) ? 'expired' : 'open';
}
