import { loadEventAccess } from '#shared/data/event-access.ts';
import { operation } from '#shared/http/group.ts';
import { createdMany } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { addGuestsBody } from '#shared/schemas/guests.ts';
import { addGuests } from './add-guests.ts';
import { presentWithInvitation } from './present.ts';

/** POST /api/events/{id}/guests: up to 1,000 guests; answers each with its code and link, shown this once. */
export const addGuestsRoute = operation({
  params: idParam,
  body: addGuestsBody,
  session: 'with-first-read',
  // Answers carry invitation codes shown once; a repeat is safe anyway (emails are claimed per event).
  idempotency: 'not-stored',
  handle: async ({ params, body, caller }) => {
    await loadEventAccess(caller, params.id, 'guests', 'write');
    const { added, skipped } = await addGuests(params.id, body.guest_list, caller.userId, new Date());
    return createdMany(
      added.map(({ guest, code }) => presentWithInvitation(guest, code)),
      // Invitations are sent by the invitations routes; nothing is queued from here yet.
      { added: added.length, skipped, invitations_queued: 0 },
      `/api/events/${params.id}/guests`,
    );
  },
});
