import { accountTokenIsLive } from '#shared/data/accounts/account-mail.ts';
import { sha256 } from '#shared/auth/tokens.ts';
import { parseResetToken } from '#shared/domain/accounts/password-reset.ts';
import { HttpError } from '#shared/http/errors.ts';
import { publicOperation } from '#shared/http/group.ts';
import { text } from '#shared/http/responses.ts';
import type { RequestInfo } from '#shared/http/types.ts';
import { fieldProblems } from '#shared/http/validate.ts';
import { renderResetDone, renderResetForm, renderResetRefused } from '#shared/pages/password-reset-page.ts';
import { newPasswordRule, resetFormBody, resetTokenParam } from '#shared/schemas/auth.ts';
import { resetPassword } from './passwords.ts';

/**
 * GET and POST /password/reset/{token}: the page a reset mail links to. Every outcome is a page, never
 * a JSON problem. Not cached, no referrer: the token is in the URL.
 */
const pageHeaders = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' };

const htmlPage = (statusCode: number, body: string) => {
  const result = text(statusCode, body, 'text/html; charset=utf-8');
  return { ...result, headers: { ...result.headers, ...pageHeaders } };
};

const REFUSED = 'It was used already, has expired (links work for 30 minutes), or a newer one was sent. Ask for a new link from the sign-in page.';

/** Whether the token is the live one of its account (so the form is shown only when it can work). */
async function tokenIsLive(token: string, now: Date): Promise<boolean> {
  const parsed = parseResetToken(token);
  return parsed !== null && accountTokenIsLive(parsed.userId, 'password_reset', sha256(token), now);
}

function failurePage(error: unknown, request: RequestInfo, token: string) {
  if (error instanceof HttpError && error.code === 'invalid_reset_token') return htmlPage(400, renderResetRefused(REFUSED));
  if (error instanceof HttpError && error.statusCode === 400) {
    const details = error.extra.errors?.map((problem) => problem.message).join('; ') ?? error.message;
    return htmlPage(400, renderResetForm(token, details));
  }
  request.log.error('password reset page failed', { message: error instanceof Error ? error.message : String(error) });
  return htmlPage(500, renderResetRefused(`Something went wrong on our side; please try again later. Reference: ${request.requestId}`));
}

export const showPasswordResetPage = publicOperation({
  params: resetTokenParam,
  handle: async ({ params, request }) => {
    try {
      if (!(await tokenIsLive(params.token, new Date()))) return htmlPage(400, renderResetRefused(REFUSED));
      return htmlPage(200, renderResetForm(params.token));
    } catch (error) {
      return failurePage(error, request, params.token);
    }
  },
});

export const submitPasswordResetPage = publicOperation({
  params: resetTokenParam,
  body: resetFormBody,
  bodyType: 'form',
  handle: async ({ params, body, request }) => {
    try {
      if (body.new_password !== body.confirm_password) return htmlPage(400, renderResetForm(params.token, 'The two passwords are not the same.'));
      const checked = newPasswordRule.safeParse(body.new_password);
      if (!checked.success) return htmlPage(400, renderResetForm(params.token, fieldProblems(checked.error).map((problem) => problem.message).join('; ')));
      await resetPassword(params.token, body.new_password);
      return htmlPage(200, renderResetDone());
    } catch (error) {
      return failurePage(error, request, params.token);
    }
  },
});
