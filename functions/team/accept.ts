import { auditPut } from '#shared/data/audit.ts';
import { eventFromItem } from '#shared/data/events/records.ts';
import { isId } from '#shared/data/ids.ts';
import { eventKeys, userKeys } from '#shared/data/keys.ts';
import { getWithSession, isLive } from '#shared/data/sessions.ts';
import { memberFromItem } from '#shared/data/team/members.ts';
import { acceptEmailInvite, activateMember, findInviteByEmail, getTokenInvitation, type TeamInvite, type TeamMember } from '#shared/data/team/repository.ts';
import { consumeToken, findTokenRow } from '#shared/data/team/tokens.ts';
import type { UserRecord } from '#shared/data/users.ts';
import { type AcceptanceRefusal, decideAcceptance, type TokenLookup } from '#shared/domain/team/invitation-acceptance.ts';
import { teamMemberId } from '#shared/domain/team/rules.ts';
import { ConflictError, ForbiddenError, NotFoundError, UnauthorizedError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { ok } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { acceptTeamInvitationBody } from '#shared/schemas/team.ts';
import { asOpenInvitation, assertTeamSaved, presentMember } from './present.ts';

/**
 * POST /api/events/{id}/team/accept: the caller accepts an invitation with the token of its email, or
 * without one the invitation addressed to their account or to their VERIFIED email. Who may accept is
 * decided by shared/domain/team/invitation-acceptance.ts; the token is consumed in the accepting
 * transaction, conditionally, so it works once. Accepting one's own active membership again is a no-op.
 * loadEventAccess cannot serve here (it admits active members only), so this reads the session, event,
 * membership and user in one BatchGetItem itself; anything else about the event stays a 404.
 */
export const acceptTeamInvitation = operation({
  params: idParam,
  body: acceptTeamInvitationBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller }) => {
    const eventId = params.id;
    const keys = isId(eventId) ? [eventKeys.item(eventId), eventKeys.member(eventId, caller.userId), userKeys.item(caller.userId)] : [];
    const [{ session, items }, tokenRow] = await Promise.all([getWithSession(caller.sessionId, keys), body.token === undefined ? null : findTokenRow(body.token)]);
    if (!isLive(session) || session.user_id !== caller.userId) throw new UnauthorizedError('The session has ended; sign in again.');
    const [eventItem, memberItem, userItem] = items;
    if (!eventItem || eventFromItem(eventItem).deleting_at || !userItem) throw new NotFoundError('invitation');
    const user = userItem as UserRecord;
    const own = memberItem ? (memberFromItem(memberItem) as TeamMember) : null;
    const { token, member, invite } = await findInvitation(eventId, body.token, tokenRow, own, user);

    const now = new Date();
    const verdict = decideAcceptance({
      caller: { userId: caller.userId, email: user.email, ...(user.email_verified_at ? { email_verified_at: user.email_verified_at } : {}) },
      token, invitation: asOpenInvitation(member, invite), callerIsMember: own !== null, now,
    });
    const contact = { id: caller.userId, username: user.username, full_name: user.full_name, email: user.email, ...(user.phone ? { phone: user.phone } : {}) };
    if (verdict.outcome === 'refuse') throw refusal(verdict);
    if (verdict.outcome === 'already_member') return ok(presentMember(own as TeamMember, contact));

    const at = now.toISOString();
    const id = teamMemberId(eventId, caller.userId);
    const taken = () => new ConflictError('invitation_taken', 'This invitation was accepted or withdrawn meanwhile.');
    const alsoWrite = (tokenHash: string | undefined) => [
      auditPut({ eventId }, {
        actor_id: caller.userId, action: 'team.joined', entity_type: 'teamMember', entity_id: id,
        changes: [{ field: 'status', before: 'pending', after: 'active' }, { field: 'accepted_via', before: null, after: verdict.via }], at,
      }),
      ...(tokenHash ? [consumeToken(tokenHash, caller.userId, at)] : []),
    ];
    if (member) {
      assertTeamSaved(await activateMember(eventId, caller.userId, at, alsoWrite(member.token_hash)), taken);
      return ok(presentMember({ ...member, status: 'active', joined_at: at }, contact));
    }
    const accepted = invite as TeamInvite;
    const joined: TeamMember = {
      event_id: eventId, user_id: caller.userId, role: accepted.role, permissions: accepted.permissions, status: 'active',
      invited_at: accepted.invited_at, joined_at: at, invited_by: accepted.invited_by, version: 1,
    };
    assertTeamSaved(await acceptEmailInvite(accepted, joined, alsoWrite(accepted.token_hash)), taken);
    return ok(presentMember(joined, contact));
  },
});

/** The invitation in question: the one the token names, else the caller's pending membership, else their email's. */
async function findInvitation(eventId: string, given: string | undefined, row: Awaited<ReturnType<typeof findTokenRow>>, own: TeamMember | null, user: UserRecord) {
  if (given !== undefined) {
    if (!row || row.event_id !== eventId) return { token: { kind: 'unknown' } as TokenLookup, member: null, invite: null };
    const { member, invite } = await getTokenInvitation(row);
    // The token was read before a concurrent accept committed and the invitation after it: read the
    // token again, so that accept is answered as taken (409), not as an invitation that never was (404).
    const usedAt = row.used_at ?? (!member && !invite ? (await findTokenRow(given))?.used_at : undefined);
    return { token: { kind: 'found', ...(usedAt ? { usedAt } : {}) } as TokenLookup, member, invite };
  }
  if (own) return { token: { kind: 'none' } as TokenLookup, member: own, invite: null };
  return { token: { kind: 'none' } as TokenLookup, member: null, invite: await findInviteByEmail(eventId, user.email) };
}

function refusal(verdict: AcceptanceRefusal): Error {
  if (verdict.status === 404) return new NotFoundError('invitation');
  if (verdict.status === 403) return new ForbiddenError(verdict.message, verdict.code);
  return new ConflictError(verdict.code, verdict.message);
}
