import { publicOperation } from '#shared/http/group.ts';
import { ok } from '#shared/http/responses.ts';
import type { HttpResult, RequestInfo } from '#shared/http/types.ts';
import type { RsvpInput } from '#shared/domain/rsvp/rules.ts';
import { codeParam, guestAnswerBody, invitationCodeHeader } from '#shared/schemas/rsvp.ts';
import { announceOpen, answerInvitation, openInvitation, viewOf } from './invitation.ts';

/** The invitation and the answer so far; a first open goes on the bus (announceOpen). */
async function showInvitation(code: string, request: RequestInfo): Promise<HttpResult> {
  const now = new Date();
  const invitation = await openInvitation(code, request.sourceIp, now);
  const [view] = await Promise.all([viewOf(invitation, now), announceOpen(invitation, now, request.log)]);
  return ok(view);
}

/** The guest's answer. The same answer again changes nothing. */
async function answer(code: string, input: RsvpInput, request: RequestInfo): Promise<HttpResult> {
  const now = new Date();
  const invitation = await openInvitation(code, request.sourceIp, now);
  const { view, changed } = await answerInvitation(invitation, input, now);
  return ok({ ...view, answer_changed: changed });
}

/** GET /api/rsvp, the code in the Invitation-Code header. */
export const getInvitation = publicOperation({
  headers: invitationCodeHeader,
  handle: async ({ headers, request }) => showInvitation(headers['invitation-code'], request),
});

/** POST /api/rsvp, the code in the Invitation-Code header. */
export const answerInvitationRoute = publicOperation({
  headers: invitationCodeHeader,
  body: guestAnswerBody,
  handle: async ({ headers, body, request }) => answer(headers['invitation-code'], body, request),
});

/** GET /api/rsvp/{code}: deprecated (the code in the URL), kept until its sunset. */
export const getInvitationByPath = publicOperation({
  params: codeParam,
  handle: async ({ params, request }) => showInvitation(params.code, request),
});

/** POST /api/rsvp/{code}: deprecated (the code in the URL), kept until its sunset. */
export const answerInvitationByPath = publicOperation({
  params: codeParam,
  body: guestAnswerBody,
  handle: async ({ params, body, request }) => answer(params.code, body, request),
});
