import { loadEventAccess } from '#shared/data/events/access.ts';
import { batchGetAll } from '#shared/data/collection.ts';
import { guestFromItem, listAllGuests } from '#shared/data/guests/reads.ts';
import { getInvitationBatch, listBatchRowPage, listInvitationBatchPage } from '#shared/data/invitations/rows.ts';
import { childKeys } from '#shared/data/keys.ts';
import { sendInstant } from '#shared/domain/invitations/send-date.ts';
import { NotFoundError, UnsafeLinkError, ValidationError } from '#shared/http/errors.ts';
import { loadSender } from '#shared/data/accounts/sending-quota.ts';
import { unsafeTemplateLinks } from '#shared/domain/invitations/template-links.ts';
import { operation } from '#shared/http/group.ts';
import { accepted, list } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { listInvitationsQuery, sendInvitationsBody } from '#shared/schemas/invitations.ts';
import { visibleInvitationRow } from '#shared/domain/visibility/invitations.ts';
import { presentBatch, presentRow } from './present.ts';
import { queueInvitations } from '#shared/data/invitations/queue.ts';

/**
 * POST: records the batch and answers 202; the outbox sender (every minute, or at `send_date`) emails.
 * The answer holds no secret, so a repeated Idempotency-Key replays it instead of queueing twice.
 */
export const sendInvitations = operation({
  params: idParam,
  body: sendInvitationsBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller }) => {
    const { event } = await loadEventAccess(caller, params.id, 'invitations', 'write');
    const now = new Date();
    // Unverified accounts send nothing, custom text included (403); the quota is charged when the batch is recorded.
    const sender = await loadSender(caller.userId, now);
    if (body.invitation_template.kind === 'custom') {
      const unsafe = unsafeTemplateLinks(body.invitation_template);
      if (unsafe.length > 0) throw new UnsafeLinkError(unsafe);
    }
    const sendAt = body.send_date === undefined ? undefined : sendInstant(body.send_date, event.timezone, now);
    if (sendAt && 'problem' in sendAt) throw new ValidationError([sendAt.problem]);
    const guests = await listAllGuests(params.id);
    const { batch, skipped } = await queueInvitations(guests, {
      eventId: params.id, template: body.invitation_template, sendAt: sendAt?.instant, actorId: caller.userId, now, sender,
      guest_ids: body.guest_ids, audience: body.audience, resend: body.resend,
    });
    return accepted(batch
      ? { ...presentBatch(batch), skipped_guests: skipped }
      : { id: null, status: 'sent', queued: 0, send_at: null, skipped_guests: skipped });
  },
});

/**
 * GET: a page of batches with their tallies, newest first; with `batch_id`, a page of that batch's rows
 * with each guest's name, answer and first open. O(page) (issue 15): the access check and the page's
 * Query run side by side (nothing read is answered unless the check passes), then one BatchGetItem of
 * the page's guests, eventually consistent as the guest list's index pages are. Totals across every row
 * are not served: each batch carries its own (queued, sent, failed, skipped).
 */
export const listInvitations = operation({
  params: idParam,
  query: listInvitationsQuery,
  session: 'with-first-read',
  handle: async ({ params, query, caller }) => {
    const page = { limit: query.limit, cursor: query.cursor };
    if (query.batch_id === undefined) {
      const [, batches] = await Promise.all([loadEventAccess(caller, params.id, 'invitations', 'read'), listInvitationBatchPage(params.id, page)]);
      return list(batches.batches.map(presentBatch), { next_cursor: batches.nextCursor });
    }
    const [{ permissions }, batch, rows] = await Promise.all([
      loadEventAccess(caller, params.id, 'invitations', 'read'),
      getInvitationBatch(params.id, query.batch_id),
      listBatchRowPage(params.id, query.batch_id, page),
    ]);
    if (!batch) throw new NotFoundError('invitation batch');
    const guestIds = [...new Set(rows.rows.map((row) => row.guest_id))];
    const guests = (await batchGetAll(guestIds.map((guestId) => childKeys.item('guest', params.id, guestId)), false)).map(guestFromItem);
    const guestsById = new Map(guests.map((guest) => [guest.id, guest]));
    return list(
      rows.rows.map((row) => visibleInvitationRow(presentRow(row, guestsById.get(row.guest_id)), permissions)),
      { next_cursor: rows.nextCursor, batch: presentBatch(batch) },
    );
  },
});
