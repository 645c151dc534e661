import { loadEventAccess } from '#shared/data/events/access.ts';
import { listTeamPage } from '#shared/data/team/repository.ts';
import { operation } from '#shared/http/group.ts';
import { list } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { listTeamQuery } from '#shared/schemas/team.ts';
import { presentInvite, presentMember } from './present.ts';

/**
 * GET /api/events/{id}/team: one page of the team (issue 15), the members in user-id order, then the open
 * email invitations in creation order (shared/data/team/repository.ts `listTeamPage`), read beside the
 * access check: two rounds of calls whatever the team's size.
 */
export const listTeamMembers = operation({
  params: idParam,
  query: listTeamQuery,
  session: 'with-first-read',
  handle: async ({ params, query, caller }) => {
    const [, page] = await Promise.all([
      loadEventAccess(caller, params.id, 'team', 'read'),
      listTeamPage(params.id, { limit: query.limit, cursor: query.cursor }),
    ]);
    const rows = [
      ...page.members.map((member) => presentMember(member, page.contacts.get(member.user_id))),
      ...page.invites.map(presentInvite),
    ];
    return list(rows, { next_cursor: page.nextCursor });
  },
});
