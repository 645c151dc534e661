import { HttpError } from '#shared/http/errors.ts';
import { publicOperation } from '#shared/http/group.ts';
import type { RequestInfo } from '#shared/http/types.ts';
import { fieldProblems } from '#shared/http/validate.ts';
import { chooseLanguage, type Language } from '#shared/i18n/languages.ts';
import { messagesFor } from '#shared/i18n/messages.ts';
import { htmlPage, linkOpening, mailedLinks, withLinkSecret } from '#shared/pages/mailed-link.ts';
import { type CheckInPass, renderProblemPage, renderRsvpPage } from '#shared/pages/rsvp-page.ts';
import { currentCheckInCode } from '#shared/auth/check-in-code-key.ts';
import { checkInQrSvg } from '#shared/pages/check-in-qr.ts';
import { guestAnswerBody, rsvpFormBody, rsvpPageQuery } from '#shared/schemas/rsvp.ts';
import { text } from '#shared/http/responses.ts';
import { announceOpen, answerInvitation, type Invitation, openInvitation, subEventsOf, viewOf } from './invitation.ts';

/**
 * The guest's page. The mailed /rsvp/{code} moves the code into the page's cookie and redirects to /rsvp
 * (shared/pages/mailed-link.ts); GET and POST /rsvp read it. Every outcome is a page (never a JSON
 * problem): a refused answer shows the page again with the reason, a saved one redirects (303) to the
 * page, so reloading it never posts twice. The page speaks the guest's language, else the event's, else
 * the browser's (Accept-Language); a page without an invitation (unknown code, too many requests) the browser's.
 */
const languageOf = (request: RequestInfo, invitation?: Invitation | null): Language =>
  chooseLanguage({ guest: invitation?.guest.language, event: invitation?.event.default_language, acceptLanguage: request.headers['accept-language'] });

/** A failure as a page: unknown code, too many requests, or (logged) something on our side. */
function problemPage(error: unknown, request: RequestInfo) {
  const language = languageOf(request);
  const { page: words } = messagesFor(language);
  if (error instanceof HttpError && error.statusCode === 404) return htmlPage(404, renderProblemPage(words.notFound.title, words.notFound.text, language));
  if (error instanceof HttpError && error.statusCode === 429) {
    return htmlPage(429, renderProblemPage(words.tooMany.title, words.tooMany.text, language), error.extra.headers);
  }
  if (error instanceof HttpError && error.statusCode < 500) throw error;
  request.log.error('rsvp page failed', { message: error instanceof Error ? error.message : String(error) });
  return htmlPage(500, renderProblemPage(words.failed.title, words.failed.text(request.requestId), language));
}

/** GET /rsvp/{code}: the invitation's link. */
export const openRsvpLink = linkOpening(mailedLinks.rsvp, 'code', 303);

/** POST /rsvp/{code}: the form of a page rendered before the cookie, sent on to POST /rsvp. */
export const forwardRsvpForm = linkOpening(mailedLinks.rsvp, 'code', 307);

/** An attending guest's check-in code and its QR code, shown on their page (docs/check-in.md); nobody else's. */
async function checkInPassOf({ guest }: Invitation): Promise<CheckInPass | undefined> {
  if (guest.rsvp_status !== 'yes') return undefined;
  const code = await currentCheckInCode(guest);
  return { code, qrSvg: await checkInQrSvg(code) };
}

export const showRsvpPage = publicOperation({
  query: rsvpPageQuery,
  handle: async ({ query, request }) => withLinkSecret(mailedLinks.rsvp, request, async (code) => {
    const now = new Date();
    try {
      const invitation = await openInvitation(code, request.sourceIp, now);
      const [view, pass] = await Promise.all([viewOf(invitation, now), checkInPassOf(invitation), announceOpen(invitation, now, request.log)]);
      const language = languageOf(request, invitation);
      return htmlPage(200, renderRsvpPage(view, language, query.answered ? { kind: 'saved', text: messagesFor(language).page.saved } : undefined, pass));
    } catch (error) {
      return problemPage(error, request);
    }
  }),
});

/** The calendar writer (ical-generator) is loaded by the calendar route only, out of the page's cold start. */
const calendarWriter = () => import('#shared/domain/sub-events/calendar.ts');

/**
 * GET /rsvp/calendar.ics: the guest's own calendar, read with the page's cookie (a link on the page): one
 * VEVENT per sub-event they attend, and the event while they attend it (docs/sub-events.md).
 */
export const downloadRsvpCalendar = publicOperation({
  handle: async ({ request }) => withLinkSecret(mailedLinks.rsvp, request, async (code) => {
    const now = new Date();
    try {
      const invitation = await openInvitation(code, request.sourceIp, now);
      const [{ subEvents, invitations }, { guestCalendar }] = await Promise.all([subEventsOf(invitation.event, invitation.guest.id), calendarWriter()]);
      const result = text(200, guestCalendar(invitation.event, invitation.guest, subEvents, invitations), 'text/calendar; charset=utf-8');
      return { ...result, headers: { ...result.headers, 'Content-Disposition': 'attachment; filename="invitation.ics"', 'Cache-Control': 'no-store' } };
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
      const language = languageOf(request, invitation);
      const parsed = guestAnswerBody.safeParse(body);
      if (!parsed.success) {
        const problems = fieldProblems(parsed.error).map((problem) => `${problem.path}: ${problem.message}`).join('; ');
        return htmlPage(400, renderRsvpPage(await viewOf(invitation, now), language, { kind: 'problem', text: messagesFor(language).page.checkAnswer(problems) }));
      }
      await answerInvitation(invitation, parsed.data, now);
      return htmlPage(303, '', { Location: `${mailedLinks.rsvp.page}?answered=1` });
    } catch (error) {
      if (invitation && error instanceof HttpError && (error.statusCode === 409 || error.statusCode === 400)) {
        const language = languageOf(request, invitation);
        return htmlPage(error.statusCode, renderRsvpPage(await viewOf(invitation, now), language, { kind: 'problem', text: refusal(error, language) }));
      }
      return problemPage(error, request);
    }
  }),
});

function refusal(error: HttpError, language: Language): string {
  const { page: words } = messagesFor(language);
  if (error.code === 'capacity_exceeded') return words.full;
  if (error.code === 'rsvp_closed') return words.closedRefusal;
  if (error.code === 'duplicate_guest') return words.emailTaken;
  const details = error.extra.errors?.map((problem) => problem.message).join('; ');
  return details ? words.checkAnswer(details) : error.message;
}
