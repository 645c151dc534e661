import { httpGroup } from '#shared/http/group.ts';
import { answerInvitationByPath, answerInvitationRoute, getInvitation, getInvitationByPath } from './api.ts';
import { answerPartyInvitation, getPartyInvitation } from './party.ts';
import { downloadRsvpCalendar, forwardRsvpForm, openRsvpLink, showRsvpPage, submitRsvpPage } from './page.ts';

/**
 * The public rsvp group: the guest's page (/rsvp, opened by the mailed /rsvp/{code}) and the same as JSON
 * (/api/rsvp, the code in a header).
 */
export const handler = httpGroup('rsvp', {
  getInvitation,
  answerInvitation: answerInvitationRoute,
  getInvitationByPath,
  answerInvitationByPath,
  openRsvpLink,
  forwardRsvpForm,
  showRsvpPage,
  submitRsvpPage,
  downloadRsvpCalendar,
  getPartyInvitation,
  answerPartyInvitation,
});
