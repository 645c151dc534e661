import { invitationRowFieldAreas } from './fields.ts';
import { type Rights, withoutHiddenFields } from './rights.ts';

/**
 * A delivery row of `GET /api/events/{id}/invitations` as the caller may see it: without guests read, the
 * row keeps its delivery facts (status, sent, opened, bounced) but not who the guest is or what they
 * answered.
 */
export const visibleInvitationRow = <T extends Record<string, unknown>>(row: T, rights: Rights): Partial<T> =>
  withoutHiddenFields(row, invitationRowFieldAreas, rights);
