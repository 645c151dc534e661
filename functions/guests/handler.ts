import { httpGroup } from '#shared/http/group.ts';
import { addGuestsRoute } from './add.ts';
import { checkIn, listCheckIns, reissueCheckInCode, uploadCheckIns } from './check-ins.ts';
import { recordGuestRsvp, reissueInvitationLink } from './answers.ts';
import { exportGuests, importGuests } from './csv.ts';
import { deleteGuest, getGuest, updateGuest } from './edit.ts';
import { getGuestImport } from './import-job.ts';
import { listGuests } from './list.ts';
import { createParty, deleteParty, getParty, listParties, recordPartyAnswer, updateParty } from './parties.ts';
import { reissuePartyInvitationLink } from './party-link.ts';
import { purgeGuests } from './purge.ts';
import { subEventOperations } from './sub-events.ts';
import { createEventQuestion, deleteEventQuestion, exportQuestionSummary, listEventQuestions, updateEventQuestion } from './questions.ts';

/** The guests group: one Lambda for the guest-list routes (see shared/routes.ts). */
export const handler = httpGroup('guests', {
  listGuests,
  addGuests: addGuestsRoute,
  importGuests,
  exportGuests,
  getGuestImport,
  getGuest,
  updateGuest,
  deleteGuest,
  reissueInvitationLink,
  recordGuestRsvp,
  purgeGuests,
  listEventQuestions,
  createEventQuestion,
  exportQuestionSummary,
  updateEventQuestion,
  deleteEventQuestion,
  createParty,
  listParties,
  getParty,
  updateParty,
  deleteParty,
  recordPartyAnswer,
  reissuePartyInvitationLink,
  checkIn,
  uploadCheckIns,
  listCheckIns,
  reissueCheckInCode,
  ...subEventOperations,
});
