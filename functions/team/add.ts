import { auditPut } from '#shared/data/audit.ts';
import { loadEventAccess } from '#shared/data/events/access.ts';
import { isId, newChildId } from '#shared/data/ids.ts';
import { eventSnapshot, noticePut } from '#shared/data/notices.ts';
import { addMember, inviteByEmail, type TeamInvite, type TeamMember } from '#shared/data/team/repository.ts';
import { findUserByEmail, getUser, type UserRecord } from '#shared/data/users.ts';
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
 * mistyped email must not hand an event's data to a stranger. A registered user is emailed (outbox) a link
 * to accept; an unknown email gets an invitation to register and join, kept until it is accepted or revoked.
 */
export const addTeamMember = operation({
  params: idParam,
  body: addTeamMemberBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller }) => {
    const { event, member: adder, permissions } = await loadEventAccess(caller, params.id, 'team', 'write');
    const verdict = checkGrant({ role: adder.role, permissions }, body.role, body.permissions);
    if (!verdict.allowed) throw new ForbiddenError(verdict.reason);

    const user = await findInvitee(body);
    const now = new Date();
    const at = now.toISOString();
    const stored = overridesToStore(body.role, body.permissions);
    const details = { role: body.role, invited_by: caller.userId, accept_path: `/api/events/${event.id}/team/accept` };
    const notice = (recipient: { recipient_user_ids: string[] } | { recipient_email: string }) =>
      noticePut({ kind: 'team_invitation', event_id: event.id, event: eventSnapshot(event), changes: [], actor_id: caller.userId, details, ...recipient }, now).write;
    const audit = (entityId: string, who: Record<string, unknown>) => auditPut({ eventId: event.id }, {
      actor_id: caller.userId, action: 'team.invited', entity_type: 'teamMember', entity_id: entityId,
      changes: [{ field: 'member', before: null, after: { ...who, role: body.role, permissions: stored } }], at,
    });

    if (user) {
      const member: TeamMember = {
        event_id: event.id, user_id: user.id, role: body.role, permissions: stored, status: 'pending', invited_at: at, invited_by: caller.userId, version: 1,
      };
      const id = teamMemberId(event.id, user.id);
      assertTeamSaved(await addMember(member, [notice({ recipient_user_ids: [user.id] }), audit(id, { user_id: user.id })]),
        () => new ConflictError('already_on_team', 'That person is already on the team or invited.'));
      return created(presentMember(member, { id: user.id, username: user.username, full_name: user.full_name, email: user.email, phone: user.phone }), `/api/team/${id}`);
    }
    const invite: TeamInvite = {
      id: newChildId(event.id), event_id: event.id, email: body.email as string, role: body.role, permissions: stored,
      invited_by: caller.userId, invited_at: at, version: 1,
    };
    assertTeamSaved(await inviteByEmail(invite, [notice({ recipient_email: invite.email }), audit(invite.id, { email: invite.email })]),
      () => new ConflictError('already_on_team', 'That email is already invited to the team.'));
    return created(presentInvite(invite), `/api/team/${invite.id}`);
  },
});

/** The registered user named by user_id (404 if none) or email (null: invite the email to register). */
async function findInvitee(body: { user_id?: string; email?: string }): Promise<UserRecord | null> {
  if (body.user_id !== undefined) {
    const user = isId(body.user_id) ? await getUser(body.user_id) : null;
    if (!user) throw new NotFoundError('user');
    return user;
  }
  return findUserByEmail(body.email as string);
}
