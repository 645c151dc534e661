import { httpGroup } from '#shared/http/group.ts';
import { acceptTeamInvitation } from './accept.ts';
import { addTeamMember } from './add.ts';
import { removeTeamMember, updateTeamMember } from './change.ts';
import { openTeamInvitationLink, showTeamInvitationPage } from './invitation-page.ts';
import { listTeamMembers } from './list.ts';
import { setTeamMfaRequirement } from './mfa-requirement.ts';
import { transferEventOwnership } from './transfer.ts';

/** The team group: one Lambda for the team routes (see shared/routes.ts). */
export const handler = httpGroup('team', {
  listTeamMembers,
  addTeamMember,
  acceptTeamInvitation,
  openTeamInvitationLink,
  showTeamInvitationPage,
  updateTeamMember,
  removeTeamMember,
  transferEventOwnership,
  setTeamMfaRequirement,
});
