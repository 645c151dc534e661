import { auditPut } from '#shared/data/audit.ts';
import { eventFromItem } from '#shared/data/events/records.ts';
import { isId } from '#shared/data/ids.ts';
import { eventKeys, userKeys } from '#shared/data/keys.ts';
import { memberFromItem } from '#shared/data/team/members.ts';
import { getWithSession, isLive } from '#shared/data/sessions.ts';
import { acceptEmailInvite, activateMember, findInviteByEmail, type TeamMember } from '#shared/data/team/repository.ts';
import { teamMemberId } from '#shared/domain/team/rules.ts';
import { NotFoundError, UnauthorizedError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { ok } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { assertTeamSaved, presentMember } from './present.ts';

/**
 * POST /api/events/{id}/team/accept: the signed-in user accepts their pending membership, or the
 * invitation sent to their account's email before they registered. Accepting again is a no-op (200).
 * loadEventAccess cannot serve here (it admits active members only), so this reads the session, event,
 * membership and user in one BatchGetItem itself; anything else about the event stays a 404.
 */
export const acceptTeamInvitation = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller }) => {
    const eventId = params.id;
    const keys = isId(eventId) ? [eventKeys.item(eventId), eventKeys.member(eventId, caller.userId), userKeys.item(caller.userId)] : [];
    const { session, items } = await getWithSession(caller.sessionId, keys);
    if (!isLive(session) || session.user_id !== caller.userId) throw new UnauthorizedError('The session has ended; sign in again.');
    const [eventItem, memberItem, userItem] = items;
    if (!eventItem || eventFromItem(eventItem).deleting_at || !userItem) throw new NotFoundError('invitation');
    const contact = { id: caller.userId, username: userItem.username as string, full_name: userItem.full_name as string, email: userItem.email as string };
    const now = new Date().toISOString();
    const audit = (entityId: string) => auditPut({ eventId }, {
      actor_id: caller.userId, action: 'team.joined', entity_type: 'teamMember', entity_id: entityId,
      changes: [{ field: 'status', before: 'pending', after: 'active' }], at: now,
    });

    if (memberItem) {
      const member = memberFromItem(memberItem) as TeamMember;
      if (member.status === 'active') return ok(presentMember(member, contact));
      assertTeamSaved(await activateMember(eventId, caller.userId, now, [audit(teamMemberId(eventId, caller.userId))]));
      return ok(presentMember({ ...member, status: 'active', joined_at: now }, contact));
    }
    const invite = await findInviteByEmail(eventId, contact.email);
    if (!invite) throw new NotFoundError('invitation');
    const member: TeamMember = {
      event_id: eventId, user_id: caller.userId, role: invite.role, permissions: invite.permissions, status: 'active',
      invited_at: invite.invited_at, joined_at: now, invited_by: invite.invited_by, version: 1,
    };
    assertTeamSaved(await acceptEmailInvite(invite, member, [audit(teamMemberId(eventId, caller.userId))]));
    return ok(presentMember(member, contact));
  },
});
