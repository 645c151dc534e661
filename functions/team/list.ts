import { loadEventAccess } from '#shared/data/events/access.ts';
import { listTeam } from '#shared/data/team/repository.ts';
import { operation } from '#shared/http/group.ts';
import { list } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { presentInvite, presentMember } from './present.ts';

const roleOrder = ['organizer', 'coordinator', 'assistant', 'viewer'];

/** GET /api/events/{id}/team: members (organizer first) and open invitations, with contact info. */
export const listTeamMembers = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller }) => {
    await loadEventAccess(caller, params.id, 'team', 'read');
    const { members, invites, contacts } = await listTeam(params.id);
    const rows = [
      ...members
        .sort((a, b) => roleOrder.indexOf(a.role) - roleOrder.indexOf(b.role) || a.invited_at.localeCompare(b.invited_at))
        .map((member) => presentMember(member, contacts.get(member.user_id))),
      ...invites.sort((a, b) => a.invited_at.localeCompare(b.invited_at)).map(presentInvite),
    ];
    return list(rows, { next_cursor: null });
  },
});
