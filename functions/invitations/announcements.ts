import { loadSender } from '#shared/data/accounts/sending-quota.ts';
import { announcementSendCounts, listAnnouncements, recordAnnouncement } from '#shared/data/announcements.ts';
import { batchGetAll } from '#shared/data/collection.ts';
import { loadEventAccess } from '#shared/data/events/access.ts';
import { listAllGuests } from '#shared/data/guests/reads.ts';
import { childKeys } from '#shared/data/keys.ts';
import { eventSnapshot, type NoticeRecord } from '#shared/data/notices.ts';
import { type AnnouncementAudience, announcementRecipients } from '#shared/domain/announcements/audience.ts';
import { NotFoundError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { accepted, list } from '#shared/http/responses.ts';
import { sendAnnouncementBody } from '#shared/schemas/announcements.ts';
import { idParam } from '#shared/schemas/common.ts';

/**
 * Announcements (docs/announcements.md): a planner's message to a segment of the guest list, sent through
 * the outbox like every notice (exactly once per guest, the sender's daily quota charged when it is
 * recorded), with its history and delivery counts. The organizer and coordinators, who may send invitations.
 */
const present = (notice: NoticeRecord, counts?: Awaited<ReturnType<typeof announcementSendCounts>>) => {
  const details = notice.details ?? {};
  const recipients = notice.recipient_count ?? 0;
  return {
    id: notice.id,
    event_id: notice.event_id,
    subject: String(details.subject ?? ''),
    message: String(details.message ?? ''),
    segment: String(details.segment ?? ''),
    party_id: typeof details.party_id === 'string' ? details.party_id : null,
    status: notice.status,
    recipient_count: recipients,
    skipped_no_email: Number(details.skipped_no_email ?? 0),
    sent_count: counts?.sent ?? 0,
    failed_count: counts?.failed ?? 0,
    skipped_count: counts?.skipped ?? 0,
    pending_count: counts ? Math.max(0, recipients - counts.sent - counts.failed - counts.skipped) : recipients,
    delivered_count: counts?.delivered ?? 0,
    opened_count: counts?.opened ?? 0,
    bounced_count: counts?.bounced ?? 0,
    complained_count: counts?.complained ?? 0,
    created_by: notice.actor_id,
    created_at: notice.created_at,
  };
};

/** POST /api/events/{id}/announcements: 202 with the announcement; the outbox sender emails it within a minute. */
export const sendAnnouncement = operation({
  params: idParam,
  body: sendAnnouncementBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller }) => {
    const { event } = await loadEventAccess(caller, params.id, 'invitations', 'write');
    const now = new Date();
    const audience: AnnouncementAudience = body.segment === 'party' ? { segment: 'party', party_id: body.party_id as string } : { segment: body.segment };
    const [sender, guests, party] = await Promise.all([
      loadSender(caller.userId, now),
      listAllGuests(params.id),
      audience.segment === 'party' ? batchGetAll([childKeys.item('party', params.id, audience.party_id)]) : Promise.resolve(null),
    ]);
    if (party && party.length === 0) throw new NotFoundError('party');
    const { recipients, skipped_no_email } = announcementRecipients(guests, audience);
    const notice = await recordAnnouncement({
      eventId: params.id, event: eventSnapshot(event), actorId: caller.userId, subject: body.subject, message: body.message,
      audience, recipients, skippedNoEmail: skipped_no_email, sender, now,
    });
    return accepted(present(notice));
  },
});

/** GET /api/events/{id}/announcements: every announcement of the event, newest first, with its delivery counts. */
export const listEventAnnouncements = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller }) => {
    const [, announcements] = await Promise.all([loadEventAccess(caller, params.id, 'invitations', 'read'), listAnnouncements(params.id)]);
    const counts = await Promise.all(announcements.map((notice) => announcementSendCounts(notice.id)));
    return list(announcements.map((notice, index) => present(notice, counts[index])), { next_cursor: null });
  },
});
