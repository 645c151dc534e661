import { HttpError } from '#shared/http/errors.ts';
import { publicOperation } from '#shared/http/group.ts';
import type { RequestInfo } from '#shared/http/types.ts';
import { fieldProblems } from '#shared/http/validate.ts';
import { htmlPage, linkOpening, mailedLinks, withLinkSecret } from '#shared/pages/mailed-link.ts';
import { type PageMessage, renderProblemPage, renderRsvpPage } from '#shared/pages/rsvp-page.ts';
import { rsvpAnswerBody, rsvpFormBody, rsvpPageQuery } from '#shared/schemas/rsvp.ts';
import { announceOpen, answerInvitation, type Invitation, openInvitation, viewOf } from './invitation.ts';

/**
 * The guest's page. The mailed /rsvp/{code} moves the code into the page's cookie and redirects to /rsvp
 * (shared/pages/mailed-link.ts); GET and POST /rsvp read it. Every outcome is a page (never a JSON
 * problem): a refused answer shows the page again with the reason, a saved one redirects (303) to the
 * page, so reloading it never posts twice.
 */
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

/** GET /rsvp/{code}: the invitation's link. */
export const openRsvpLink = linkOpening(mailedLinks.rsvp, 'code', 303);

/** POST /rsvp/{code}: the form of a page rendered before the cookie, sent on to POST /rsvp. */
export const forwardRsvpForm = linkOpening(mailedLinks.rsvp, 'code', 307);

export const showRsvpPage = publicOperation({
  query: rsvpPageQuery,
  handle: async ({ query, request }) => withLinkSecret(mailedLinks.rsvp, request, async (code) => {
    const now = new Date();
    try {
      const invitation = await openInvitation(code, request.sourceIp, now);
      const [view] = await Promise.all([viewOf(invitation, now), announceOpen(invitation, now, request.log)]);
      return htmlPage(200, renderRsvpPage(view, query.answered ? SAVED : undefined));
    } catch (error) {
      return problemPage(error, request);
    }
  }),
});

export const submitRsvpPage = publicOperation({
  body: rsvpFormBody,
  bodyType: 'form',
  handle: async ({ body, request }) => withLinkSecret(mailedLinks.rsvp, request, async (code) => {
    const now = new Date();
    let invitation: Invitation | null = null;
    try {
      invitation = await openInvitation(code, request.sourceIp, now);
      const parsed = rsvpAnswerBody.safeParse(body);
      if (!parsed.success) {
        const problems = fieldProblems(parsed.error).map((problem) => `${problem.path}: ${problem.message}`).join('; ');
        return htmlPage(400, renderRsvpPage(await viewOf(invitation, now), { kind: 'problem', text: `Please check your answer (${problems}).` }));
      }
      await answerInvitation(invitation, parsed.data, now);
      return htmlPage(303, '', { Location: `${mailedLinks.rsvp.page}?answered=1` });
    } catch (error) {
      if (invitation && error instanceof HttpError && (error.statusCode === 409 || error.statusCode === 400)) {
        return htmlPage(error.statusCode, renderRsvpPage(await viewOf(invitation, now), { kind: 'problem', text: refusal(error) }));
      }
      return problemPage(error, request);
    }
  }),
});

function refusal(error: HttpError): string {
  if (error.code === 'capacity_exceeded') return 'Sorry, the event is full: there is no seat for this answer.';
  if (error.code === 'rsvp_closed') return 'Answers are closed; contact your host to change anything.';
  const details = error.extra.errors?.map((problem) => problem.message).join('; ');
  return details ? `Please check your answer: ${details}.` : error.message;
}
