import { config } from '#shared/config.ts';
import { eventFromItem } from '#shared/data/events/records.ts';
import { getTokenInvitation } from '#shared/data/team/repository.ts';
import { findTokenRow } from '#shared/data/team/tokens.ts';
import { getUser } from '#shared/data/users.ts';
import { tokenInvitationState } from '#shared/domain/team/invitation-acceptance.ts';
import { publicOperation } from '#shared/http/group.ts';
import { htmlPage, linkOpening, mailedLinks, withLinkSecret } from '#shared/pages/mailed-link.ts';
import { renderTeamInvitationPage, renderTeamInvitationProblem } from '#shared/pages/team-invitation-page.ts';
import { asOpenInvitation } from './present.ts';

/**
 * The page a team invitation's email links to. The mailed /team-invitations/{token} moves the token into
 * the page's cookie and redirects to /team-invitations (shared/pages/mailed-link.ts). Every outcome is a
 * page: the invitation (event, role, inviter, how to accept), or why it cannot be accepted (unknown or
 * withdrawn 404, expired 403, already accepted 409). Reading it changes nothing.
 */

const refusals = {
  unknown: [404, 'Invitation not found', 'This link does not match an open invitation: it may have been withdrawn. Ask the person who invited you for a new one.'],
  taken: [409, 'Invitation already accepted', 'This invitation was already accepted. Sign in to the planning app to see the event.'],
  expired: [403, 'Invitation expired', 'This invitation has expired. Ask the person who invited you for a new one.'],
} as const;

/** GET /team-invitations/{token}: the invitation email's link. */
export const openTeamInvitationLink = linkOpening(mailedLinks.teamInvitation, 'token', 303);

export const showTeamInvitationPage = publicOperation({
  handle: async ({ request }) => withLinkSecret(mailedLinks.teamInvitation, request, async (token) => {
    const row = await findTokenRow(token);
    const { event, member, invite } = row ? await getTokenInvitation(row) : { event: null, member: null, invite: null };
    const live = event ? eventFromItem(event) : null;
    const entry = member ?? invite;
    const state = tokenInvitationState({
      token: row ? (row.used_at ? { usedAt: row.used_at } : {}) : null,
      invitation: asOpenInvitation(member, invite),
      eventLive: live !== null && !live.deleting_at,
      now: new Date(),
    });
    if (state !== 'open' || !live || !entry) return htmlPage(...pageOf(state === 'open' ? 'unknown' : state));
    const inviter = entry.invited_by ? await getUser(entry.invited_by) : null;
    const app = (config().CORS_ALLOWED_ORIGINS[0] ?? config().PUBLIC_BASE_URL).replace(/\/+$/, '');
    return htmlPage(200, renderTeamInvitationPage({
      eventName: live.name, eventDate: live.event_date, timezone: live.timezone, role: entry.role,
      inviterName: inviter ? inviter.full_name || inviter.username : null,
      invitedEmail: invite?.email ?? null,
      expiresAt: entry.expires_at ?? null,
      acceptUrl: `${app}/accept-invitation?event_id=${encodeURIComponent(live.id)}#token=${encodeURIComponent(token)}`,
      appUrl: app,
    }));
  }),
});

const pageOf = (state: keyof typeof refusals): [number, string] => {
  const [status, title, body] = refusals[state];
  return [status, renderTeamInvitationProblem(title, body)];
};
