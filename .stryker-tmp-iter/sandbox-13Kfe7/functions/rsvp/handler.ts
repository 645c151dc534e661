// @ts-nocheck
import { httpGroup } from '#shared/http/group.ts';
import { answerInvitationRoute, getInvitation } from './api.ts';
import { showRsvpPage, submitRsvpPage } from './page.ts';

/** The public rsvp group: the guest's page (/rsvp/{code}) and the same as JSON (/api/rsvp/{code}). */
export const handler = httpGroup('rsvp', {
  getInvitation,
  answerInvitation: answerInvitationRoute,
  showRsvpPage,
  submitRsvpPage,
});
