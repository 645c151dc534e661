import { HttpError } from '#shared/http/errors.ts';
import { publicOperation } from '#shared/http/group.ts';
import type { RequestInfo } from '#shared/http/types.ts';
import { forgettingLinkSecret, htmlPage, linkOpening, mailedLinks, withLinkSecret } from '#shared/pages/mailed-link.ts';
import { renderProblemPage } from '#shared/pages/rsvp-page.ts';
import { renderEmailVerifiedPage, renderVerifyEmailPage } from '#shared/pages/verify-email-page.ts';
import { verifyEmailFormBody } from '#shared/schemas/auth.ts';
import { verifyEmail } from './email.ts';

/**
 * The link in the verification mail. The mailed /verify-email/{token} moves the token into the page's
 * cookie and redirects to /verify-email (shared/pages/mailed-link.ts). GET only shows the button (a
 * prefetching mail scanner must not verify anyone); the form's POST verifies. Every outcome is a page.
 */
function problemPage(error: unknown, request: RequestInfo) {
  if (error instanceof HttpError && error.statusCode < 500) {
    return htmlPage(error.statusCode, renderProblemPage('This link cannot be used', error.message));
  }
  request.log.error('verify-email page failed', { message: error instanceof Error ? error.message : String(error) });
  return htmlPage(500, renderProblemPage('Something went wrong', `Please try again later. Reference: ${request.requestId}`));
}

/** GET /verify-email/{token}: the verification mail's link. */
export const openVerifyEmailLink = linkOpening(mailedLinks.verifyEmail, 'token', 303);

/** POST /verify-email/{token}: the form of a page rendered before the cookie, sent on to POST /verify-email. */
export const forwardVerifyEmailForm = linkOpening(mailedLinks.verifyEmail, 'token', 307);

export const showVerifyEmailPage = publicOperation({
  handle: async ({ request }) => withLinkSecret(mailedLinks.verifyEmail, request, async () => htmlPage(200, renderVerifyEmailPage())),
});

export const submitVerifyEmailPage = publicOperation({
  body: verifyEmailFormBody,
  bodyType: 'form',
  handle: async ({ request }) => withLinkSecret(mailedLinks.verifyEmail, request, async (token) => {
    try {
      const verified = await verifyEmail(token);
      // Single use: the token is spent, so the cookie goes with it.
      return forgettingLinkSecret(mailedLinks.verifyEmail, htmlPage(200, renderEmailVerifiedPage(verified.email, verified.changed)));
    } catch (error) {
      return problemPage(error, request);
    }
  }),
});
