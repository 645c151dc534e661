import { HttpError } from '#shared/http/errors.ts';
import { publicOperation } from '#shared/http/group.ts';
import { text } from '#shared/http/responses.ts';
import type { RequestInfo } from '#shared/http/types.ts';
import { renderProblemPage } from '#shared/pages/rsvp-page.ts';
import { renderEmailVerifiedPage, renderVerifyEmailPage } from '#shared/pages/verify-email-page.ts';
import { verifyEmailFormBody, verifyEmailParams } from '#shared/schemas/auth.ts';
import { verifyEmail } from './email.ts';

/**
 * GET and POST /verify-email/{token}: the link in the verification mail. GET only shows the button (a
 * prefetching mail scanner must not verify anyone); the form's POST verifies. Every outcome is a page.
 * Not cached, no referrer: the token is in the URL.
 */
const pageHeaders = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' };

const htmlPage = (statusCode: number, body: string) => {
  const result = text(statusCode, body, 'text/html; charset=utf-8');
  return { ...result, headers: { ...result.headers, ...pageHeaders } };
};

function problemPage(error: unknown, request: RequestInfo) {
  if (error instanceof HttpError && error.statusCode < 500) {
    return htmlPage(error.statusCode, renderProblemPage('This link cannot be used', error.message));
  }
  request.log.error('verify-email page failed', { message: error instanceof Error ? error.message : String(error) });
  return htmlPage(500, renderProblemPage('Something went wrong', `Please try again later. Reference: ${request.requestId}`));
}

export const showVerifyEmailPage = publicOperation({
  params: verifyEmailParams,
  handle: async ({ params }) => htmlPage(200, renderVerifyEmailPage(params.token)),
});

export const submitVerifyEmailPage = publicOperation({
  params: verifyEmailParams,
  body: verifyEmailFormBody,
  bodyType: 'form',
  handle: async ({ params, request }) => {
    try {
      const verified = await verifyEmail(params.token);
      return htmlPage(200, renderEmailVerifiedPage(verified.email, verified.changed));
    } catch (error) {
      return problemPage(error, request);
    }
  },
});
