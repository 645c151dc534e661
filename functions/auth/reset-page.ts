import { accountTokenIsLive } from '#shared/data/accounts/account-mail.ts';
import { sha256 } from '#shared/auth/tokens.ts';
import { parseResetToken } from '#shared/domain/accounts/password-reset.ts';
import { HttpError } from '#shared/http/errors.ts';
import { publicOperation } from '#shared/http/group.ts';
import type { RequestInfo } from '#shared/http/types.ts';
import { fieldProblems } from '#shared/http/validate.ts';
import { forgettingLinkSecret, htmlPage, linkOpening, mailedLinks, withLinkSecret } from '#shared/pages/mailed-link.ts';
import { renderResetDone, renderResetForm, renderResetRefused } from '#shared/pages/password-reset-page.ts';
import { newPasswordRule, resetFormBody } from '#shared/schemas/auth.ts';
import { resetPassword } from './passwords.ts';

/**
 * The page a reset mail links to. The mailed /password/reset/{token} moves the token into the page's
 * cookie and redirects to /password/reset (shared/pages/mailed-link.ts); GET and POST /password/reset
 * read it. Every outcome is a page, never a JSON problem.
 */
const REFUSED = 'It was used already, has expired (links work for 30 minutes), or a newer one was sent. Ask for a new link from the sign-in page.';

/** Whether the token is the live one of its account (so the form is shown only when it can work). */
async function tokenIsLive(token: string, now: Date): Promise<boolean> {
  const parsed = parseResetToken(token);
  return parsed !== null && accountTokenIsLive(parsed.userId, 'password_reset', sha256(token), now);
}

function failurePage(error: unknown, request: RequestInfo) {
  if (error instanceof HttpError && error.code === 'invalid_reset_token') return htmlPage(400, renderResetRefused(REFUSED));
  if (error instanceof HttpError && error.statusCode === 400) {
    const details = error.extra.errors?.map((problem) => problem.message).join('; ') ?? error.message;
    return htmlPage(400, renderResetForm(details));
  }
  request.log.error('password reset page failed', { message: error instanceof Error ? error.message : String(error) });
  return htmlPage(500, renderResetRefused(`Something went wrong on our side; please try again later. Reference: ${request.requestId}`));
}

/** GET /password/reset/{token}: the reset mail's link. */
export const openPasswordResetLink = linkOpening(mailedLinks.passwordReset, 'token', 303);

/** POST /password/reset/{token}: the form of a page rendered before the cookie, sent on to POST /password/reset. */
export const forwardPasswordResetForm = linkOpening(mailedLinks.passwordReset, 'token', 307);

export const showPasswordResetPage = publicOperation({
  handle: async ({ request }) => withLinkSecret(mailedLinks.passwordReset, request, async (token) => {
    try {
      if (!(await tokenIsLive(token, new Date()))) return htmlPage(400, renderResetRefused(REFUSED));
      return htmlPage(200, renderResetForm());
    } catch (error) {
      return failurePage(error, request);
    }
  }),
});

export const submitPasswordResetPage = publicOperation({
  body: resetFormBody,
  bodyType: 'form',
  handle: async ({ body, request }) => withLinkSecret(mailedLinks.passwordReset, request, async (token) => {
    try {
      if (body.new_password !== body.confirm_password) return htmlPage(400, renderResetForm('The two passwords are not the same.'));
      const checked = newPasswordRule.safeParse(body.new_password);
      if (!checked.success) return htmlPage(400, renderResetForm(fieldProblems(checked.error).map((problem) => problem.message).join('; ')));
      await resetPassword(token, body.new_password);
      // Single use: the token is spent, so the cookie goes with it.
      return forgettingLinkSecret(mailedLinks.passwordReset, htmlPage(200, renderResetDone()));
    } catch (error) {
      return failurePage(error, request);
    }
  }),
});
