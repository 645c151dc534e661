import { teamTokenSealKey } from '#shared/auth/team-token-key.ts';
import { auditPut } from '#shared/data/audit.ts';
import { loadEventAccess } from '#shared/data/events/access.ts';
import { isId, newChildId } from '#shared/data/ids.ts';
import { eventSnapshot, noticePut } from '#shared/data/notices.ts';
import { addMember, inviteByEmail, type TeamInvite, type TeamMember } from '#shared/data/team/repository.ts';
import { tokenRowPut } from '#shared/data/team/tokens.ts';
import { getUser } from '#shared/data/users.ts';
import { invitationExpiresAt, newInvitationToken, sealInvitationToken } from '#shared/domain/team/invitation-token.ts';
import { checkGrant, overridesToStore, teamMemberId } from '#shared/domain/team/rules.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { created } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { addTeamMemberBody } from '#shared/schemas/team.ts';
import { assertTeamSaved, presentInvite, presentMember } from './present.ts';

/**
 * POST /api/events/{id}/team. The membership is PENDING until the person accepts
 * (`POST /api/events/{id}/team/accept`), for registered users too: joining a team puts your contact
 * details in front of that team and the event in your list, which nobody should do to you unasked, and a
 * mistyped email must not hand an event's data to a stranger.
 *
 * An email is never looked up among the accounts: the answer is the same pending invitation of that
 * address whether or not someone registered it, so the route cannot be used to learn who has an account
 * or to read a stranger's profile. A user_id (the inviter already knows the account) makes a pending
 * membership of that account. Either way the email carries a single-use token (shared/domain/team/
 * invitation-token.ts) that expires; it is sealed into the outbox notice, only its hash is stored.
 */
export const addTeamMember = operation({
  params: idParam,
  body: addTeamMemberBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller }) => {
    const { event, member: adder, permissions } = await loadEventAccess(caller, params.id, 'team', 'write');
    const verdict = checkGrant({ role: adder.role, permissions }, body.role, body.permissions);
    if (!verdict.allowed) throw new ForbiddenError(verdict.reason);

    const [invitee, inviter, sealKey] = await Promise.all([body.user_id === undefined ? null : findUser(body.user_id), getUser(caller.userId), teamTokenSealKey.forSealing()]);
    const now = new Date();
    const at = now.toISOString();
    const expiresAt = invitationExpiresAt(now);
    const token = newInvitationToken();
    const stored = overridesToStore(body.role, body.permissions);
    const details = {
      role: body.role, invited_by: caller.userId, inviter_name: inviter?.full_name || inviter?.username || null,
      token_hash: token.hash, token_sealed: sealInvitationToken(token, sealKey), expires_at: expiresAt,
    };
    const notice = (recipient: { recipient_user_ids: string[] } | { recipient_email: string }) =>
      noticePut({ kind: 'team_invitation', event_id: event.id, event: eventSnapshot(event), changes: [], actor_id: caller.userId, details, ...recipient }, now).write;
    const audit = (entityId: string, who: Record<string, unknown>) => auditPut({ eventId: event.id }, {
      actor_id: caller.userId, action: 'team.invited', entity_type: 'teamMember', entity_id: entityId,
      changes: [{ field: 'member', before: null, after: { ...who, role: body.role, permissions: stored } }], at,
    });

    if (invitee) {
      const member: TeamMember = {
        event_id: event.id, user_id: invitee.id, role: body.role, permissions: stored, status: 'pending', invited_at: at, invited_by: caller.userId, version: 1,
        token_hash: token.hash, expires_at: expiresAt,
      };
      const id = teamMemberId(event.id, invitee.id);
      const writes = [tokenRowPut({ token_hash: token.hash, event_id: event.id, user_id: invitee.id, expires_at: expiresAt }), notice({ recipient_user_ids: [invitee.id] }), audit(id, { user_id: invitee.id })];
      assertTeamSaved(await addMember(member, writes), () => new ConflictError('already_on_team', 'That person is already on the team or invited.'));
      return created(presentMember(member, undefined), `/api/team/${id}`);
    }
    const invite: TeamInvite = {
      id: newChildId(event.id), event_id: event.id, email: body.email as string, role: body.role, permissions: stored,
      invited_by: caller.userId, invited_at: at, version: 1, token_hash: token.hash, expires_at: expiresAt,
    };
    const writes = [tokenRowPut({ token_hash: token.hash, event_id: event.id, invite_id: invite.id, expires_at: expiresAt }), notice({ recipient_email: invite.email }), audit(invite.id, { email: invite.email })];
    assertTeamSaved(await inviteByEmail(invite, writes), () => new ConflictError('already_on_team', 'That email is already invited to the team.'));
    return created(presentInvite(invite), `/api/team/${invite.id}`);
  },
});

/** The account named by user_id (404 if none): the inviter knows it already, nothing is revealed. */
async function findUser(userId: string) {
  const user = isId(userId) ? await getUser(userId) : null;
  if (!user) throw new NotFoundError('user');
  return user;
}
