import { markInvitationOpened } from '#shared/data/invitations/codes.ts';
import { publicOperation } from '#shared/http/group.ts';
import { ok } from '#shared/http/responses.ts';
import { codeParam, rsvpAnswerBody } from '#shared/schemas/rsvp.ts';
import { answerInvitation, openInvitation, viewOf } from './invitation.ts';

/** GET /api/rsvp/{code}: the invitation and the answer so far. Marks the invitation opened, nothing else. */
export const getInvitation = publicOperation({
  params: codeParam,
  handle: async ({ params, request }) => {
    const now = new Date();
    const invitation = await openInvitation(params.code, request.sourceIp, now);
    const [view] = await Promise.all([
      viewOf(invitation, now),
      invitation.guest.opened_at ? null : markInvitationOpened(invitation.event.id, invitation.guest.id, now),
    ]);
    return ok(view);
  },
});

/** POST /api/rsvp/{code}: the guest's answer. The same answer again changes nothing. */
export const answerInvitationRoute = publicOperation({
  params: codeParam,
  body: rsvpAnswerBody,
  handle: async ({ params, body, request }) => {
    const now = new Date();
    const invitation = await openInvitation(params.code, request.sourceIp, now);
    const { view, changed } = await answerInvitation(invitation, body, now);
    return ok({ ...view, answer_changed: changed });
  },
});
