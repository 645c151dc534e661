import { spokenDateTime } from '../i18n/format.ts';
import { html } from './html.ts';
import { page } from './layout.ts';

/**
 * The page a team invitation's email links to (`GET /team-invitations/{token}`): what the invitation is
 * (event, role, who invited) and how to accept it. It has no script and accepts nothing itself: the
 * button opens the planning app's accept screen with the token in the URL's fragment, which browsers
 * never send to a server (not in requests, not in Referer), and the app accepts it signed in.
 */
export type TeamInvitationPageView = {
  eventName: string;
  eventDate: string;
  timezone: string;
  role: string;
  inviterName: string | null;
  /** The address an email invitation was sent to; null for an invitation addressed to an account. */
  invitedEmail: string | null;
  expiresAt: string | null;
  /** The planning app's accept screen, token in the fragment. */
  acceptUrl: string;
  /** The planning app itself, to sign in or register. */
  appUrl: string;
};

/** Why an invitation cannot be accepted, as a page (unknown, expired, already accepted). */
export const renderTeamInvitationProblem = (title: string, text: string): string =>
  page(title, html`<section class="card"><h1>${title}</h1><p>${text}</p></section>`);

export function renderTeamInvitationPage(view: TeamInvitationPageView): string {
  const who = view.inviterName ?? 'The planning team';
  return page(
    `${view.eventName}: invitation to the planning team`,
    html`<section class="card">
<h1 id="event-name">${view.eventName}</h1>
<p class="meta" id="event-when">${spokenDateTime(view.eventDate, view.timezone, 'en')}</p>
</section>
<section class="card">
<h2>You are invited to the planning team</h2>
<p id="invitation-summary">${who} invited you to help plan ${view.eventName} as <strong id="invitation-role">${view.role}</strong>.</p>
${view.invitedEmail ? html`<p class="meta" id="invitation-address">Sent to ${view.invitedEmail}</p>` : ''}
${view.expiresAt ? html`<p class="meta" id="invitation-expires">You can accept it until ${spokenDateTime(view.expiresAt, view.timezone, 'en')}.</p>` : ''}
<a class="button" id="accept-link" href="${view.acceptUrl}" rel="noreferrer">Accept in the planning app</a>
<h2>How to accept</h2>
<ol>
<li>Open the planning app with the button above.</li>
<li>${view.invitedEmail
      ? html`Sign in with ${view.invitedEmail}, or if you have no account yet <a href="${view.appUrl}" rel="noreferrer" id="register-link">register</a> with that address.`
      : html`Sign in with the account this invitation was sent to (only that account can accept it).`}</li>
<li>The app accepts the invitation for the account you are signed in with. The link works once: please do not forward it.</li>
</ol>
</section>`,
  );
}
