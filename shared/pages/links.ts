import { config } from '../config.ts';

/** The link a guest opens (emails, the planner's copy): the public page under PUBLIC_BASE_URL. */
export const rsvpUrl = (code: string): string => `${config().PUBLIC_BASE_URL.replace(/\/+$/, '')}/rsvp/${encodeURIComponent(code)}`;

/** The page a team invitation's email links to (functions/team/invitation-page.ts). */
export const teamInvitationUrl = (token: string): string => `${config().PUBLIC_BASE_URL.replace(/\/+$/, '')}/team-invitations/${encodeURIComponent(token)}`;
