import { markInvitationOpened } from '#shared/data/invitations/codes.ts';
import { HttpError } from '#shared/http/errors.ts';
import { publicOperation } from '#shared/http/group.ts';
import { text } from '#shared/http/responses.ts';
import type { RequestInfo } from '#shared/http/types.ts';
import { fieldProblems } from '#shared/http/validate.ts';
import { type PageMessage, renderProblemPage, renderRsvpPage } from '#shared/pages/rsvp-page.ts';
import { codeParam, rsvpAnswerBody, rsvpFormBody, rsvpPageQuery } from '#shared/schemas/rsvp.ts';
import { answerInvitation, type Invitation, openInvitation, viewOf } from './invitation.ts';

/**
 * GET and POST /rsvp/{code}: the guest's page. Every outcome is a page (never a JSON problem): a refused
 * answer shows the page again with the reason, a saved one redirects (303) to the page, so reloading it
 * never posts twice. Personal pages: not cached, no referrer (the code is in the URL).
 */
const pageHeaders = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' };

const htmlPage = (statusCode: number, body: string, headers: Record<string, string> = {}) => {
  const result = text(statusCode, body, 'text/html; charset=utf-8');
  return { ...result, headers: { ...result.headers, ...pageHeaders, ...headers } };
};

const SAVED: PageMessage = { kind: 'saved', text: 'Thank you, your answer is saved.' };

/** A failure as a page: unknown code, too many requests, or (logged) something on our side. */
function problemPage(error: unknown, request: RequestInfo) {
  if (error instanceof HttpError && error.statusCode === 404) {
    return htmlPage(404, renderProblemPage('Invitation not found', 'This link does not match an invitation. Check the link in your email, or ask your host for a new one.'));
  }
  if (error instanceof HttpError && error.statusCode === 429) {
    return htmlPage(429, renderProblemPage('Please wait a moment', 'There have been too many requests from your network. Try again in a few minutes.'), error.extra.headers);
  }
  if (error instanceof HttpError && error.statusCode < 500) throw error;
  request.log.error('rsvp page failed', { message: error instanceof Error ? error.message : String(error) });
  return htmlPage(500, renderProblemPage('Something went wrong', `Please try again later. Reference: ${request.requestId}`));
}

export const showRsvpPage = publicOperation({
  params: codeParam,
  query: rsvpPageQuery,
  handle: async ({ params, query, request }) => {
    const now = new Date();
    try {
      const invitation = await openInvitation(params.code, request.sourceIp, now);
      const [view] = await Promise.all([
        viewOf(invitation, now),
        invitation.guest.opened_at ? null : markInvitationOpened(invitation.event.id, invitation.guest.id, now),
      ]);
      return htmlPage(200, renderRsvpPage(view, params.code, query.answered ? SAVED : undefined));
    } catch (error) {
      return problemPage(error, request);
    }
  },
});

export const submitRsvpPage = publicOperation({
  params: codeParam,
  body: rsvpFormBody,
  bodyType: 'form',
  handle: async ({ params, body, request }) => {
    const now = new Date();
    let invitation: Invitation | null = null;
    try {
      invitation = await openInvitation(params.code, request.sourceIp, now);
      const parsed = rsvpAnswerBody.safeParse(body);
      if (!parsed.success) {
        const problems = fieldProblems(parsed.error).map((problem) => `${problem.path}: ${problem.message}`).join('; ');
        return htmlPage(400, renderRsvpPage(await viewOf(invitation, now), params.code, { kind: 'problem', text: `Please check your answer (${problems}).` }));
      }
      await answerInvitation(invitation, parsed.data, now);
      return htmlPage(303, '', { Location: `/rsvp/${encodeURIComponent(params.code)}?answered=1` });
    } catch (error) {
      if (invitation && error instanceof HttpError && (error.statusCode === 409 || error.statusCode === 400)) {
        return htmlPage(error.statusCode, renderRsvpPage(await viewOf(invitation, now), params.code, { kind: 'problem', text: refusal(error) }));
      }
      return problemPage(error, request);
    }
  },
});

function refusal(error: HttpError): string {
  if (error.code === 'capacity_exceeded') return 'Sorry, the event is full: there is no seat for this answer.';
  if (error.code === 'rsvp_closed') return 'Answers are closed; contact your host to change anything.';
  const details = error.extra.errors?.map((problem) => problem.message).join('; ');
  return details ? `Please check your answer: ${details}.` : error.message;
}
