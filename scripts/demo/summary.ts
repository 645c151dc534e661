import type { DemoWorld } from './world.ts';

/** What a person needs to look at the world: the logins and the URLs to open. */
export function worldSummary(world: DemoWorld, urls: { api: string; mailViewer: string | null }): string {
  const logins = world.users.map((user) => `  ${user.role.padEnd(12)} ${user.full_name.padEnd(24)} login ${user.username.padEnd(28)} password ${user.password}`);
  return [
    '',
    `Demo world ${world.reused ? 'already there' : 'ready'}: ${world.eventName} (event ${world.eventId})`,
    '',
    'Logins (POST /api/auth/login with {"login", "password"}; the username or the email works):',
    ...logins,
    `  pending team invitation to ${world.pendingTeamEmail} (viewer, no account yet)`,
    '',
    'Open:',
    `  API reference    ${urls.api}/docs (Authorize with a login's access token)`,
    `  The wedding      ${urls.api}/api/events/${world.eventId} (guests, budget, timeline, checklist, documents, team below it)`,
    ...(urls.mailViewer ? [`  Sent emails      ${urls.mailViewer}/ (SES emulator's mail viewer: invitations, team invitations, confirmations)`] : []),
    ...(world.guestRsvpUrl ? [`  A guest's page   ${world.guestRsvpUrl} (a guest who has not answered yet)`] : []),
    '',
    `Capacity ${world.capacity} seats with a waitlist; answers in every state (yes, no, maybe, pending, waitlisted).`,
    'Not in the demo: meals and custom RSVP questions (the API has none yet).',
    '',
  ].join('\n');
}
