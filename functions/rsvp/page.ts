import { HttpError } from '#shared/http/errors.ts';
import { publicOperation } from '#shared/http/group.ts';
import type { RequestInfo } from '#shared/http/types.ts';
import { reasonedFieldProblems } from '#shared/http/validate.ts';
import { chooseLanguage, type Language } from '#shared/i18n/languages.ts';
import { messagesFor } from '#shared/i18n/messages.ts';
import { memberProblems, placesOf, problemText, refusal } from '#shared/pages/guest-problems.ts';
import type { PartyInvitationView } from '#shared/domain/rsvp/view.ts';
import { htmlPage, linkOpening, mailedLinks, withLinkSecret } from '#shared/pages/mailed-link.ts';
import { type CheckInPass, renderProblemPage, renderRsvpPage } from '#shared/pages/rsvp-page.ts';
import { checkInQrSvg } from '#shared/pages/check-in-qr.ts';
import { guestAnswerBody, rsvpFormBody, rsvpPageQuery } from '#shared/schemas/rsvp.ts';
import { partyForm, rsvpPageFormBody } from '#shared/schemas/party-form.ts';
import { partyAnswerBody } from '#shared/schemas/parties.ts';
import type { PartyState } from '#shared/data/parties/answers.ts';
import type { Problem } from '#shared/domain/questions/definitions.ts';
import { renderPartyPage } from '#shared/pages/party-page.ts';
import { announceOpen, answerInvitation, type GuestInvitationView, type Invitation, openInvitation, openPageInvitation, viewOf } from './invitation.ts';
import { guestSubEvents } from '#shared/data/sub-events/answers.ts';
import { answerPartyFromLink, partyReads, partyView } from './party.ts';
import { text } from '#shared/http/responses.ts';

/**
 * The guest's page. The mailed /rsvp/{code} moves the code into the page's cookie and redirects to /rsvp
 * (shared/pages/mailed-link.ts); GET and POST /rsvp read it. Every outcome is a page (never a JSON
 * problem): a refused answer shows the page again with the reason, a saved one redirects (303) to the
 * page, so reloading it never posts twice. The page speaks the guest's language, else the event's, else
 * the browser's (Accept-Language); a page without an invitation (unknown code, too many requests) the browser's.
 */
const languageOf = (request: RequestInfo, invitation?: Invitation | null): Language =>
  chooseLanguage({ guest: invitation?.guest.language, event: invitation?.event.default_language, acceptLanguage: request.headers['accept-language'] });

/** A party's page speaks the first member's language (in the party's order) that is set, else the event's, else the browser's. */
const partyLanguageOf = (request: RequestInfo, { event, members }: PartyState): Language =>
  chooseLanguage({ guest: members.find((member) => member.language)?.language, event: event.default_language, acceptLanguage: request.headers['accept-language'] });

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

/** An attending guest's check-in code (the view has it) and its QR code, shown on their page (docs/check-in.md); nobody else's. */
async function checkInPassOf(view: GuestInvitationView): Promise<CheckInPass | undefined> {
  return view.check_in_code ? { code: view.check_in_code, qrSvg: await checkInQrSvg(view.check_in_code) } : undefined;
}

export const showRsvpPage = publicOperation({
  query: rsvpPageQuery,
  handle: async ({ query, request }) => withLinkSecret(mailedLinks.rsvp, request, async (code) => {
    const now = new Date();
    try {
      const opened = await openPageInvitation(code, request.sourceIp, now);
      if (opened.kind === 'party') return await showPartyPage(opened.state, request, now, query.answered ? 'saved' : undefined);
      const { invitation } = opened;
      const [view] = await Promise.all([viewOf(invitation, now), announceOpen(invitation, now, request.log)]);
      const language = languageOf(request, invitation);
      return htmlPage(200, renderRsvpPage(view, language, query.answered ? { kind: 'saved', text: messagesFor(language).page.saved } : undefined, await checkInPassOf(view)));
    } catch (error) {
      return problemPage(error, request);
    }
  }),
});

/** A party's page: every member and one form for all (shared/pages/party-page.ts). */
async function showPartyPage(state: PartyState, request: RequestInfo, now: Date, saved?: 'saved') {
  const language = partyLanguageOf(request, state);
  const message = saved ? { kind: 'saved' as const, text: messagesFor(language).party.saved } : undefined;
  const { questions, subEvents } = await partyReads(state);
  return htmlPage(200, renderPartyPage(partyView(state, questions, now, subEvents), language, message));
}

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
      const [{ subEvents, invitations }, { guestCalendar }] = await Promise.all([guestSubEvents(invitation.event, invitation.guest.id), calendarWriter()]);
      const result = text(200, guestCalendar(invitation.event, invitation.guest, subEvents, invitations), 'text/calendar; charset=utf-8');
      return { ...result, headers: { ...result.headers, 'Content-Disposition': 'attachment; filename="invitation.ics"', 'Cache-Control': 'no-store' } };
    } catch (error) {
      return problemPage(error, request);
    }
  }),
});

export const submitRsvpPage = publicOperation({
  body: rsvpPageFormBody,
  bodyType: 'form',
  handle: async ({ body, request }) => withLinkSecret(mailedLinks.rsvp, request, async (code) => {
    const now = new Date();
    let invitation: Invitation | null = null;
    try {
      const opened = await openPageInvitation(code, request.sourceIp, now);
      if (opened.kind === 'party') return await submitPartyPage(opened.state, body, request, now);
      invitation = opened.invitation;
      const language = languageOf(request, invitation);
      const parsed = guestAnswerBody.safeParse(rsvpFormBody.parse(body));
      if (!parsed.success) {
        const view = await viewOf(invitation, now);
        const words = messagesFor(language);
        const problems = reasonedFieldProblems(parsed.error).map((problem) => problemText(problem, placesOf(view), words)).join('; ');
        return htmlPage(400, renderRsvpPage(view, language, { kind: 'problem', text: words.page.checkAnswer(problems) }));
      }
      await answerInvitation(invitation, parsed.data, now);
      return htmlPage(303, '', { Location: `${mailedLinks.rsvp.page}?answered=1` });
    } catch (error) {
      if (invitation && error instanceof HttpError && (error.statusCode === 409 || error.statusCode === 400)) {
        const language = languageOf(request, invitation);
        const view = await viewOf(invitation, now);
        return htmlPage(error.statusCode, renderRsvpPage(view, language, { kind: 'problem', text: refusal(error, messagesFor(language), placesOf(view)) }));
      }
      return problemPage(error, request);
    }
  }),
});

/**
 * A party's form: one answer for every member, recorded as POST /api/party-rsvp records it. A refusal
 * shows the page again (the answers as stored) saying why in the party's language, each problem named by
 * the member's name rather than the field's path; a saved answer redirects (303) to the page.
 */
async function submitPartyPage(state: PartyState, form: Record<string, string>, request: RequestInfo, now: Date) {
  const language = partyLanguageOf(request, state);
  const words = messagesFor(language);
  // A refusal shows the page of the answers as stored (a refused answer changed nothing), its problems named by the page's own labels.
  const refuse = async (status: number, text: (view: PartyInvitationView) => string) => {
    const { questions, subEvents } = await partyReads(state);
    const view = partyView(state, questions, now, subEvents);
    return htmlPage(status, renderPartyPage(view, language, { kind: 'problem', text: text(view) }));
  };
  const posted = partyForm(form);
  const named = (problems: Problem[]) => (view: PartyInvitationView) => words.page.checkAnswer(memberProblems(view, posted.members.map((member) => member.guest_id), problems, words));
  const parsed = partyAnswerBody.safeParse(posted);
  if (!parsed.success) return refuse(400, named(reasonedFieldProblems(parsed.error)));
  const result = await answerPartyFromLink(state, parsed.data, now);
  if (result.outcome === 'closed') return refuse(409, () => words.page.closedRefusal);
  if (result.outcome === 'capacity_exceeded') {
    const full = result.subEventTitles.length > 0 ? words.refusals.subEventsFull(result.subEventTitles.join(', ')) : words.party.full;
    return refuse(409, () => full);
  }
  if (result.outcome === 'invalid') return refuse(400, named(result.problems));
  return htmlPage(303, '', { Location: `${mailedLinks.rsvp.page}?answered=1` });
}
